"""What each graphic shows of the known game, how a correction reads, and the data source."""

from __future__ import annotations

import json

import pytest

from dashboard.overlay import graphics
from dashboard.overlay.graphics import GraphicError
from tests.dashboard.conftest import ANN, BO, CY, DEE, HAWKS, KNOWN_ROWS, OWLS
from tests.dashboard.overlay.conftest import known_snapshot

# The known game up to the basket of v10, before the correction (v11) took it back.
BEFORE_CORRECTION = KNOWN_ROWS[:17]


def test_the_scorebug_shows_both_teams_score_period_and_clock(snapshot):
    bug = graphics.graphic_data("scorebug", {}, snapshot)
    assert (bug["home"]["name"], bug["home"]["score"]) == ("Harbor Hawks", "2")
    assert (bug["away"]["name"], bug["away"]["score"]) == ("Mesa Owls", "4")
    assert (bug["home"]["abbr"], bug["away"]["abbr"]) == ("HAR", "MES")
    assert bug["period"] == "2nd"
    assert bug["clock"] == {"remaining_ms": 20 * 60 * 1000, "running": False, "shown": True}


def test_at_halftime_the_scorebug_says_half_and_hides_the_clock(snapshot):
    snapshot = {**snapshot, "status": "halftime"}
    bug = graphics.graphic_data("scorebug", {}, snapshot)
    assert bug["period"] == "Half"
    assert bug["clock"]["shown"] is False
    assert bug["state"] == ""


def test_a_lower_third_shows_the_players_pts_reb_ast_and_fg(snapshot):
    lower = graphics.graphic_data("lower_third", {"player": ANN}, snapshot)
    assert lower["player"]["last_name"] == "Lee"
    assert lower["player"]["jersey"] == "4"
    assert lower["team"]["name"] == "Harbor Hawks"
    assert [(c["label"], c["value"]) for c in lower["line"]] == [
        ("PTS", "2"), ("REB", "0"), ("AST", "0"), ("FG", "1-2"),
    ]  # fmt: skip


def test_team_comparison_puts_shooting_and_counting_stats_side_by_side(snapshot):
    comparison = graphics.graphic_data("team_comparison", {}, snapshot)
    rows = {row["label"]: row for row in comparison["rows"]}
    assert (rows["Field goals"]["home"], rows["Field goals"]["home_detail"]) == ("50.0%", "1-2")
    assert rows["3-pointers"]["away_detail"] == "1-1"
    assert (rows["Free throws"]["home"], rows["Free throws"]["away"]) == (graphics.DASH, "50.0%")
    assert (rows["Rebounds"]["home"], rows["Rebounds"]["away"]) == ("1", "1")
    assert rows["Turnovers"]["share"] == 0.0  # the Owls have all of them


def test_a_team_shot_chart_plots_only_shots_that_stand(snapshot):
    chart = graphics.graphic_data("shot_chart", {"team": HAWKS}, snapshot)
    # Ann's deleted basket is neither plotted nor counted.
    assert chart["shots"] == [
        {"x": 100, "y": 300, "make": True, "three": False},
        {"x": 7000, "y": 100, "make": False, "three": True},
    ]
    assert (chart["fg"], chart["fg_pct"], chart["three"]) == ("1-2", "50.0", "0-1")
    assert chart["zones"]["1"] == {"fg": 1, "fga": 1, "heat": 4, "volume": 1}
    assert chart["zones"]["10"]["fga"] == 1
    assert [(a["label"], a["value"]) for a in chart["areas"]] == [
        ("In the paint", "1-1"), ("Mid-range", "0-0"), ("3-pointers", "0-1"),
    ]  # fmt: skip


def test_a_players_shot_chart_is_filed_under_the_players_team(snapshot):
    chart = graphics.graphic_data("shot_chart", {"player": BO}, snapshot)
    assert chart["team"]["name"] == "Mesa Owls"
    assert chart["player"]["last_name"] == "Kim"
    assert chart["fg"] == "1-2"


def test_the_mini_court_knows_every_players_side_and_jersey(snapshot):
    court = graphics.graphic_data("mini_court", {}, snapshot)
    assert court["players"][str(DEE)] == {"side": "away", "jersey": "23"}
    assert court["positions"] == {"players": {}, "ball": None}


