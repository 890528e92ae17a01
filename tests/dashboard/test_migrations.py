"""Outputs made before layers keep what they had on air and cued, on the graphic's layer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("dashboard", "0003_role_groups"), ("broadcast", "0003_relay_heartbeat")]
AFTER = [("dashboard", "0004_output_layers")]


@pytest.mark.django_db(transaction=True)
def test_an_output_from_before_layers_keeps_its_program_and_cue_on_their_layers():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    game = old.get_model("broadcast", "Game").objects.create(event_id="ev-old", name="Old")
    Output = old.get_model("dashboard", "Output")
    bug = Output.objects.create(game=game, name="Bug", key="k1", graphic="scorebug")
    box = Output.objects.create(
        game=game, name="Box", key="k2", graphic="box_score", options={"team": 7},
        cued_graphic="lower_third", cued_options={"player": 3},
    )  # fmt: skip
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("dashboard", "Output")
        migrated = {o.pk: o for o in new.objects.all()}
        assert migrated[bug.pk].program == {"bug": {"graphic": "scorebug", "options": {}}}
        assert migrated[box.pk].program == {
            "full": {"graphic": "box_score", "options": {"team": 7}}
        }
        assert migrated[box.pk].cued == {
            "lower": {"graphic": "lower_third", "options": {"player": 3}}
        }
        tokens = {o.control_token for o in migrated.values()}
        assert len(tokens) == 2 and all(len(t) >= 32 for t in tokens)  # each its own token
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
