"""What ``static/court.js`` draws the live court from, handed over with ``json_script``."""

from __future__ import annotations

from typing import Any

from broadcast.models import Game
from shottracker.court import NCAA, ZONES, CourtSpec, court_lines, court_points, zone_outline


def _points_of_spec(spec: CourtSpec) -> dict[str, Any]:
    points = court_points(spec)
    return {
        "corners": [
            [points["xne"], points["yne"]],
            [points["xse"], points["yse"]],
            [points["xsw"], points["ysw"]],
            [points["xnw"], points["ynw"]],
        ],
        "hoops": [[h["x"], h["y"], h["z"]] for h in points["hoops"]],
    }


def court_data(game: Game, spec: CourtSpec = NCAA) -> dict[str, Any]:
    """The court of a game: its corners and hoops (court frame, mm), lines and zones.

    The corners and hoops are the live ``court`` endpoint's, which the relay keeps on the
    game's summary; before it has them, those of ``shottracker.court``. Lines are the
    ruleset's (``shottracker.court.court_lines``: its numbers and one half's paths in the
    hoop frame); zones are hoop-frame outlines. The script turns both toward each hoop.
    """
    stored = (game.summary or {}).get("court") or {}
    points = _points_of_spec(spec)
    if len(stored.get("corners") or []) == 4:
        points["corners"] = [[float(x), float(y)] for x, y in stored["corners"]]
    if len(stored.get("hoops") or []) == 2:
        points["hoops"] = [[float(x), float(y), float(z)] for x, y, z in stored["hoops"]]
    return {
        **points,
        "lines": court_lines(spec),
        "zones": {str(n): [list(p) for p in zone_outline(n, spec)] for n in ZONES},
    }
