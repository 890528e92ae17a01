"""What each on-air graphic shows, computed from a game snapshot; and the flat data source.

Pure: a snapshot (``broadcast.state.game_state``'s, the shape of ``Game.snapshot``) and a
graphic's options in, JSON-able data out; no Django, no I/O, no clock. Every number is
formatted here, once, as the text that airs ("7-12", "45.5"), so the overlay only places
text, and ``what_changed`` compares exactly what a viewer would see.

Graphics and their options:
- ``scorebug``: teams, score, period, play state, clock (the overlay ticks it locally);
- ``lower_third``: one player (``player``): PTS, REB, AST, FG;
- ``team_comparison``: shooting, rebounds, assists, steals, turnovers side by side;
- ``shot_chart``: a team's (``team``) or a player's (``player``) shots and zones;
- ``mini_court``: the players on the court, moved by position frames;
- ``box_score``: one team (``team``) or both, titled halftime or final when it is;
- ``leaders``: each team's leader in points, rebounds, assists and steals;
- ``replay``: a movement replay on the mini court: the last shot (``of="shot"``) or the
  last seconds (``"now"``), ``seconds`` 3-30, at ``speed`` 1, 0.5 or 0.25. Its frames are
  not computed here: Take freezes them from the event log (``dashboard.overlay.replays``)
  into the program entry (``clip``), and what airs is that clip, never recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dashboard import vocabulary
from dashboard.views.shotchart import shot_chart, volume

GRAPHICS: dict[str, str] = {
    "scorebug": "Scorebug",
    "lower_third": "Lower third",
    "team_comparison": "Team comparison",
    "shot_chart": "Shot chart",
    "mini_court": "Mini court",
    "box_score": "Box score",
    "leaders": "Game leaders",
    "replay": "Movement replay",
}
# The options each graphic takes, and the one it cannot do without.
OPTIONS: dict[str, tuple[str, ...]] = {
    "scorebug": (),
    "lower_third": ("player",),
    "team_comparison": (),
    "shot_chart": ("team", "player"),
    "mini_court": (),
    "box_score": ("team",),
    "leaders": (),
    "replay": ("of", "seconds", "speed"),
}
_REQUIRED = {"lower_third": "player"}
# An output's layers, bottom to top: each has its own cue and its own program, so a
# scorebug stays on air while lower thirds and full-screen graphics come and go.
LAYERS: dict[str, str] = {"bug": "Bug", "lower": "Lower", "full": "Full screen"}
LAYER_GRAPHICS: dict[str, tuple[str, ...]] = {
    "bug": ("scorebug",),
    "lower": ("lower_third", "team_comparison"),  # the comparison as a strip
    "full": ("team_comparison", "shot_chart", "mini_court", "box_score", "leaders", "replay"),
}
# The layer a graphic goes on when none is named.
HOME_LAYER: dict[str, str] = {
    "scorebug": "bug",
    "lower_third": "lower",
    "team_comparison": "full",
    "shot_chart": "full",
    "mini_court": "full",
    "box_score": "full",
    "leaders": "full",
    "replay": "full",
}
# The change kinds (broadcast.game.changes) that can move a graphic's numbers.
DEPENDS: dict[str, frozenset[str]] = {
    "scorebug": frozenset({"score", "stats", "period", "play_state", "clock", "roster"}),
    "lower_third": frozenset({"stats", "roster", "period"}),
    "team_comparison": frozenset({"stats", "roster"}),
    "shot_chart": frozenset({"shot", "roster"}),
    "mini_court": frozenset({"roster"}),
    "box_score": frozenset({"stats", "roster", "period"}),
    "leaders": frozenset({"stats", "roster"}),
    "replay": frozenset(),  # frozen at Take: nothing the game does later changes it
}
FRAMED = frozenset({"mini_court"})  # graphics that take position frames
# Graphics whose data is frozen at Take (a ``clip`` in the program entry): never recomputed.
FROZEN = frozenset({"replay"})
# A replay's options: what it replays, how long (seconds, as the console's replay), how fast.
REPLAY_SECONDS = (3, 30)
REPLAY_DEFAULTS = {"of": "shot", "seconds": 8, "speed": "1"}

DASH = vocabulary.DASH
BOX_COLUMNS = ("PTS", "REB", "AST", "STL", "TO", "FG", "3PT", "FT")
LEADER_STATS = (("PTS", "Points"), ("REB", "Rebounds"), ("AST", "Assists"), ("STL", "Steals"))
BOTH_TEAMS_ROWS = 8  # players per team when a box score shows both
# The shot chart's areas, by zone (shottracker.court): the paint, the other twos, the threes.
AREAS = (("In the paint", range(1, 5)), ("Mid-range", range(5, 10)), ("3-pointers", range(10, 15)))


class GraphicError(ValueError):
    """A graphic or its options that this game cannot show (the message says why)."""


def layer_for(graphic: str, layer: str | None) -> str:
    """The layer ``graphic`` airs on (``layer``, or its home layer); GraphicError if it can't."""
    if graphic not in GRAPHICS:
        raise GraphicError(f"there is no graphic called {graphic!r}")
    if layer in (None, ""):
        return HOME_LAYER[graphic]
    if layer not in LAYERS:
        raise GraphicError(f"there is no layer called {layer!r} (bug, lower or full)")
    if graphic not in LAYER_GRAPHICS[layer]:
        raise GraphicError(f"{GRAPHICS[graphic]} does not go on the {layer} layer")
    return layer


