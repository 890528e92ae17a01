"""The feed's health figures: rates, ages and counters as the panel shows them."""

from __future__ import annotations

from broadcast.relay.health import FeedHealth


def test_rates_are_messages_per_second_by_type():
    health = FeedHealth()
    health.update_rates(10_000)
    for i in range(50):
        health.message("location", 10_000 + i)
    health.message("stats", 10_100)
    health.update_rates(12_000)
    report = health.report(12_000, version_gaps=0, last_version=3)
    assert report["rates"]["location"] == 25.0
    assert report["rates"]["stats"] == 0.5


def test_the_age_of_the_last_message_is_reported():
    health = FeedHealth()
    health.message("marker", 1_000)
    report = health.report(1_750, version_gaps=2, last_version=9)
    assert report["last_message_age_ms"] == 750
    assert report["version_gaps"] == 2


def test_a_game_is_connected_while_any_of_its_sessions_is():
    health = FeedHealth()
    health.connected.update({"h1": False, "h2": True})
    assert health.report(0, version_gaps=0, last_version=0)["connected"] is True
    health.connected["h2"] = False
    assert health.report(0, version_gaps=0, last_version=0)["connected"] is False
