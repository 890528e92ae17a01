"""The one vocabulary: every face prints a game's words, numbers and colours the same way."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace

from django.contrib.auth.models import Group, User

from broadcast.models import Game
from broadcast.state import game_state
from dashboard import vocabulary
from dashboard.models import CoachProfile
from dashboard.overlay import graphics
from dashboard.roles import COACH, OPERATOR, ensure_role_groups
from tests.dashboard.coach.personas import ANN, HAWKS
from tests.dashboard.html import parse


def test_periods_have_a_long_and_a_short_name():
    assert vocabulary.period_label("H1") == "1st half"
    assert vocabulary.period_label("H2", short=True) == "2nd"
    assert vocabulary.period_shown(None) == "Pre-game"


def test_overtimes_are_named_after_their_number():
    assert vocabulary.period_label("OT1") == "Overtime"
    assert vocabulary.period_label("OT2") == "Overtime 2"
    assert vocabulary.period_label("OT1", short=True) == "OT"
    assert vocabulary.period_label("OT3", short=True) == "OT3"


def test_a_drills_name_is_shown_as_it_is():
    assert vocabulary.period_label("Shell drill") == "Shell drill"


def test_a_game_clock_shows_time_left_and_a_practice_clock_time_elapsed():
    clock = {"remaining_ms": 19 * 60_000 + 1, "elapsed_ms": 59_999}
    assert vocabulary.clock_label(clock, "game") == "19:01"
    assert vocabulary.clock_label(clock, "practice") == "01:00"


def test_numbers_read_as_a_box_score_writes_them():
    assert (vocabulary.stat(7.0), vocabulary.stat(7.5)) == ("7", "7.5")
    assert vocabulary.made_of(1, 1) == "1-1"
    assert (vocabulary.pct(None), vocabulary.pct(45.45)) == ("\u2013", "45.5")
    assert (vocabulary.distance(812.4), vocabulary.distance(1234)) == ("812 m", "1.23 km")


def test_the_two_teams_never_wear_the_same_colour():
    colours = vocabulary.team_colours(["Riverside Hawks", "Riverside Hawks"])
    assert colours[0] != colours[1]
    assert vocabulary.team_colours(["Riverside Hawks"]) == colours[:1]  # stable for a name


def test_a_team_is_known_by_a_short_code():
    assert vocabulary.abbreviation("Riverside Hawks") == "RIV"
    assert vocabulary.abbreviation("Cedar Falls Comets") == "CF"


# -- every face, one snapshot ------------------------------------------------------------------


def _user(username: str, role: str) -> User:
    ensure_role_groups()
    user = User.objects.create_user(username, password="pw-courtside-1")
    user.groups.add(Group.objects.get(name=role))
    return user


def _vocabulary_of(page) -> dict:
    return json.loads(page.one(id="vocabulary").text)


def _colours(page) -> dict[int, str]:
    return {team["id"]: team["colour"] for team in _vocabulary_of(page)["teams"]}


def test_console_overlay_and_coach_view_show_one_game_the_same_way(client, live_game, monkeypatch):
    """Score, clock, period, play state, a player's FG and the team colours agree everywhere."""
    # One instant for every face: the clock runs, and a slow render must not cross a second.
    now = time.time()
    monkeypatch.setattr("broadcast.state.time", SimpleNamespace(time=lambda: now))
    operator, coach = _user("olivia", OPERATOR), _user("carl", COACH)
    CoachProfile.objects.create(user=coach, team_id=HAWKS, team_name="Harbor Hawks")
    snapshot, _ = game_state(Game.objects.get(pk=live_game.pk))
    home, away = snapshot["teams"]
    ann = next(p for p in home["players"] if p["id"] == ANN)
    expected = {
        "score": (vocabulary.stat(home["score"]), vocabulary.stat(away["score"])),
        "clock": vocabulary.clock_label(snapshot["clock"], "game"),
        "period": vocabulary.period_label(snapshot["period"]),
        "play_state": vocabulary.play_state_label(snapshot["play_state"]),
        "ann_fg": vocabulary.made_of(ann["stats"]["FG"], ann["stats"]["FGA"]),
    }
    assert expected["ann_fg"] == "2-3" and expected["play_state"] == "Ball live"

    client.force_login(operator)
    console = parse(client.get(f"/games/{live_game.event_id}/").content.decode())
    ann_row = next(
        row for row in console.elements() if row.tag == "tr" and ann["display_name"] in row.text
    )
    seen_console = {
        "score": (
            console.one(data_score="home").text,
            console.one(data_score="away").text,
        ),
        "clock": console.one(data_field="clock").text,
        "period": console.one(data_field="period").text,
        "play_state": console.one(data_field="play_state").text,
        "ann_fg": "-".join((ann_row.one(data_stat="FG").text, ann_row.one(data_stat="FGA").text)),
    }

    bug = graphics.graphic_data("scorebug", {}, snapshot)
    lower = graphics.graphic_data("lower_third", {"player": ANN}, snapshot)
    source = graphics.datasource(snapshot)
    seen_overlay = {
        "score": (bug["home"]["score"], bug["away"]["score"]),
        "clock": source["clock"],
        "period": source["phase"],
        "play_state": bug["state"],
        "ann_fg": next(cell["value"] for cell in lower["line"] if cell["label"] == "FG"),
    }

    client.force_login(coach)
    coach_page = parse(
        client.get(f"/coach/teams/{HAWKS}/games/{live_game.event_id}/").content.decode()
    )
    ann_row = next(
        row
        for row in coach_page.first_class("c-box").elements()
        if row.tag == "tr" and ann["display_name"] in row.text
    )
    ann_cells = [cell.text for cell in ann_row.elements() if cell.tag in ("td", "th")]
    seen_coach = {
        "score": (
            coach_page.first_class("is-own").first_class("c-side-score").text,
            coach_page.first_class("is-other").first_class("c-side-score").text,
        ),
        "clock": coach_page.first_class("c-clock-time").text,
        "period": coach_page.first_class("c-clock-period").text,
        "play_state": coach_page.first_class("c-state").text,
        "ann_fg": ann_cells[5],
    }

    assert seen_console == expected
    assert seen_overlay == expected
    assert seen_coach == expected

    identities = {t["id"]: t["colour"] for t in vocabulary.team_identities(snapshot["teams"])}
    assert _colours(console) == identities == _colours(coach_page)
    assert (bug["home"]["colour"], bug["away"]["colour"]) == (
        identities[home["id"]],
        identities[away["id"]],
    )
