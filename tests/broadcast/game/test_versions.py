"""Version gaps: versions skipped are counted once, and filled when they turn up."""

from __future__ import annotations

from tests.broadcast.game.conftest import HOME, JANE
from tests.broadcast.game.messages import stats


def steal(version: int):
    return stats(JANE, version, "STEAL", team_id=HOME, STL=version)


def test_a_skipped_version_is_counted_once(game):
    for version in (1, 2, 4, 5, 6):
        game.apply(steal(version))

    assert (game.last_version, game.version_gaps) == (6, 1)


def test_a_late_version_fills_its_gap(game):
    for version in (1, 2, 5):
        game.apply(steal(version))
    assert game.version_gaps == 2

    game.apply(steal(3))
    game.apply(steal(4))

    assert (game.last_version, game.version_gaps) == (5, 0)
    assert game.snapshot()["version_gaps"] == 0


def test_joining_mid_game_counts_no_gap_before_the_first_version_seen(game):
    game.apply(steal(317))
    game.apply(steal(318))

    assert (game.last_version, game.version_gaps) == (318, 0)


def test_rest_totals_cover_the_versions_they_reflect(game):
    game.apply(steal(10))
    game.apply(steal(14))
    assert game.version_gaps == 3

    game.apply_totals(HOME, JANE, {"STL": 13}, 13)

    assert (game.last_version, game.version_gaps) == (14, 0)


def test_a_duplicate_is_not_a_new_version(game):
    game.apply(steal(1))
    game.apply(steal(1))
    game.apply(steal(2))

    assert (game.last_version, game.version_gaps) == (2, 0)
