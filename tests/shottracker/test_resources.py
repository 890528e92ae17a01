"""REST answers become typed resources and feed messages; off-spec shapes are refused."""

from __future__ import annotations

import copy

import pytest

from shottracker import models
from shottracker.errors import MalformedMessage
from shottracker.resources import (
    CatchUp,
    Court,
    LiveInfo,
    LiveSearch,
    LiveShots,
    LiveStats,
    Locations,
    NearestLocations,
    Notifies,
    StatsDetails,
    Subscription,
    TeamEvents,
    TeamPlayerShots,
    TeamPlayerStats,
    Teams,
    UserProfile,
)
from tests.shottracker import bodies


def changed(body: dict, path: tuple, value: object) -> dict:
    """A deep copy of ``body``, the value at ``path`` replaced (removed if ``value`` is ...)."""
    out = copy.deepcopy(body)
    target = out
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


def test_live_info_names_the_session_its_event_and_the_home_team():
    info = LiveInfo.from_json(bodies.LIVE_INFO)

    assert info.home_team.id == 461
    assert info.live.id == "6141681d-df46-11e6-a818-f20e96351dc1"
    assert info.live.type == "SHOOTING" and info.live.is_practice_event
    assert info.live.event.name == "Adhoc Practice"


def test_live_search_lists_each_session_with_its_teams():
    (live,) = LiveSearch.from_json(bodies.LIVE_SEARCH).live

    assert live.type == "GAME_ROUND" and live.name is None
    assert live.event.id == "ev-1"
    assert [team.name for team in live.teams] == ["Home", "Away"]


def test_a_subscription_carries_the_token_rosters_and_links():
    sub = Subscription.from_json(bodies.SUBSCRIPTION)

    assert sub.token == "6141681d-df46-11e6-a818-f20e96351dc1"
    assert sub.token_data_types == ("STATS", "SHOTS", "LOCATIONS")
    assert sub.active_state == "LIVE"
    assert sub.player(123).display_name == "John Doe"
    assert sub.player(123).jersey_number == "1"
    assert sub.player(999) is None
    assert sub.shots_link.endswith("/shots")
    assert sub.event_completed_results[0].type == "GAME_ROUND"
    assert sub.event_completed_results[0].stats_details_link.endswith("/stats/details")


def test_a_jersey_sent_as_text_keeps_its_leading_zero():
    body = changed(bodies.SUBSCRIPTION, ("teams", 0, "players", 0, "jersey_number"), "00")

    assert Subscription.from_json(body).teams[0].players[0].jersey_number == "00"


def test_the_court_gives_its_corners_in_order_and_its_hoops():
    court = Court.from_json(bodies.COURT)

    assert court.corners == ((0, 0), (2, 2), (4, 4), (6, 6))
    assert [hoop.z for hoop in court.hoops] == [13, 23]


def test_live_and_team_stats_read_versions_and_totals_as_floats():
    (team,) = LiveStats.from_json(bodies.LIVE_STATS).teams
    same = TeamPlayerStats.from_json(bodies.TEAM_PLAYER_STATS)

    assert team == same
    (player,) = team.player_stats
    assert player.version == 1
    assert player.stats == {"FG": 1.0, "FGA": 2.0, "PTS": 2.0}
    assert player.player_details.lastname == "Doe"


def test_stats_details_keep_each_change_with_its_time():
    player = StatsDetails.from_json(bodies.STATS_DETAILS).teams[0].player_stats[0]

    assert [point.occurred_at for point in player.stats["FGA"]] == [123456789, 234567890]
    assert player.stats["PTS"][0].value == 2.0


def test_live_shots_become_feed_shots_with_their_team_and_player():
    shots = list(LiveShots.from_json(bodies.LIVE_SHOTS).shots())

    assert shots == [
        models.Shot(123456789, 461, 123, True, True, 1, 12, 3, "RECORDED"),
    ]


def test_a_listed_shot_converts_for_any_team_and_player():
    record = TeamPlayerShots.from_json(bodies.TEAM_PLAYER_SHOTS).player_shots[0].shots[0]

    assert record.as_shot(7, 8) == models.Shot(123456789, 7, 8, True, True, 1, 12, 3, "RECORDED")


def test_notifies_say_whether_end_calls_are_on():
    (notify,) = Notifies.from_json(bodies.NOTIFIES).notifications

    assert (notify.id, notify.action, notify.end_notification) == ("abc-123", "LIVE", False)


def test_locations_and_nearest_locations_read_courts_and_distances():
    (court,) = Locations.from_json(bodies.LOCATIONS).locations
    (near,) = NearestLocations.from_json(bodies.NEAREST_LOCATIONS).locations

    assert court.court_name == "Test Facility Main Court"
    assert (near.facility_name, near.distance.unit, near.distance.value) == (
        "Joes Gym",
        "MILES",
        11.76,
    )


def test_the_user_profile_and_teams_are_read():
    assert UserProfile.from_json(bodies.USER_PROFILE).email == "user@shottracker.com"
    assert Teams.from_json(bodies.TEAMS).teams[0].name == "Test Team"


def test_team_events_list_their_sessions_with_times():
    (event,) = TeamEvents.from_json(bodies.TEAM_EVENTS).events

    assert event.is_game_event and event.ended_at == 1517431732978
    assert [result.started_at for result in event.results] == [1517430299810, 1517431730064]


