"""The coach's team, live and practice pages, on known event logs."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from broadcast.models import FeedEvent, Game
from broadcast.state import forget
from dashboard.coach.analytics import ZoneCell
from dashboard.coach.views import average_key
from tests.dashboard.coach.personas import (
    ANN,
    BEA,
    CAT,
    HAWKS,
    OWLS,
    OWLS_ROSTER,
    P0,
    T0,
    marker,
)

pytestmark = pytest.mark.django_db

LIVE = f"/coach/teams/{HAWKS}/games/game-1/"
PANEL = f"/coach/teams/{HAWKS}/games/game-1/panel"
PRACTICE = f"/coach/teams/{HAWKS}/practices/practice-1/"


def text(response) -> str:
    """The page's words, without markup and with single spaces."""
    html = response.content.decode()
    html = re.sub(r"<(script|title)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def text_of(html: str) -> str:
    """Words of a piece of markup; the en dash of an empty cell reads as "-"."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u2013", "-")


def section(response, marker_text: str, end: str = "</section>") -> str:
    html = response.content.decode()
    start = html.index(marker_text)
    return html[start : html.index(end, start)]


def add_rows(game: Game, *rows: tuple[str, str, dict]) -> None:
    seq = FeedEvent.objects.filter(game=game).exclude(seq=None).order_by("-seq")[0].seq
    for i, (kind, live_id, payload) in enumerate(rows, start=1):
        FeedEvent.objects.create(
            game=game, live_id=live_id, kind=kind, received_ms=T0, payload=payload, seq=seq + i
        )


# -- the team page and access -------------------------------------------------------------


def test_a_coach_lands_on_their_own_team_page(coach_client, live_game, practice):
    response = coach_client.get("/coach/", follow=True)
    assert response.redirect_chain[-1][0] == f"/coach/teams/{HAWKS}/"
    words = text(response)
    assert "Harbor Hawks" in words
    assert "Hawks vs Owls" in words and "Tuesday practice" in words


def test_anonymous_visitors_are_sent_to_log_in(client, live_game):
    response = client.get(LIVE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_expired_session_sends_the_whole_page_to_log_in_not_the_panel(client, live_game):
    response = client.get(PANEL, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/accounts/login/")


def test_an_operator_is_not_a_coach(client, operator, live_game):
    client.force_login(operator)
    assert client.get(LIVE).status_code == 403
    assert client.get("/coach/").status_code == 403


def test_a_coach_cannot_open_another_teams_pages(client, owls_coach, live_game, practice):
    client.force_login(owls_coach)
    assert client.get(LIVE).status_code == 404
    assert client.get(PRACTICE).status_code == 404
    assert client.get(f"/coach/teams/{HAWKS}/season/").status_code == 404
    assert client.get(f"/coach/teams/{HAWKS}/season.csv").status_code == 404


def test_the_opponents_coach_sees_the_same_game_from_their_side(client, owls_coach, live_game):
    client.force_login(owls_coach)
    response = client.get(f"/coach/teams/{OWLS}/games/game-1/")
    assert response.status_code == 200
    box = section(response, 'id="box-title"')
    assert "Dot Kim" in box and "Ann Lee" not in box


def test_a_game_the_team_does_not_play_in_is_not_found(coach_client, live_game):
    Game.objects.create(event_id="other-game", kind="game", teams=[OWLS_ROSTER])
    assert coach_client.get(f"/coach/teams/{HAWKS}/games/other-game/").status_code == 404


def test_a_superuser_may_open_any_team(client, live_game):
    admin = User.objects.create_superuser("boss", password="pw-courtside")
    client.force_login(admin)
    assert client.get(LIVE).status_code == 200
    assert client.get(f"/coach/teams/{OWLS}/games/game-1/").status_code == 200
    assert "Harbor Hawks" in text(client.get("/coach/"))


# -- live -----------------------------------------------------------------------------------


def test_the_live_page_shows_the_score_and_the_teams_box_score(coach_client, live_game):
    response = coach_client.get(LIVE)
    assert response.status_code == 200
    words = text(response)
    assert "Harbor Hawks 4" in words and "3 Mesa Owls" in words
    assert "1st half" in words and "Ball live" in words
    box = text_of(section(response, 'id="box-title"'))
    # Ann: 4 points, 2 of 3 from the field, 0 of 1 from three, 410 m run (DIST is in cm).
    assert "4 Ann Lee ● 4 0 0 2-3 0-1 0-0 0 0 410 m" in box
    assert "Dot Kim" not in box


def test_the_lineup_lists_the_players_tracked_on_court(coach_client, live_game):
    lineup = text_of(section(coach_client.get(LIVE), 'id="lineup-title"'))
    assert "Ann Lee" in lineup and "Bea Cruz" in lineup
    assert "Cat Diaz" not in lineup


def test_speed_comes_from_consecutive_positions(coach_client, live_game):
    lineup = text_of(section(coach_client.get(LIVE), 'id="lineup-title"'))
    # Ann covers 4 m each second (14.4 km/h); Bea stands still.
    assert "Ann Lee 4 pts 14.4 km/h" in lineup
    assert "Bea Cruz 0 pts 0.0 km/h" in lineup


def test_the_heat_map_shows_where_the_chosen_player_spent_time(coach_client, live_game):
    heat = section(coach_client.get(LIVE, {"player": ANN}), 'id="heat-title"')
    assert "Where Ann Lee moved" in heat
    cells = re.findall(r'class="c-heat-cell" x="(\d+)" y="(\d+)"', heat)
    # Ann ran from x=-2 m to x=+2 m along y=+1 m: five one-metre columns in one row.
    assert len(cells) == 5
    assert len({y for _, y in cells}) == 1
    cat = section(coach_client.get(LIVE, {"player": CAT}), 'id="heat-title"')
    assert "c-heat-cell" not in cat
    assert "No positions stored for Cat Diaz yet." in text_of(cat)


def test_without_a_choice_the_heat_map_follows_a_player_on_court(coach_client, live_game):
    heat = text_of(section(coach_client.get(LIVE), 'id="heat-title"'))
    assert "Where Ann Lee moved" in heat


def test_zones_are_compared_with_the_teams_average_once_it_is_loaded(coach_client, live_game):
    before = coach_client.get(LIVE)
    assert "Loading the team's average over the last 90 days" in text(before)
    assert 'hx-get="/coach/teams/461/average?avg=90"' in before.content.decode()
    from django.core.cache import cache

    cells = {zone: ZoneCell(zone, 0, 0) for zone in range(1, 15)}
    cells[1] = ZoneCell(1, 5, 10)  # the team makes half of its shots at the rim
    cache.set(average_key(HAWKS, 90), {"cells": cells, "shots": 10, "windows": 1, "days": 90})
    chart = coach_client.get(PANEL, {"avg": 90}).content.decode()
    # Ann is 2 of 2 at the rim: 50 points of percentage above the average.
    assert re.search(r'class="c-zone tone-hot2" points="[^"]+" data-zone="1"', chart)
    assert "Restricted area: 2/2 (100%), +50 vs avg" in chart
    assert "10 shots in games over the last 90 days" in text_of(chart)


def test_the_panel_alone_is_what_the_tablet_polls_every_two_seconds(coach_client, live_game):
    response = coach_client.get(PANEL, {"avg": 30, "player": BEA}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="live-panel"')
    assert "<html" not in html
    assert 'hx-trigger="every 2s, coach-refresh from:body"' in html
    # The poll asks again for the same range and player.
    assert f'hx-get="{PANEL}?avg=30&amp;player={BEA}"' in html


def test_a_final_game_stops_polling(coach_client, live_game):
    add_rows(live_game, ("marker", "h1", marker("PLAY_END", T0 + 60_000)))
    forget(live_game.event_id)
    response = coach_client.get(LIVE)
    assert "every 2s" not in response.content.decode()
    assert "Final" in text(response)


def test_new_rows_show_up_on_the_next_poll(coach_client, live_game):
    coach_client.get(PANEL)
    add_rows(
        live_game,
        ("stats", "h1", {"type": "stats", "data": {
            "occurred_at": T0 + 5000, "team_id": HAWKS, "player_id": CAT, "stats": {"AST": 1},
            "classification": "ASSIST", "version": 5}}),
    )  # fmt: skip
    box = text_of(section(coach_client.get(PANEL), 'id="box-title"'))
    assert "23 Cat Diaz 0 0 1" in box


# -- practice -------------------------------------------------------------------------------


def test_the_practice_follows_the_drill_that_is_running(coach_client, practice):
    response = coach_client.get(PRACTICE)
    assert response.status_code == 200
    words = text(response)
    assert "Drill 2 · Scrimmage" in words and "Drill running" in words
    boards = text_of(section(response, 'id="boards-title"'))
    # Bea has 4 points in the practice, 2 of them in this drill.
    assert "Points 1 Bea Cruz 2" in boards
    assert "Rebounds 1 Cat Diaz 1" in boards
    assert "Assists 1 Ann Lee 1" in boards


def test_a_finished_drill_keeps_its_own_leaderboards(coach_client, practice):
    response = coach_client.get(PRACTICE, {"drill": "d1"})
    boards = text_of(section(response, 'id="boards-title"'))
    assert "Drill 1 leaders Shooting" in boards
    assert "Makes 1 Ann Lee 2 2 Bea Cruz 1" in boards
    assert "FG% 1 Ann Lee 100.0% 2/2 2 Bea Cruz 33.3% 1/3" in boards


def test_shooting_by_zone_is_shown_player_by_player(coach_client, practice):
    table = text_of(section(coach_client.get(PRACTICE, {"drill": "d1"}), 'id="shooting-title"'))
    assert "Player Rim Paint Mid-range Corner 3 Above-break 3 All" in table
    assert "Bea Cruz 1/3 33% - - - - 1/3 33%" in table
    assert "Ann Lee - - - 2/2 100% - 2/2 100%" in table


def test_a_player_can_be_picked_for_the_zone_chart(coach_client, practice):
    response = coach_client.get(PRACTICE, {"drill": "d1", "player": ANN})
    chart = section(response, 'id="pzones-title"')
    assert "Ann Lee by zone" in chart
    assert re.search(r'class="c-zone tone-hot2" points="[^"]+" data-zone="10"', chart)
    assert re.search(r'class="c-zone tone-none" points="[^"]+" data-zone="1"', chart)


def test_a_drill_end_marker_puts_the_practice_between_drills(coach_client, practice):
    add_rows(practice, ("marker", "d2", marker("DRILL_END", P0 + 700_000)))
    forget(practice.event_id)
    words = text(coach_client.get(PRACTICE))
    assert "Drill 2 ended" in words and "Between drills" in words


def test_practice_end_stops_polling(coach_client, practice):
    add_rows(practice, ("marker", "d2", marker("PRACTICE_END", P0 + 700_000)))
    forget(practice.event_id)
    response = coach_client.get(PRACTICE)
    assert "Practice over" in text(response)
    assert "every 2s" not in response.content.decode()


def test_a_practice_is_not_a_game_page(coach_client, practice, live_game):
    assert coach_client.get(f"/coach/teams/{HAWKS}/games/practice-1/").status_code == 404
    assert coach_client.get(f"/coach/teams/{HAWKS}/practices/game-1/").status_code == 404


def test_the_demo_coach_coaches_the_team_it_is_given_and_can_log_in(client, live_game):
    from dashboard.roles import ensure_demo_coach

    ensure_demo_coach(OWLS, "Mesa Owls")
    username, password = ensure_demo_coach(HAWKS, "Harbor Hawks")  # a second demo run
    assert client.login(username=username, password=password)
    assert client.get("/coach/")["Location"] == f"/coach/teams/{HAWKS}/"
    assert client.get(LIVE).status_code == 200
    assert client.get(f"/coach/teams/{OWLS}/games/game-1/").status_code == 404
