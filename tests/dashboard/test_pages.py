"""The console's pages show the right numbers for a known game (see conftest's KNOWN_ROWS)."""

from __future__ import annotations

import pytest

from broadcast.game.positions import ON_COURT_MS
from broadcast.log import GameLog
from broadcast.models import Game
from broadcast.state import forget, new_model, replay_into
from dashboard.templatetags.console import NO_VALUE as DASH
from dashboard.views.pages import PLAYS_ON_PAGE
from dashboard.views.shotchart import court_drawing, shot_chart
from dashboard.wall import tile
from shottracker.court import NBA, NCAA
from tests.dashboard.coach.personas import make_practice
from tests.dashboard.conftest import (
    ANN,
    BO,
    CY,
    DEE,
    HAWKS,
    HAWKS_ROSTER,
    OWLS,
    OWLS_ROSTER,
    shot_row,
    stats_row,
    store_rows,
)  # fmt: skip
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(operator_client, known_game):
    response = operator_client.get("/games/ev-known/")
    assert response.status_code == 200
    return parse(response.content)


def player_row(page, team: int, player: int):
    return page.one(id="boxscores").one(data_team=str(team)).one(data_player=str(player))


def test_the_box_score_shows_every_stat_of_each_player(page):
    ann = player_row(page, HAWKS, ANN)
    assert [ann.stat(k) for k in ("PTS", "FG", "FGA", "FG3", "FGA3", "FT", "FTA")] == [
        "2", "1", "2", "0", "1", "0", "0",
    ]  # fmt: skip
    assert ann.stat("DIST_M") == "1.23 km"
    cy = player_row(page, HAWKS, CY)
    assert [cy.stat(k) for k in ("AST", "STL", "REB", "OFFENSIVE_REB", "DEFENSIVE_REB")] == [
        "1", "1", "1", "1", "0",
    ]  # fmt: skip
    bo = player_row(page, OWLS, BO)
    assert (bo.stat("PTS"), bo.stat("TO"), bo.stat("DIST_M")) == ("3", "1", "456 m")
    dee = player_row(page, OWLS, DEE)
    assert (dee.stat("FT"), dee.stat("FTA"), dee.stat("DEFENSIVE_REB")) == ("1", "2", "1")


def test_shooting_percentages_are_derived_and_blank_without_attempts(page):
    ann = player_row(page, HAWKS, ANN)
    assert (ann.stat("FG_PCT"), ann.stat("FG3_PCT"), ann.stat("FT_PCT")) == ("50.0", "0.0", DASH)
    bo = player_row(page, OWLS, BO)
    assert (bo.stat("FG_PCT"), bo.stat("FG3_PCT")) == ("50.0", "100.0")
    assert player_row(page, OWLS, DEE).stat("FT_PCT") == "50.0"


def test_team_totals_add_up_their_players(page):
    hawks = page.one(data_totals=str(HAWKS))
    assert [hawks.stat(k) for k in ("PTS", "FG", "FGA", "FGA3", "AST", "STL", "REB")] == [
        "2", "1", "2", "1", "1", "1", "1",
    ]  # fmt: skip
    assert hawks.stat("FG_PCT") == "50.0"
    owls = page.one(data_totals=str(OWLS))
    assert [owls.stat(k) for k in ("PTS", "FG", "FGA", "FT", "FTA", "TO", "REB")] == [
        "4", "1", "2", "1", "2", "1", "1",
    ]  # fmt: skip
    assert (owls.stat("FT_PCT"), owls.stat("FG3_PCT")) == ("50.0", "100.0")
    assert owls.stat("DIST_M") == "456 m"


def test_the_scoreboard_shows_teams_score_and_period(page):
    board = page.one(id="scoreboard")
    assert "Harbor Hawks" in board.text and "Mesa Owls" in board.text
    assert board.one(data_score="home").text == "2"
    assert board.one(data_score="away").text == "4"
    assert board.one(data_field="period").text == "2nd half"
    assert board.one(data_field="status").text == "Live"
    assert board.one(data_field="clock").text == "20:00"


