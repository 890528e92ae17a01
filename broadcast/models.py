"""What the relay keeps: games, their live sessions, and the append-only event log.

The log is the relay's memory: every feed message is stored with the relay's receipt
time (positions in batches), and every message that changed the game carries the
``seq`` it was published under. Replaying a game's rows in ``seq`` order through the
pure game model gives exactly the state the relay published, which is how web
processes render pages and snapshots and how a restarted relay rebuilds itself.
"""

from __future__ import annotations

from django.db import models


class Game(models.Model):
    """One ShotTracker event (a game or a practice); ``event_id`` is ShotTracker's id."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled"
        LIVE = "live"
        HALFTIME = "halftime"
        FINAL = "final"

    event_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=16, default="game")  # game | practice
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    # Rosters as the SDK returned them (home first): the model's set_teams input.
    teams = models.JSONField(default=list)
    # A short summary kept current by the relay, for lists without a replay.
    summary = models.JSONField(default=dict)
    # The relay's per-game health, written about once a second.
    health = models.JSONField(default=dict)
    health_ms = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or self.event_id


class LiveSession(models.Model):
    """One live id of a game: a half, or a practice drill."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="sessions")
    live_id = models.CharField(max_length=64, unique=True)
    session_type = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=32, blank=True)
    started_at_ms = models.BigIntegerField(null=True)
    ended = models.BooleanField(default=False)
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attached_at", "id"]

    def __str__(self) -> str:
        return self.live_id


class FeedEvent(models.Model):
    """One row of the append-only log."""

    class Kind(models.TextChoices):
        STATS = "stats"
        SHOT = "shot"
        MARKER = "marker"
        # Payloads: stats/shot/marker hold the wire message; the others hold
        # locations: {"messages": [wire location data, …]} (a one-second batch);
        # totals: {"team_id", "player_id", "stats", "version"} (REST, no play entry);
        # game_totals: the catch-up's gameTotals;
        # session: {"live_id", "session_type", "period", "started_at"};
        # roster: {"teams": [{"id", "name", "players": […]}, …]}.
        LOCATIONS = "locations"
        TOTALS = "totals"
        GAME_TOTALS = "game_totals"
        SESSION = "session"
        ROSTER = "roster"

    class Source(models.TextChoices):
        FEED = "feed"
        CATCHUP = "catchup"

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="events")
    live_id = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.FEED)
    received_ms = models.BigIntegerField()
    # The wire message (``{"type": …, "data": …}``) or the payload named by ``kind``.
    payload = models.JSONField()
    # Set when applying the row changed the game: the number its delta was published under.
    seq = models.BigIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["game", "seq"]),
            models.Index(fields=["game", "kind", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.game_id}:{self.kind}:{self.seq}"


class NotifyRegistration(models.Model):
    """The notify id ShotTracker gave us; only callbacks carrying it are accepted."""

    notify_id = models.CharField(max_length=128, unique=True)
    url = models.URLField(max_length=500)
    api_url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.notify_id


class RelayHeartbeat(models.Model):
    """A running relay's sign of life, written every few seconds (``/healthz`` reads its age).

    Written whether or not a game is live, so a quiet evening does not look like a dead
    relay; a relay that stopped leaves its last beat behind, and its age grows.
    """

    relay = models.CharField(max_length=200, unique=True)  # host:pid of the relay process
    beat_ms = models.BigIntegerField()
    games = models.PositiveIntegerField(default=0)  # games it was following at that beat

    def __str__(self) -> str:
        return self.relay
