"""The snapshot is the whole state as JSON, in the shape views and pages read."""

from __future__ import annotations

import json

from broadcast.game import TeamInfo
from shottracker.models import STAT_KEYS
from tests.broadcast.game.conftest import AWAY, HOME, JANE
from tests.broadcast.game.messages import T0, location, marker, shot, stats

DERIVED = {"DIST_M", "FG_PCT", "FG3_PCT", "FT_PCT"}


def test_the_snapshot_is_json_with_every_documented_field(game):
    game.apply(marker("PLAY_START", T0))
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=2))
    game.apply(location(JANE, T0 + 40))

    state = json.loads(json.dumps(game.snapshot()))

    assert {"game_id", "name", "kind", "status", "period", "drill", "play_state", "clock",
            "home", "away", "teams", "score", "shots", "zones", "plays", "positions",
            "live_ids", "last_version", "version_gaps"} <= set(state)  # fmt: skip
    assert (state["game_id"], state["name"], state["kind"]) == (
        "event-1",
        "Hawks vs Vipers",
        "game",
    )
    assert set(state["clock"]) >= {"period_length_ms", "elapsed_ms", "remaining_ms", "running",
                                   "as_of_ms", "display"}  # fmt: skip
    assert [team["id"] for team in state["teams"]] == [HOME, AWAY]
    assert state["home"] == state["teams"][0]
    assert state["away"]["name"] == "Valley Vipers"


def test_team_and_player_stats_list_every_stat_key_and_the_derived_ones(game):
    game.apply(stats(JANE, 1, "STEAL", team_id=HOME, STL=1))

    home = game.snapshot()["home"]
    assert set(home["totals"]) == set(STAT_KEYS) | DERIVED
    jane = home["players"][0]
    assert set(jane) == {"id", "first_name", "last_name", "display_name", "jersey_number",
                         "position", "on_court", "version", "stats"}  # fmt: skip
    assert set(jane["stats"]) == set(STAT_KEYS) | DERIVED
    assert (jane["display_name"], jane["jersey_number"], jane["version"]) == ("Jane Doe", 1, 1)


def test_players_are_listed_in_roster_order(game, home_team):
    names = [p["display_name"] for p in game.snapshot()["home"]["players"]]

    assert names == [p.display_name for p in home_team.players]


def test_setting_the_same_rosters_again_changes_nothing(game, home_team, away_team):
    assert game.set_teams([home_team, away_team]) == []


def test_a_new_roster_is_announced_and_keeps_the_stats(game, home_team, away_team):
    game.apply(stats(JANE, 1, "STEAL", team_id=HOME, STL=1))

    changes = game.set_teams([TeamInfo(HOME, "Harbor Hawks II", home_team.players)])

    assert [c.kind for c in changes] == ["roster"]
    assert changes[0].data["teams"][0]["name"] == "Harbor Hawks II"
    assert game.snapshot()["home"]["players"][0]["stats"]["STL"] == 1


def test_attaching_a_session_is_announced_once(game):
    changes = game.attach_session("half-2", session_type="GAME_ROUND", period="H2", started_at=T0)

    session = [c.data for c in changes if c.kind == "session"]
    assert session[0]["live_ids"] == ["half-1", "half-2"]
    assert (
        game.attach_session("half-2", session_type="GAME_ROUND", period="H2", started_at=T0) == []
    )
