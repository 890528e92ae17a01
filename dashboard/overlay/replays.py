"""A movement replay's clip, frozen at Take: the frames that air, read once from the log.

``graphics`` knows a replay's options and words but not the database; this module reads
the stored positions through ``broadcast.replay.movement`` (the console's replay, the same
frames the live court drew) when an operator takes a replay, and shapes them into a clip
that is stored in the output's program entry. Every overlay of the output, a reloaded one
too, plays that clip: what airs is exactly what was taken, never a recomputation (a
replay of "the last 8 s" recomputed a minute later would be another 8 s).

The clip is made small for the air: players at [x, y] (mm, the court frame), the ball at
[x, y, z]; the shot, when the replay has one, is placed on the court at the hoop its
shooter was nearer to (``shottracker.court.from_hoop_frame``) and its result put in words.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

from broadcast import replay
from broadcast.models import Game
from dashboard import vocabulary
from dashboard.overlay.graphics import GraphicError, replay_problem
from dashboard.views.courtdata import court_data
from shottracker.court import Hoop, from_hoop_frame


def _hoops(court: Mapping[str, Any]) -> list[Hoop]:
    xs = [corner[0] for corner in court["corners"]]
    centre = (min(xs) + max(xs)) / 2
    return [
        Hoop("east" if x >= centre else "west", 1 if x >= centre else -1, x, y, z)
        for x, y, z in court["hoops"]
    ]


def _shooter_at(frames: list[dict[str, Any]], player_id: int, t: int) -> list[int] | None:
    """Where the shooter stood in the frame nearest the shot's moment."""
    best = None
    for frame in frames:
        position = frame["players"].get(str(player_id))
        if position is not None and (best is None or abs(frame["t"] - t) < abs(best[0] - t)):
            best = (frame["t"], position)
    return best[1] if best else None


def _people(snapshot: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    people = {}
    for side, team in zip(("home", "away"), (snapshot.get("teams") or [])[:2], strict=False):
        for player in team["players"]:
            first, last = player.get("first_name") or "", player.get("last_name") or ""
            name = f"{first[0]}. {last}" if first and last else player.get("display_name") or ""
            jersey = player.get("jersey_number")
            people[player["id"]] = {
                "side": side,
                "name": name,
                "jersey": "" if jersey is None else str(jersey),
            }
    return people


def shape(
    movement: Mapping[str, Any], snapshot: Mapping[str, Any], court: Mapping[str, Any]
) -> dict[str, Any]:
    """A clip from ``broadcast.replay.movement``'s answer (pure: no database, no clock)."""
    frames = [
        {
            "t": frame["t"],
            "players": {pid: list(pos[:2]) for pid, pos in frame["players"].items()},
            "ball": list(frame["ball"][:3]) if frame.get("ball") else None,
        }
        for frame in movement["frames"]
    ]
    shot = movement.get("shot")
    placed = None
    if shot is not None:
        hoops = _hoops(court)
        spots = [from_hoop_frame(shot["x"], shot["y"], hoop) for hoop in hoops]
        stood = _shooter_at(frames, shot["player_id"], shot["occurred_at"])
        spot = (
            min(spots, key=lambda p: (p[0] - stood[0]) ** 2 + (p[1] - stood[1]) ** 2)
            if stood is not None
            else spots[0]
        )
        who = _people(snapshot).get(shot["player_id"]) or {"side": "", "name": "", "jersey": ""}
        placed = {
            "t": shot["occurred_at"],
            "x": round(spot[0]),
            "y": round(spot[1]),
            "make": bool(shot["is_make"]),
            "result": vocabulary.SHOT_RESULTS[bool(shot["is_make"])],
            "points": vocabulary.SHOT_KINDS[bool(shot.get("is_3point"))],
            "player_id": shot["player_id"],
            **who,
        }
    span = {"from_t": movement["from_t"], "to_t": movement["to_t"]}
    return {"frames": frames, "shot": placed, **span}


def freeze(game: Game, options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The clip a replay with these (checked) options airs, read from the log now.

    GraphicError, in words an operator acts on, when there is nothing to replay.
    """
    problem = replay_problem(options, snapshot)
    if problem:
        raise GraphicError(problem)
    try:
        movement = replay.movement(
            game, list(snapshot.get("shots") or []), seconds=options["seconds"], of=options["of"]
        )
    except ValueError as exc:
        raise GraphicError(str(exc)) from None
    if not movement["frames"]:
        if movement["to_t"] is None:
            raise GraphicError("No positions are stored for this game yet: nothing to replay.")
        raise GraphicError(
            "No positions were stored in those seconds (the feed sent none): nothing to replay."
        )
    clip = shape(movement, snapshot, court_data(game))
    # Two takes of the same cue are two clips: an overlay restarts only for a new one.
    clip["id"] = f"{int(time.time() * 1000)}-{secrets.token_hex(3)}"
    return clip


def clip_summary(clip: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A clip as the panel and the control API show it: which, how many frames, which span."""
    if not clip:
        return None
    return {
        "id": clip["id"],
        "frames": len(clip["frames"]),
        "from_t": clip["from_t"],
        "to_t": clip["to_t"],
        "shot": bool(clip.get("shot")),
    }