def test_catch_up_feeds_the_game_model_the_same_messages_as_the_feed():
    catch_up = CatchUp.from_json(bodies.CATCH_UP)

    assert [d.as_stats().version for d in catch_up.details] == [1, 2]
    assert catch_up.details[1].as_stats() == models.Stats(
        1500571319432,
        1,
        123,
        {"FGA": 1.0, "FG": 1.0, "PTS": 3.0, "FGA3": 1.0, "FG3": 1.0},
        "THREE_POINT_MAKE",
        2,
    )
    assert catch_up.shots[0].as_shot() == models.Shot(
        1500571319432, 1, 123, True, True, 12, 150, 7100, "RECORDED"
    )
    assert catch_up.shots[0].period == "H1"
    assert catch_up.stats[0].player_stats[0].version == 2
    assert catch_up.possessions[1].ended_at is None


def test_catch_up_reads_the_game_totals_newest_period_first():
    totals = CatchUp.from_json(bodies.CATCH_UP).game_totals

    assert (totals.home.team_id, totals.home.value, totals.away.value) == ("1", 11, 22)
    assert totals.game_clock_s == 15 * 60
    assert [p.period for p in totals.period_totals] == ["H2", "H1"]
    assert totals.period_totals[1].session_id == "37c2cf99-05fb-11f1-8a55-0211f60c14aa"


def test_a_practice_score_without_a_second_team_has_no_team_id():
    body = changed(bodies.CATCH_UP, ("gameTotals", "awayTeamScore", "teamId"), "")

    away = CatchUp.from_json(body).game_totals.away

    assert (away.team_id, away.value) == (None, 22)


def test_catch_up_resources_not_asked_for_are_empty():
    catch_up = CatchUp.from_json({"gameTotals": bodies.GAME_TOTALS})

    assert catch_up.stats == catch_up.details == catch_up.shots == catch_up.possessions == ()


@pytest.mark.parametrize(
    ("parse", "body", "path", "value", "reason"),
    [
        (LiveInfo, bodies.LIVE_INFO, ("teams",), [], "teams is empty"),
        (LiveInfo, bodies.LIVE_INFO, ("teams", 0, "live", "event"), ..., r"teams\[0\].live.event"),
        (LiveInfo, bodies.LIVE_INFO, ("teams", 0, "live", "started_at"), "soon", "started_at"),
        (LiveSearch, bodies.LIVE_SEARCH, ("live", 0, "is_game_event"), 1, "is_game_event"),
        (Subscription, bodies.SUBSCRIPTION, ("token",), "", "token"),
        (Subscription, bodies.SUBSCRIPTION, ("token_data_types",), ["VIDEO"], "token_data_types"),
        (Subscription, bodies.SUBSCRIPTION, ("teams", 0, "players"), None, "players"),
        (Subscription, bodies.SUBSCRIPTION, ("teams", 0, "players", 0, "jersey_number"), True,
         "jersey_number"),
        (Court, bodies.COURT, ("xne",), float("nan"), "xne"),
        (Court, bodies.COURT, ("hoops", 1, "z"), None, r"hoops\[1\].z"),
        (TeamPlayerStats, bodies.TEAM_PLAYER_STATS, ("player_stats", 0, "stats", "PTS"), -1,
         "negative"),
        (TeamPlayerStats, bodies.TEAM_PLAYER_STATS, ("player_stats", 0, "version"), None,
         "version"),
        (StatsDetails, bodies.STATS_DETAILS,
         ("teams", 0, "player_stats", 0, "stats", "FGA", 0, "value"), True, "value"),
        (StatsDetails, bodies.STATS_DETAILS, ("teams", 0, "player_stats", 0, "stats", "DUNKS"),
         [], "unknown stats"),
        (TeamPlayerShots, bodies.TEAM_PLAYER_SHOTS, ("player_shots", 0, "shots", 0, "zone"), 15,
         "zone"),
        (LiveShots, bodies.LIVE_SHOTS, ("teams", 0, "player_shots", 0, "shots", 0, "is_make"),
         "yes", "is_make"),
        (Notifies, bodies.NOTIFIES, ("notifications", 0, "end_notification"), "false",
         "end_notification"),
        (NearestLocations, bodies.NEAREST_LOCATIONS, ("locations", 0, "distance", "unit"),
         "FURLONGS", "unit"),
        (TeamEvents, bodies.TEAM_EVENTS, ("events", 0, "results"), ..., "results"),
        (CatchUp, bodies.CATCH_UP, ("gameTotals",), ..., "gameTotals"),
        (CatchUp, bodies.CATCH_UP, ("gameTotals", "gameClock"), "15 minutes", "gameClock"),
        (CatchUp, bodies.CATCH_UP, ("details", 1, "classification"), "DUNK", "classification"),
        (CatchUp, bodies.CATCH_UP, ("details", 0, "session_id"), None, "session_id"),
        (CatchUp, bodies.CATCH_UP, ("shots", 0, "zone"), 0, r"shots\[0\]: zone"),
        (CatchUp, bodies.CATCH_UP, ("possessions", 0, "points"), -2, "points"),
        (CatchUp, bodies.CATCH_UP, ("gameTotals", "homeTeamScore", "teamId"), 1, "teamId"),
    ],
)  # fmt: skip
def test_it_refuses_a_body_off_the_spec_and_says_where(parse, body, path, value, reason):
    with pytest.raises(MalformedMessage, match=reason):
        parse.from_json(changed(body, path, value))


@pytest.mark.parametrize("body", [None, [], "teams", 3])
def test_it_refuses_a_body_that_is_not_an_object(body):
    with pytest.raises(MalformedMessage, match="not an object"):
        LiveStats.from_json(body)


def test_resources_are_immutable():
    info = LiveInfo.from_json(bodies.LIVE_INFO)

    with pytest.raises(AttributeError):
        info.teams = ()  # type: ignore[misc]