def test_a_box_score_of_both_teams_ranks_players_by_points(snapshot):
    box = graphics.graphic_data("box_score", {}, snapshot)
    assert box["title"] == "2nd half"
    assert [block["team"]["name"] for block in box["teams"]] == ["Harbor Hawks", "Mesa Owls"]
    owls = box["teams"][1]
    assert [row["last_name"] for row in owls["rows"]] == ["Kim", "Ruiz"]
    assert owls["rows"][0]["cells"] == ["3", "0", "0", "0", "1", "1-2", "1-1", "0-0"]
    assert owls["totals"][0] == "4"


def test_a_box_score_of_one_team_shows_only_that_team(snapshot):
    box = graphics.graphic_data("box_score", {"team": OWLS}, snapshot)
    assert [block["team"]["name"] for block in box["teams"]] == ["Mesa Owls"]


def test_a_box_score_at_halftime_is_titled_halftime(snapshot):
    box = graphics.graphic_data("box_score", {}, {**snapshot, "status": "halftime"})
    assert box["title"] == "Halftime"


def test_leaders_name_each_teams_best_and_no_one_for_a_zero(snapshot):
    leaders = graphics.graphic_data("leaders", {}, snapshot)
    rows = {row["key"]: row for row in leaders["rows"]}
    assert (rows["PTS"]["home"]["last_name"], rows["PTS"]["home"]["value"]) == ("Lee", "2")
    assert (rows["PTS"]["away"]["last_name"], rows["PTS"]["away"]["value"]) == ("Kim", "3")
    assert rows["AST"]["home"]["last_name"] == "Park"
    assert rows["AST"]["away"] is None


@pytest.mark.parametrize(
    ("graphic", "options", "message"),
    [
        ("ticker", {}, "no graphic called"),
        ("lower_third", {}, "needs a player"),
        ("lower_third", {"player": 999}, "player 999 is not in this game"),
        ("shot_chart", {}, "needs a team or a player"),
        ("box_score", {"team": "hawks"}, "team must be an id"),
        ("scorebug", {"player": ANN}, "takes no option player"),
    ],
)
def test_a_graphic_that_cannot_air_is_refused_with_a_reason(snapshot, graphic, options, message):
    with pytest.raises(GraphicError, match=message):
        graphics.check(graphic, options, snapshot)


def test_graphics_need_a_game_with_two_teams(snapshot):
    with pytest.raises(GraphicError, match="two teams"):
        graphics.check("scorebug", {}, {**snapshot, "kind": "practice"})


def test_a_correction_reads_as_the_numbers_it_changed():
    before, after = known_snapshot(BEFORE_CORRECTION), known_snapshot(KNOWN_ROWS[:18])
    old = graphics.graphic_data("lower_third", {"player": ANN}, before)
    new = graphics.graphic_data("lower_third", {"player": ANN}, after)
    assert graphics.what_changed("lower_third", old, new) == ["PTS 4 -> 2", "FG 2-3 -> 1-2"]
    bug_old = graphics.graphic_data("scorebug", {}, before)
    bug_new = graphics.graphic_data("scorebug", {}, after)
    assert graphics.what_changed("scorebug", bug_old, bug_new) == ["HAR 4 -> 2"]


def test_the_correction_is_recognised_in_a_delta():
    play = {"kind": "play", "data": {"is_correction": True}}
    deleted = {"kind": "shot", "data": {"shot": {"status": "DELETED"}}}
    fresh = {"kind": "shot", "data": {"shot": {"status": "RECORDED"}}}
    assert graphics.has_correction([fresh, play])
    assert graphics.has_correction([deleted])
    assert not graphics.has_correction([fresh, {"kind": "score", "data": {}}])


def test_only_changes_a_graphic_shows_make_it_recompute():
    assert graphics.affects("shot_chart", {"shot"})
    assert not graphics.affects("shot_chart", {"stats", "score"})
    assert graphics.affects("scorebug", {"clock"})
    assert not graphics.affects(None, {"stats"})