def test_the_play_by_play_is_newest_first_with_corrections_marked(page):
    plays = page.one(id="plays-list").find_all(data_version=None)
    versions = [int(p.attrs["data-version"]) for p in plays]
    # DISTANCE messages (13, 14) move a player's distance but are not plays.
    assert versions == [15, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    correction = plays[versions.index(11)]
    assert "correction" in correction.attrs["class"].split()
    assert correction.text.startswith("H1")
    assert "Correction" in correction.text
    assert "deleted made two-pointer by A. Lee" in correction.text
    assert not any("correction" in p.attrs["class"].split() for p in plays if p is not correction)
    assert "B. Kim misses a two-pointer" in plays[0].text


def play_versions(client, query: str = "", game: str = "ev-known") -> list[int]:
    response = client.get(f"/games/{game}/plays?{query}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"Show all" not in response.content  # the panel's own request lists every play
    return [
        int(p.attrs["data-version"]) for p in parse(response.content).find_all(data_version=None)
    ]


def test_plays_filter_by_team(operator_client, known_game):
    assert play_versions(operator_client, f"team={OWLS}") == [15, 8, 7, 6, 5, 2]


def test_plays_filter_by_player(operator_client, known_game):
    assert play_versions(operator_client, f"player={DEE}") == [7, 6, 5]
    assert play_versions(operator_client, f"team={HAWKS}&player={CY}") == [12, 9, 3]


def test_a_player_of_another_team_is_dropped_from_the_play_filter(operator_client, known_game):
    assert play_versions(operator_client, f"team={HAWKS}&player={DEE}") == [12, 11, 10, 9, 4, 3, 1]


def test_the_plays_filter_offers_only_the_chosen_teams_players(operator_client, known_game):
    response = operator_client.get(f"/games/ev-known/plays?team={OWLS}")
    options = parse(response.content).one(id="plays-filter").find_all(value=None)
    assert {o.attrs["value"] for o in options} == {"", str(HAWKS), str(OWLS), str(BO), str(DEE)}


def chart(client, query: str = ""):
    response = client.get(f"/games/ev-known/shots?{query}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    return parse(response.content)


def zone(svg, number: int) -> tuple[str, str, str]:
    """(FG% label, made/attempts label, colour class) of a zone."""
    label = svg.one(data_zone_label=str(number))
    polygon = next(e for e in svg.find_all(data_zone=str(number)) if e.tag == "polygon")
    return (
        label.one(**{"class": "zl-pct"}).text,
        label.one(**{"class": "zl-count"}).text,
        polygon.attrs["class"].split()[1],
    )


def test_the_shot_chart_shows_fg_pct_per_zone_of_the_home_team(page):
    svg = page.one(id="shotchart")
    assert zone(svg, 1) == ("100%", "1/1", "heat-4")
    assert zone(svg, 10) == ("0%", "0/1", "heat-0")
    assert zone(svg, 12) == (DASH, "0/0", "heat-none")
    marks = svg.find_all(data_shot=None)
    # The deleted basket is neither drawn nor counted.
    assert sorted((m.attrs["data-zone"], m.attrs["data-make"]) for m in marks) == [
        ("1", "1"), ("10", "0"),
    ]  # fmt: skip
    assert page.one(id="chart-summary").text == "1/2 · 50.0%"
    # One attempt colours a zone faintly: a hint, not a pattern.
    zone_one = next(e for e in svg.find_all(data_zone="1") if e.tag == "polygon")
    assert "vol-1" in zone_one.attrs["class"].split()


def test_the_shot_chart_filters_by_team_and_period(operator_client, known_game):
    first_half = chart(operator_client, f"team={OWLS}&period=H1")
    assert zone(first_half, 12) == ("100%", "1/1", "heat-4")
    assert zone(first_half, 7) == (DASH, "0/0", "heat-none")
    second_half = chart(operator_client, f"team={OWLS}&period=H2")
    assert zone(second_half, 7) == ("0%", "0/1", "heat-0")
    assert zone(second_half, 12) == (DASH, "0/0", "heat-none")


def test_the_shot_chart_filters_by_player_or_shows_both_teams(operator_client, known_game):
    assert chart(operator_client, f"team={HAWKS}&player={CY}").find_all(data_shot=None) == []
    both = chart(operator_client, "team=")
    assert len(both.find_all(data_shot=None)) == 4
    assert zone(both, 1)[:2] == ("100%", "1/1")


def test_the_shot_chart_draws_the_14_zones_and_the_court(page):
    svg = page.one(id="shotchart")
    assert sorted(int(e.attrs["data-zone"]) for e in svg.find_all(data_zone=None)
                  if e.tag == "polygon") == list(range(1, 15))  # fmt: skip
    assert svg.attrs["viewbox"] == "-7920 -1900 15840 14925"


def test_the_shot_chart_draws_the_lines_of_the_court_module(page):
    svg = page.one(id="shotchart")
    three_point = svg.one(d=court_drawing(NCAA).three_point)
    assert f"A {NCAA.three_radius} {NCAA.three_radius}" in three_point.attrs["d"]
    lanes = [e for e in svg.find_all(width=str(NCAA.lane_width)) if e.tag == "rect"]
    assert lanes and lanes[0].attrs["x"] == str(-NCAA.lane_width // 2)


def test_the_shot_chart_drawn_for_nba_rules_has_the_nba_arc_and_lane(operator_client, known_game):
    from django.template.loader import render_to_string

    from broadcast.state import game_state
    from dashboard.views.filters import Filters
    from dashboard.views.pages import _chart_context

    state, _ = game_state(known_game)
    context = _chart_context(known_game, state, Filters())
    context["chart"] = shot_chart(state, team_id=None, spec=NBA)
    svg = parse(render_to_string("dashboard/partials/shotchart.html", context)).one(id="shotchart")
    arcs = [e.attrs["d"] for e in svg.find_all(d=None) if "A 7240 7240" in e.attrs["d"]]
    assert arcs and arcs[0].startswith(f"M {NBA.three_corner} {NBA.baseline_y}")
    assert [e for e in svg.find_all(width=str(NBA.lane_width)) if e.tag == "rect"]
    assert not svg.find_all(width=str(NCAA.lane_width))


def test_the_health_panel_shows_the_relays_figures(page):
    panel = page.one(id="health-panel")
    assert panel.one(data_health="connected").text == "Feed connected"
    assert panel.one(data_health="reconnects").text == "2"
    assert panel.one(data_health="last_version").text == "15"


def test_the_video_form_offers_the_games_sessions(page):
    options = page.one(id="video-session").find_all(value=None)
    assert [o.attrs["value"] for o in options] == ["live-h1", "live-h2"]
    assert "selected" in options[-1].attrs


def test_the_page_hands_its_scripts_the_court_and_the_socket(page):
    import json

    config = json.loads(page.one(id="console-data").text)
    assert config["ws_path"] == "/ws/games/ev-known/"
    assert config["seq"] == 25
    assert [t["side"] for t in config["teams"]] == ["home", "away"]
    assert len(config["court"]["corners"]) == 4 and len(config["court"]["hoops"]) == 2
    assert sorted(config["court"]["zones"], key=int) == [str(n) for n in range(1, 15)]
    # The live court benches a silent player when the game model takes him off the court.
    assert config["on_court_ms"] == ON_COURT_MS


def test_the_court_comes_from_the_games_court_points_when_the_relay_stored_them(
    operator_client, known_game
):
    import json

    corners = [[14000, 7500], [14000, -7500], [-14000, -7500], [-14000, 7500]]
    known_game.summary = {
        "court": {"corners": corners, "hoops": [[-12425, 0, 3050], [12425, 0, 3050]]}
    }
    known_game.save()
    page = parse(operator_client.get("/games/ev-known/").content)
    court = json.loads(page.one(id="console-data").text)["court"]
    assert court["corners"] == corners
    assert court["hoops"][1] == [12425, 0, 3050]


def test_an_unknown_game_is_404(operator_client, known_game):
    assert operator_client.get("/games/nope/").status_code == 404
    assert operator_client.get("/games/nope/plays").status_code == 404


def test_the_games_list_shows_live_and_recent_games(operator_client, known_game):
    known_game.summary = {"teams": [{"id": 1, "name": "Harbor Hawks", "score": 2},
                                    {"id": 2, "name": "Mesa Owls", "score": 4}],
                          "period": "H2"}  # fmt: skip
    known_game.save()
    Game.objects.create(event_id="ev-old", name="Old game", status=Game.Status.FINAL)
    page = parse(operator_client.get("/").content)
    cards = page.find_all(data_game=None)
    assert [c.attrs["data-game"] for c in cards] == ["ev-known", "ev-old"]
    live = cards[0]
    assert "Live" in live.text and "2nd half" in live.text and "Feed up" in live.text
    assert live.one(data_score="1").text == "2" and live.one(data_score="2").text == "4"
    assert "Final" in cards[1].text
    assert live.find_all(href="/games/ev-known/")


def test_the_games_list_partial_is_what_htmx_polls(operator_client, known_game):
    response = operator_client.get("/games/list", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert [c.attrs["data-game"] for c in parse(response.content).find_all(data_game=None)] == [
        "ev-known"
    ]


def test_the_box_score_partial_renders_both_teams(operator_client, known_game):
    response = operator_client.get("/games/ev-known/boxscore", headers={"HX-Request": "true"})
    tables = parse(response.content).find_all(data_team=None)
    assert [t.attrs["data-team"] for t in tables if t.tag == "section"] == [str(HAWKS), str(OWLS)]


@pytest.fixture
def long_game(db):
    """A game with more plays than the page lists: Ann Lee scores 80 free throws."""
    game = Game.objects.create(event_id="ev-long", name="Hawks vs Owls", status="final",
                               teams=[HAWKS_ROSTER, OWLS_ROSTER])  # fmt: skip
    rows = [("roster", {"teams": [HAWKS_ROSTER, OWLS_ROSTER]}, "live-h1")]
    for v in range(1, 81):
        values = {"FTA": v, "FT": v, "PTS": v}
        rows.append(("stats", stats_row(v, ANN, HAWKS, values, "FREE_THROW_MAKE"), "live-h1"))
    store_rows(game, rows)
    forget(game.event_id)
    yield game
    forget(game.event_id)


def test_a_long_game_lists_its_newest_plays_and_offers_the_rest(operator_client, long_game):
    page = parse(operator_client.get("/games/ev-long/").content)
    plays = page.one(id="plays-list").find_all(data_version=None)
    assert [int(p.attrs["data-version"]) for p in plays] == list(range(80, 80 - PLAYS_ON_PAGE, -1))
    more = page.one(id="plays-list").one(hx_get="/games/ev-long/plays")
    assert more.text == "Show all 80 plays"
    assert "80 PTS" in plays[0].text

    assert play_versions(operator_client, game="ev-long") == list(range(80, 0, -1))


def test_names_from_the_feed_are_shown_as_text_never_as_markup(operator_client, db):
    hostile = '<img src=x onerror="alert(1)">'
    hawks = {**HAWKS_ROSTER, "players": [
        {**HAWKS_ROSTER["players"][0], "last_name": hostile, "display_name": hostile}]}  # fmt: skip
    game = Game.objects.create(event_id="ev-hostile", teams=[hawks, OWLS_ROSTER])
    store_rows(game, [
        ("roster", {"teams": [hawks, OWLS_ROSTER]}, "live-h1"),
        ("stats", stats_row(1, ANN, HAWKS, {"FGA": 1, "FG": 1, "PTS": 2}, "TWO_POINT_MAKE"),
         "live-h1"),
        ("shot", shot_row(1, ANN, HAWKS, True, False, 1, 100, 300), "live-h1"),
    ])  # fmt: skip
    forget(game.event_id)

    html = operator_client.get("/games/ev-hostile/").content.decode()
    forget(game.event_id)

    assert "<img" not in html
    page = parse(html)
    assert hostile in page.one(id="plays-list").text
    assert hostile in page.one(id="boxscores").one(data_player=str(ANN)).text
    assert page.one(id="shot-marks").find_all(data_shot=None)


def test_a_game_in_overtime_shows_overtime_on_the_scoreboard_and_in_the_period_filter(
    operator_client, known_game
):
    overtime = {"live_id": "live-ot1", "session_type": "GAME_ROUND", "period": "OT1",
                "started_at": 1_700_000_100_000}  # fmt: skip
    store_rows(known_game, [("session", overtime, "live-ot1"),
                            ("stats", stats_row(16, ANN, HAWKS, {"FGA": 3, "FG": 2, "PTS": 4},
                                                "TWO_POINT_MAKE"), "live-ot1")],
               first_seq=50)  # fmt: skip
    page = parse(operator_client.get("/games/ev-known/").content)

    board = page.one(id="scoreboard")
    assert board.one(data_field="period").text == "Overtime"
    assert board.one(data_field="clock").text == "05:00"
    periods = operator_client.get("/games/ev-known/shots").content.decode()
    assert periods.index('value="H2"') < periods.index('value="OT1"')


def test_the_health_panel_lists_what_is_held_refused_and_overruled(operator_client, known_game):
    known_game.health = {
        **known_game.health,
        "unconfirmed": [{"player_id": 990001, "team_id": HAWKS, "since_ms": 1_700_000_000_000,
                         "messages": 2, "versions": [16], "stats": {"PTS": 50}}],
        "unconfirmed_messages": 2,
        "impossible": 1,
        "impossible_recent": [{"version": 17, "player_id": ANN, "team_id": HAWKS,
                               "classification": "TWO_POINT_MAKE",
                               "reason": "TWO_POINT_MAKE cannot move PTS +52", "at_ms": 1}],
        "disagreements": 1,
        "disagreements_recent": [{"team_id": OWLS, "player_id": None, "version": 15,
                                  "stats": {"PTS": {"ours": 4, "theirs": 6}},
                                  "since_ms": 1_700_000_000_000, "last_ms": 1}],
    }  # fmt: skip
    known_game.save()
    panel = parse(operator_client.get("/games/ev-known/").content).one(id="health-panel")

    assert panel.one(data_health="unconfirmed.length").text == "1"
    assert panel.one(data_health="impossible").text == "1"
    assert panel.one(data_health="disagreements").text == "1"
    lines = [e.text for e in panel.one(id="checks").elements() if e.tag == "li"]
    assert lines[0].startswith("Player 990001 (Harbor Hawks)") and "(PTS 50)" in lines[0]
    assert "cannot move PTS +52" in lines[1]
    assert "Mesa Owls" in lines[2] and "PTS here 4, ShotTracker 6" in lines[2]


def test_a_practices_scoreboard_names_the_running_drill_as_the_wall_does(operator_client, db):
    practice = make_practice()
    forget(practice.event_id)
    try:
        page = parse(operator_client.get(f"/games/{practice.event_id}/").content.decode())
        period = page.one(data_field="period").text
        # The second drill (the scrimmage, unnamed by the feed): the vocabulary's words.
        assert period == "Drill 2"
        game_log = GameLog(new_model(practice))
        replay_into(game_log, practice)
        summary = game_log.model.summary()  # what the relay stores for the wall
        assert tile({"event_id": practice.event_id, "kind": "practice", "status": "live",
                     "summary": summary}, 0)["phase"] == period  # fmt: skip
    finally:
        forget(practice.event_id)
