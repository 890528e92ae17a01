"""The wall's tiles and alerts: what stands out on a tournament day, and what does not."""

from __future__ import annotations

from dashboard import vocabulary
from dashboard.wall import SILENT_MS, Watch, tile

NOW = 1_800_000_000_000


def row(home: int = 10, away: int = 8, *, status: str = "live", age_ms: int = 500,
        reconnects: int = 0, left_ms: int = 600_000, running: bool = False) -> dict:  # fmt: skip
    clock = {"remaining_ms": left_ms, "running": running}
    return {
        "event_id": "ev-1", "name": "Hawks vs Owls", "kind": "game", "status": status,
        "summary": {"period": "H2", "play_state": "LIVE", "clock": clock, "summary_ms": NOW - 1_000,
                    "teams": [{"id": 1, "name": "Hawks", "score": home},
                              {"id": 2, "name": "Owls", "score": away}]},
        "health": {"connected": True, "last_message_ms": NOW - age_ms, "reconnects": reconnects},
    }  # fmt: skip


def kinds(watch: Watch, shown: dict, now: int = NOW) -> list[str]:
    return [alert["kind"] for alert in watch.alerts(shown, now)]


def test_a_quiet_game_in_good_health_raises_no_alert():
    assert kinds(Watch(), tile(row(), NOW)) == []


def test_a_feed_silent_for_more_than_ten_seconds_alerts_with_its_age():
    watch = Watch()
    assert kinds(watch, tile(row(age_ms=SILENT_MS), NOW)) == []
    alerts = watch.alerts(tile(row(age_ms=SILENT_MS + 1_500), NOW), NOW)
    assert alerts == [{"kind": "silent", "text": "Feed silent 11 s"}]


def test_a_finished_game_is_never_silent():
    assert kinds(Watch(), tile(row(status="final", age_ms=600_000), NOW)) == []


def test_a_score_that_differs_from_shottrackers_settled_totals_alerts():
    totals = {"homeTeamScore": {"value": 12}, "awayTeamScore": {"value": 8}}
    same = {"homeTeamScore": {"value": 10}, "awayTeamScore": {"value": 8}}
    assert kinds(Watch(), tile(row(), NOW, same)) == []
    assert Watch().alerts(tile(row(), NOW, totals), NOW) == [
        {"kind": "mismatch", "text": "Score differs from ShotTracker (12-8)"}
    ]


def test_three_reconnects_within_two_minutes_alert_and_old_ones_fade():
    watch = Watch()
    assert kinds(watch, tile(row(reconnects=1), NOW), NOW) == []
    assert kinds(watch, tile(row(reconnects=4), NOW), NOW + 10_000) == ["reconnects"]
    assert kinds(watch, tile(row(reconnects=4), NOW), NOW + 200_000) == []


def test_a_close_game_in_the_last_two_minutes_alerts_and_its_clock_runs_on():
    assert kinds(Watch(), tile(row(10, 8, left_ms=200_000), NOW)) == []
    assert kinds(Watch(), tile(row(20, 8, left_ms=90_000), NOW)) == []  # not close
    running = tile(row(10, 8, left_ms=121_500, running=True), NOW)  # 1 s since the summary
    assert running["left_ms"] == 120_500
    assert Watch().alerts(tile(row(10, 8, left_ms=90_000), NOW), NOW) == [
        {"kind": "close", "text": "Close game, 01:30 left"}
    ]


def test_a_lead_change_alerts_for_a_while_then_goes():
    watch = Watch()
    assert kinds(watch, tile(row(10, 8), NOW)) == []
    assert kinds(watch, tile(row(10, 10), NOW), NOW + 1_000) == []  # a tie is no change
    assert watch.alerts(tile(row(10, 11), NOW), NOW + 2_000) == [
        {"kind": "lead", "text": "Lead change: Owls"}
    ]
    assert kinds(watch, tile(row(10, 11), NOW), NOW + 30_000) == []


def test_players_on_no_roster_alert_while_their_stats_are_held_off_air():
    held = row()
    held["health"]["unconfirmed"] = [{"player_id": 990001, "team_id": 1, "messages": 2}]
    assert Watch().alerts(tile(held, NOW), NOW) == [
        {"kind": "unconfirmed", "text": "1 player(s) on no roster: held off air"}
    ]
    assert kinds(Watch(), tile(row(), NOW)) == []


def test_a_tile_says_its_period_play_and_clock_in_the_consoles_words():
    shown = tile(row(left_ms=123_400, running=True), NOW)  # 1 s since the summary
    assert (shown["phase"], shown["play_state"], shown["clock"]) == ("2nd", "Ball live", "02:03")
    halftime = tile(row(status="halftime"), NOW)
    assert (halftime["phase"], halftime["play_state"]) == ("Half", "")
    assert tile(row(), NOW)["feed"] == "Feed connected"
    before_any_marker = row()
    before_any_marker["summary"]["play_state"] = None
    assert tile(before_any_marker, NOW)["play_state"] == ""


def test_a_practice_tile_counts_its_clock_up_as_the_console_does():
    practice = row(running=True)
    practice["kind"] = "practice"
    practice["summary"]["clock"]["elapsed_ms"] = 65_000
    practice["summary"]["drill"] = {"number": 2, "name": "Shooting"}
    shown = tile(practice, NOW)
    assert shown["clock"] == "01:06"  # 65 s, run on for the second since
    assert shown["phase"] == "Drill 2 · Shooting"  # as the console's scoreboard names it


def test_each_team_wears_the_colour_the_console_gives_it():
    teams = [{"id": 1, "name": "Hawks"}, {"id": 2, "name": "Owls"}]
    console = vocabulary.team_identities(teams)
    shown = tile(row(), NOW)["teams"]
    assert [(t["colour"], t["ink"], t["abbr"]) for t in shown] == [
        (c["colour"], c["ink"], c["abbr"]) for c in console
    ]
    assert shown[0]["colour"] != shown[1]["colour"]