def test_the_data_source_is_flat_text_for_title_templates(snapshot):
    source = graphics.datasource(snapshot)
    assert all(isinstance(v, str) for v in source.values())
    assert source["home_name"] == "Harbor Hawks"
    assert (source["home_score"], source["away_score"]) == ("2", "4")
    assert (source["period"], source["clock"]) == ("H2", "20:00")
    assert source["away_3pt"] == "1-1"
    assert source["home_leader_reb_name"] == "Cy Park"
    assert source["away_leader_ast_name"] == ""
    json.dumps(source)  # no nested values


def test_every_graphic_of_the_known_game_is_plain_json(snapshot):
    options = {"lower_third": {"player": CY}, "shot_chart": {"team": OWLS}}
    for graphic in graphics.GRAPHICS:
        data = graphics.graphic_data(graphic, options.get(graphic, {}), snapshot)
        assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_in_overtime_the_scorebug_and_the_data_source_say_ot():
    overtime = {"live_id": "live-ot2", "session_type": "GAME_ROUND", "period": "OT2",
                "started_at": 1_700_000_100_000}  # fmt: skip
    snapshot = known_snapshot([*KNOWN_ROWS, ("session", overtime, "live-ot2")])

    bug = graphics.graphic_data("scorebug", {}, snapshot)
    row = graphics.datasource(snapshot)

    assert bug["period"] == "OT2"
    assert bug["clock"]["remaining_ms"] == 5 * 60 * 1000
    assert (row["period"], row["period_label"]) == ("OT2", "OT2")


# -- the movement replay ---------------------------------------------------------------------


def test_a_replay_goes_on_the_full_layer_with_the_consoles_defaults(snapshot):
    assert graphics.layer_for("replay", None) == "full"
    assert graphics.check("replay", {}, snapshot) == {"of": "shot", "seconds": 8, "speed": "1"}
    assert graphics.check("replay", {"of": "now", "seconds": "30", "speed": "0.5"}, snapshot) == {
        "of": "now",
        "seconds": 30,
        "speed": "0.5",
    }
    with pytest.raises(GraphicError, match="does not go on the lower layer"):
        graphics.layer_for("replay", "lower")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"seconds": 2}, "a replay lasts 3 to 30 seconds, not 2"),
        ({"seconds": 31}, "a replay lasts 3 to 30 seconds, not 31"),
        ({"seconds": "eight"}, "seconds is a whole number, 3 to 30"),
        ({"speed": "2"}, "speed is 1, 0.5, 0.25, not '2'"),
        ({"of": "yesterday"}, "a replay is of the last shot (of: shot) or the last seconds"),
        ({"player": ANN}, "Movement replay takes no option player"),
    ],
)
def test_a_replay_it_cannot_make_is_refused_in_words(snapshot, options, message):
    with pytest.raises(GraphicError) as refused:
        graphics.check("replay", options, snapshot)
    assert str(refused.value).startswith(message)


def test_a_replay_is_described_as_it_will_air(snapshot):
    options = graphics.check("replay", {"seconds": 8, "speed": "0.5"}, snapshot)
    entry = {"graphic": "replay", "options": options}
    assert graphics.describe(entry) == "Movement replay · Last shot · 8 s · ½ speed"
    data = graphics.graphic_data("replay", options, snapshot)
    assert (data["title"], data["caption"], data["speed"]) == (
        "Replay",
        "Last shot · 8 s · ½ speed",
        0.5,
    )
    assert data["clip"] is None  # the frames are frozen at Take, never computed here
    assert data["players"][str(BO)] == {"side": "away", "jersey": "9"}


def test_a_replay_of_the_last_shot_needs_a_shot_that_stands(snapshot):
    options = graphics.check("replay", {}, snapshot)
    assert graphics.replay_problem(options, snapshot) is None
    no_shots = {**snapshot, "shots": [{**s, "status": "DELETED"} for s in snapshot["shots"]]}
    assert graphics.replay_problem(options, no_shots) == (
        "There is no shot to replay yet: replay the last seconds instead."
    )
    assert graphics.replay_problem({**options, "of": "now"}, no_shots) is None


def test_nothing_the_game_does_recomputes_a_replay_on_air():
    assert not graphics.affects("replay", {"stats", "shot", "roster", "score", "clock"})
    assert "replay" in graphics.FROZEN