# -- formatting: the vocabulary's (dashboard/vocabulary.py), the one place a number becomes text
stat = vocabulary.stat
made_of = vocabulary.made_of
pct_text = vocabulary.pct


# -- reading a snapshot ------------------------------------------------------------------------


def _sides(snapshot: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    teams = snapshot.get("teams") or []
    return [(("home", "away")[i], team) for i, team in enumerate(teams[:2])]


def _cards(snapshot: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each side's team as every graphic shows it: name, code, colour, score."""
    sides = _sides(snapshot)
    identities = vocabulary.team_identities(team for _, team in sides)
    return {
        side: {
            "id": team["id"],
            "name": identity["name"],
            "abbr": identity["abbr"],
            "side": side,
            "colour": identity["colour"],
            "secondary": identity.get("secondary") or "",
            "logo": identity.get("logo") or "",
            "score": stat(team.get("score", 0)),
        }
        for (side, team), identity in zip(sides, identities, strict=True)
    }


def _team(snapshot: Mapping[str, Any], team_id: int) -> tuple[str, dict[str, Any]] | None:
    for side, team in _sides(snapshot):
        if team["id"] == team_id:
            return side, team
    return None


def _player(snapshot: Mapping[str, Any], player_id: int) -> tuple[str, dict[str, Any]] | None:
    for side, team in _sides(snapshot):
        for player in team["players"]:
            if player["id"] == player_id:
                return side, player
    return None


def _person(player: Mapping[str, Any]) -> dict[str, Any]:
    jersey = player.get("jersey_number")
    first, last = player.get("first_name") or "", player.get("last_name") or ""
    return {
        "id": player["id"],
        "name": player.get("display_name") or f"{first} {last}".strip(),
        "first_name": first,
        "last_name": last or player.get("display_name") or f"Player {player['id']}",
        "short": f"{first[0]}. {last}" if first and last else player.get("display_name", ""),
        "jersey": "" if jersey is None else str(jersey),
        "position": (player.get("position") or "").upper(),
    }


def _phase(snapshot: Mapping[str, Any]) -> str:
    """'Halftime', 'Final', '2nd half' or 'Pre-game': where the game stands, for titles."""
    return vocabulary.phase_label(snapshot.get("status"), snapshot.get("period"))


def _has_stats(player: Mapping[str, Any]) -> bool:
    stats = player["stats"]
    return any(stats.get(k) for k in ("PTS", "REB", "AST", "STL", "TO", "FGA", "FTA"))


# -- options -----------------------------------------------------------------------------------


def check(graphic: str, options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    """The graphic's options, checked against the game; raises GraphicError when it can't air.

    Ids must be this game's teams and players; a shot chart of a player is the player's
    team's chart. Unknown option names are refused (a typo must not air a default).
    """
    if graphic not in GRAPHICS:
        raise GraphicError(f"there is no graphic called {graphic!r}")
    if snapshot.get("kind") != "game" or len(snapshot.get("teams") or []) < 2:
        raise GraphicError("graphics need a game with two teams")
    allowed = OPTIONS[graphic]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise GraphicError(f"{GRAPHICS[graphic]} takes no option {', '.join(unknown)}")
    if graphic == "replay":
        return _replay_options(options)
    out: dict[str, int] = {}
    for name in allowed:
        raw = options.get(name)
        if raw in (None, ""):
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise GraphicError(f"{name} must be an id, not {raw!r}") from None
        found = _team(snapshot, value) if name == "team" else _player(snapshot, value)
        if found is None:
            raise GraphicError(f"{name} {value} is not in this game")
        out[name] = value
    required = _REQUIRED.get(graphic)
    if required and required not in out:
        raise GraphicError(f"{GRAPHICS[graphic]} needs a {required}")
    if graphic == "shot_chart" and not out:
        raise GraphicError("Shot chart needs a team or a player")
    if graphic == "shot_chart" and "player" in out:
        side, _ = _player(snapshot, out["player"])
        out["team"] = dict(_sides(snapshot))[side]["id"]
    return out


def _replay_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """A replay's options, each checked, the missing ones at their defaults."""
    given = {k: v for k, v in options.items() if v not in (None, "")}
    out = {**REPLAY_DEFAULTS, **given}
    if out["of"] not in vocabulary.REPLAY_OF:
        raise GraphicError("a replay is of the last shot (of: shot) or the last seconds (of: now)")
    low, high = REPLAY_SECONDS
    try:
        seconds = int(out["seconds"])
    except (TypeError, ValueError):
        raise GraphicError(f"seconds is a whole number, {low} to {high}") from None
    if not low <= seconds <= high or str(seconds) != str(out["seconds"]).strip():
        raise GraphicError(f"a replay lasts {low} to {high} seconds, not {out['seconds']!r}")
    speed = str(out["speed"]).strip()
    speed = {"1.0": "1", "0.50": "0.5", ".5": "0.5", ".25": "0.25"}.get(speed, speed)
    if speed not in vocabulary.REPLAY_SPEEDS:
        raise GraphicError(f"speed is {', '.join(vocabulary.REPLAY_SPEEDS)}, not {out['speed']!r}")
    return {"of": out["of"], "seconds": seconds, "speed": speed}


def replay_caption(options: Mapping[str, Any]) -> str:
    """What a replay shows, in words: 'Last shot · 8 s · ½ speed' (options as checked)."""
    return " \u00b7 ".join((
        vocabulary.REPLAY_OF[options["of"]],
        f"{options['seconds']} s",
        vocabulary.REPLAY_SPEEDS[options["speed"]],
    ))  # fmt: skip


def replay_problem(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> str | None:
    """Why a replay with these (checked) options cannot be taken from this game now, or None."""
    if options["of"] == "shot" and not any(
        s.get("status") != "DELETED" for s in snapshot.get("shots") or []
    ):
        return "There is no shot to replay yet: replay the last seconds instead."
    return None


def describe(entry: Mapping[str, Any] | None) -> str | None:
    """A cued or aired graphic in words, as the panel shows it ('Movement replay · Last shot
    · 8 s · ½ speed'); None for an empty layer. Ids are named by the panel itself."""
    if not entry or not entry.get("graphic"):
        return None
    label = GRAPHICS.get(entry["graphic"], entry["graphic"])
    if entry["graphic"] == "replay":
        try:
            return f"{label} \u00b7 {replay_caption(_replay_options(entry.get('options') or {}))}"
        except GraphicError:
            return label
    return label


# -- the graphics ------------------------------------------------------------------------------


def graphic_data(graphic: str, options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    """What ``graphic`` shows now; ``options`` as ``check`` returned them."""
    options = check(graphic, options, snapshot)
    return _BUILDERS[graphic](options, snapshot)


def _scorebug(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    cards = _cards(snapshot)
    status = snapshot.get("status")
    clock = snapshot.get("clock") or {}
    period = vocabulary.phase_label(status, snapshot.get("period"), short=True)
    return {
        "home": cards["home"],
        "away": cards["away"],
        "status": status,
        "period": period,
        "state": (
            vocabulary.play_state_label(snapshot.get("play_state")) if status == "live" else ""
        ),
        "clock": {
            "remaining_ms": int(clock.get("remaining_ms", 0)),
            "running": bool(clock.get("running")) and status == "live",
            "shown": status == "live",
        },
    }


def _lower_third(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    side, player = _player(snapshot, options["player"])
    s = player["stats"]
    return {
        "player": _person(player),
        "team": _cards(snapshot)[side],
        "caption": "Tonight" if snapshot.get("status") != "final" else "Final",
        "line": [
            {"label": "PTS", "value": stat(s["PTS"])},
            {"label": "REB", "value": stat(s["REB"])},
            {"label": "AST", "value": stat(s["AST"])},
            {"label": "FG", "value": made_of(s["FG"], s["FGA"])},
        ],
    }


def _share(home: float, away: float) -> float:
    total = home + away
    return round(home / total, 3) if total > 0 else 0.5


def _team_comparison(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    cards = _cards(snapshot)
    totals = {side: team["totals"] for side, team in _sides(snapshot)}
    h, a = totals["home"], totals["away"]
    rows = []
    for label, pct_key, made, attempted in (
        ("Field goals", "FG_PCT", "FG", "FGA"),
        ("3-pointers", "FG3_PCT", "FG3", "FGA3"),
        ("Free throws", "FT_PCT", "FT", "FTA"),
    ):
        rows.append({
            "label": label,
            "home": pct_text(h[pct_key]) + ("%" if h[pct_key] is not None else ""),
            "away": pct_text(a[pct_key]) + ("%" if a[pct_key] is not None else ""),
            "home_detail": made_of(h[made], h[attempted]),
            "away_detail": made_of(a[made], a[attempted]),
            "share": _share(h[pct_key] or 0, a[pct_key] or 0),
        })  # fmt: skip
    for label, key in (("Rebounds", "REB"), ("Assists", "AST"), ("Steals", "STL"),
                       ("Turnovers", "TO")):  # fmt: skip
        rows.append({
            "label": label, "home": stat(h[key]), "away": stat(a[key]),
            "home_detail": "", "away_detail": "", "share": _share(h[key], a[key]),
        })  # fmt: skip
    return {"home": cards["home"], "away": cards["away"], "title": _phase(snapshot), "rows": rows}


def _shot_chart(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    team_id, player_id = options["team"], options.get("player")
    side, _ = _team(snapshot, team_id)
    chart = shot_chart(dict(snapshot), team_id=team_id, player_id=player_id)
    shots = chart["shots"]
    threes = [s for s in shots if s["is_3point"]]
    player = _person(_player(snapshot, player_id)[1]) if player_id is not None else None
    zones = {z["number"]: z for z in chart["zones"]}
    return {
        "team": _cards(snapshot)[side],
        "player": player,
        "title": _phase(snapshot),
        "shots": [
            {"x": s["x"], "y": s["y"], "make": s["is_make"], "three": s["is_3point"]} for s in shots
        ],
        "zones": {
            str(number): {
                "fg": z["fg"],
                "fga": z["fga"],
                "heat": z["heat"],
                "volume": volume(z["fga"]),
            }
            for number, z in zones.items()
        },
        "fg": made_of(chart["made"], chart["attempts"]),
        "fg_pct": pct_text(chart["pct"]),
        "three": made_of(sum(1 for s in threes if s["is_make"]), len(threes)),
        "areas": [
            {
                "label": label,
                "value": made_of(
                    sum(zones[n]["fg"] for n in numbers), sum(zones[n]["fga"] for n in numbers)
                ),
            }
            for label, numbers in AREAS
        ],
    }


def _mini_court(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    cards = _cards(snapshot)
    players: dict[str, dict[str, str]] = {}
    on_court = set()
    for side, team in _sides(snapshot):
        for player in team["players"]:
            jersey = player.get("jersey_number")
            players[str(player["id"])] = {
                "side": side,
                "jersey": "" if jersey is None else str(jersey),
            }
            if player.get("on_court"):
                on_court.add(str(player["id"]))
    positions = snapshot.get("positions") or {}
    ball = positions.get("ball")
    return {
        "home": cards["home"],
        "away": cards["away"],
        "players": players,
        "positions": {
            "players": {
                pid: pos[:3] for pid, pos in (positions.get("players") or {}).items()
                if pid in on_court
            },
            "ball": ball[:3] if ball else None,
        },
    }  # fmt: skip


def _replay(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    """The replay's frame around its frozen clip: teams, jerseys, its words and its speed."""
    court = _mini_court(options, snapshot)
    return {
        "home": court["home"],
        "away": court["away"],
        "players": court["players"],
        "title": "Replay",
        "caption": replay_caption(options),
        "speed": float(options["speed"]),
        "speed_label": vocabulary.REPLAY_SPEEDS[options["speed"]],
        "clip": None,  # the frozen frames: control attaches the program entry's clip
        "pending": "Frames freeze at Take",  # what a cue in preview says instead
    }


def _box_row(player: Mapping[str, Any]) -> list[str]:
    s = player["stats"]
    return [stat(s["PTS"]), stat(s["REB"]), stat(s["AST"]), stat(s["STL"]), stat(s["TO"]),
            made_of(s["FG"], s["FGA"]), made_of(s["FG3"], s["FGA3"]),
            made_of(s["FT"], s["FTA"])]  # fmt: skip


def _box_team(side: str, team: Mapping[str, Any], card: dict, limit: int | None) -> dict:
    players = [p for p in team["players"] if _has_stats(p) or p.get("on_court")]
    players.sort(key=lambda p: (-p["stats"]["PTS"], -p["stats"]["REB"], -p["stats"]["AST"]))
    rows = [{**_person(p), "cells": _box_row(p)} for p in players[:limit]]
    return {"team": card, "rows": rows, "totals": _box_row({"stats": team["totals"]})}


def _box_score(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    cards = _cards(snapshot)
    sides = _sides(snapshot)
    if options.get("team") is not None:
        sides = [(side, team) for side, team in sides if team["id"] == options["team"]]
        limit = None
    else:
        limit = BOTH_TEAMS_ROWS
    return {
        "title": _phase(snapshot),
        "columns": list(BOX_COLUMNS),
        "score": {"home": cards["home"], "away": cards["away"]},
        "teams": [_box_team(side, team, cards[side], limit) for side, team in sides],
    }


def _leader(team: Mapping[str, Any], key: str) -> dict | None:
    best = max(team["players"], key=lambda p: p["stats"][key], default=None)
    if best is None or not best["stats"][key]:
        return None
    return {**_person(best), "value": stat(best["stats"][key])}


def _leaders(options: Mapping[str, Any], snapshot: Mapping[str, Any]) -> dict:
    cards = _cards(snapshot)
    teams = dict(_sides(snapshot))
    return {
        "home": cards["home"],
        "away": cards["away"],
        "title": _phase(snapshot),
        "rows": [
            {"label": label, "key": key,
             "home": _leader(teams["home"], key), "away": _leader(teams["away"], key)}
            for key, label in LEADER_STATS
        ],
    }  # fmt: skip


_BUILDERS = {
    "scorebug": _scorebug,
    "lower_third": _lower_third,
    "team_comparison": _team_comparison,
    "shot_chart": _shot_chart,
    "mini_court": _mini_court,
    "box_score": _box_score,
    "leaders": _leaders,
    "replay": _replay,
}


# -- what changed --------------------------------------------------------------------------


def affects(graphic: str | None, kinds: Iterable[str]) -> bool:
    """Whether changes of these kinds can change what ``graphic`` shows."""
    return bool(graphic) and not DEPENDS[graphic].isdisjoint(kinds)


def has_correction(changes: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a delta's changes include a correction (a corrected play or shot)."""
    for change in changes:
        data = change.get("data") or {}
        if change.get("kind") == "play" and data.get("is_correction"):
            return True
        if change.get("kind") == "shot" and (data.get("shot") or {}).get("status") in (
            "UPDATED",
            "DELETED",
        ):
            return True
    return False


def numbers(graphic: str, data: Mapping[str, Any]) -> dict[str, str]:
    """Every number a graphic shows, by a label an operator reads ('A. Lee PTS': '4')."""
    out: dict[str, str] = {}
    if graphic == "scorebug":
        for side in ("home", "away"):
            out[data[side]["abbr"]] = data[side]["score"]
    elif graphic == "lower_third":
        out.update((cell["label"], cell["value"]) for cell in data["line"])
    elif graphic == "team_comparison":
        for row in data["rows"]:
            for side in ("home", "away"):
                abbr = data[side]["abbr"]
                out[f"{abbr} {row['label']}"] = row[side]
                if row[f"{side}_detail"]:
                    out[f"{abbr} {row['label']} made"] = row[f"{side}_detail"]
    elif graphic == "shot_chart":
        out["FG"] = data["fg"]
        out.update((area["label"], area["value"]) for area in data["areas"])
    elif graphic == "box_score":
        for block in data["teams"]:
            for row in block["rows"]:
                out.update(
                    (f"{row['short'] or row['name']} {col}", cell)
                    for col, cell in zip(data["columns"], row["cells"], strict=True)
                )
            out.update(
                (f"{block['team']['abbr']} {col}", cell)
                for col, cell in zip(data["columns"], block["totals"], strict=True)
            )
    elif graphic == "leaders":
        for row in data["rows"]:
            for side in ("home", "away"):
                leader = row[side]
                text = f"{leader['short'] or leader['name']} {leader['value']}" if leader else DASH
                out[f"{row['key']} {data[side]['abbr']}"] = text
    return out


def what_changed(graphic: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The numbers that differ between two versions of a graphic: ['PTS 17 -> 15', …]."""
    old, new = numbers(graphic, before), numbers(graphic, after)
    return [
        f"{label} {old.get(label, DASH)} -> {new.get(label, DASH)}"
        for label in list(old) + [k for k in new if k not in old]
        if old.get(label) != new.get(label)
    ]


# -- the flat data source ----------------------------------------------------------------------


def datasource(snapshot: Mapping[str, Any]) -> dict[str, str]:
    """Flat key/value text for vMix and CasparCG title templates (every value a string)."""
    clock = snapshot.get("clock") or {}
    out: dict[str, str] = {
        "game_id": str(snapshot.get("game_id") or ""),
        "game_name": str(snapshot.get("name") or ""),
        "status": str(snapshot.get("status") or ""),
        "period": str(snapshot.get("period") or ""),
        "period_label": vocabulary.period_label(snapshot.get("period"), short=True),
        "phase": _phase(snapshot),
        "play_state": vocabulary.PLAY_STATES.get(snapshot.get("play_state") or "", ""),
        "clock": vocabulary.clock_label(clock, snapshot.get("kind") or "game"),
        "clock_running": "1" if clock.get("running") else "0",
    }
    cards = _cards(snapshot)
    for side, team in _sides(snapshot):
        t, card = team["totals"], cards[side]
        out.update({
            f"{side}_name": card["name"], f"{side}_abbr": card["abbr"],
            f"{side}_colour": card["colour"], f"{side}_score": card["score"],
            f"{side}_fg": made_of(t["FG"], t["FGA"]), f"{side}_fg_pct": pct_text(t["FG_PCT"]),
            f"{side}_3pt": made_of(t["FG3"], t["FGA3"]),
            f"{side}_3pt_pct": pct_text(t["FG3_PCT"]),
            f"{side}_ft": made_of(t["FT"], t["FTA"]), f"{side}_ft_pct": pct_text(t["FT_PCT"]),
            f"{side}_reb": stat(t["REB"]), f"{side}_ast": stat(t["AST"]),
            f"{side}_stl": stat(t["STL"]), f"{side}_to": stat(t["TO"]),
        })  # fmt: skip
        for key, _ in LEADER_STATS:
            leader = _leader(team, key)
            prefix = f"{side}_leader_{key.lower()}"
            out[f"{prefix}_name"] = leader["name"] if leader else ""
            out[f"{prefix}_jersey"] = leader["jersey"] if leader else ""
            out[f"{prefix}_value"] = leader["value"] if leader else ""
    return out


# -- vMix data sources: arrays of flat rows, every value a string -------------------------------

PLAYER_COLUMNS = ("PTS", "REB", "AST", "STL", "TO")


def vmix_game(snapshot: Mapping[str, Any], seq: int) -> list[dict[str, str]]:
    """vMix's game.json: one row (score, clock, period, teams, their identity and stats)."""
    row = {**datasource(snapshot), "seq": str(seq)}
    cards = _cards(snapshot)
    for side, card in cards.items():
        row[f"{side}_secondary"] = card["secondary"]
        row[f"{side}_logo"] = card["logo"]
    return [row]


def vmix_players(snapshot: Mapping[str, Any]) -> list[dict[str, str]]:
    """vMix's players.json: a row per player (home team first, roster order)."""
    cards = _cards(snapshot)
    rows = []
    for side, team in _sides(snapshot):
        card = cards[side]
        for player in team["players"]:
            person, s = _person(player), player["stats"]
            rows.append({
                "team": card["name"], "team_abbr": card["abbr"], "side": side,
                "team_colour": card["colour"], "team_logo": card["logo"],
                "id": str(player["id"]), "jersey": person["jersey"], "name": person["name"],
                "first_name": person["first_name"], "last_name": person["last_name"],
                "position": person["position"],
                **{key: stat(s[key]) for key in PLAYER_COLUMNS},
                "FG": made_of(s["FG"], s["FGA"]), "3P": made_of(s["FG3"], s["FGA3"]),
                "FT": made_of(s["FT"], s["FTA"]),
                # ShotTracker's roster carries no photo: the column is there, empty.
                "headshot": str(player.get("headshot_url") or ""),
            })  # fmt: skip
    return rows
