"""What belongs to the caller: registered live notifies and the signed-in user's profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shottracker.resources import _fields as f


@dataclass(frozen=True, slots=True)
class Notify:
    """A registered notify URL; ``end_notification`` says whether END calls are made too."""

    id: str
    action: str
    url: str
    end_notification: bool

    @classmethod
    def from_json(cls, obj: Any, where: str = "notification") -> Notify:
        data = f.obj(obj, where)
        return cls(
            id=f.text(data, "id", where),
            action=f.text(data, "action", where),
            url=f.text(data, "url", where),
            end_notification=f.boolean(data, "end_notification", where),
        )


@dataclass(frozen=True, slots=True)
class Notifies:
    """``GET /v1/data/live/notify``."""

    notifications: tuple[Notify, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "notify") -> Notifies:
        data = f.obj(obj, where)
        return cls(notifications=f.items(data, "notifications", where, Notify.from_json))


@dataclass(frozen=True, slots=True)
class UserProfile:
    """``GET /v1/data/user/profile`` for the holder of a user access token."""

    id: int
    first_name: str | None
    last_name: str | None
    email: str | None

    @classmethod
    def from_json(cls, obj: Any, where: str = "profile") -> UserProfile:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            first_name=f.optional_text(data, "first_name", where),
            last_name=f.optional_text(data, "last_name", where),
            email=f.optional_text(data, "email", where),
        )
