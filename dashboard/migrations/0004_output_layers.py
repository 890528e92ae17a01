"""Outputs get three layers (bug, lower, full), each with a program and a cue, and a control token."""

import secrets

from django.db import migrations, models

import dashboard.overlay.models

HOME_LAYER = {"scorebug": "bug", "lower_third": "lower"}  # every other graphic: full


def to_layers(apps, schema_editor):
    Output = apps.get_model("dashboard", "Output")
    for output in Output.objects.all():
        if output.graphic:
            layer = HOME_LAYER.get(output.graphic, "full")
            output.program = {layer: {"graphic": output.graphic, "options": output.options}}
        if output.cued_graphic:
            layer = HOME_LAYER.get(output.cued_graphic, "full")
            output.cued = {layer: {"graphic": output.cued_graphic, "options": output.cued_options}}
        output.control_token = secrets.token_urlsafe(32)
        output.save(update_fields=["program", "cued", "control_token"])


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0003_role_groups")]

    operations = [
        migrations.AddField("output", "program", models.JSONField(blank=True, default=dict)),
        migrations.AddField("output", "cued", models.JSONField(blank=True, default=dict)),
        migrations.AddField("output", "control_token", models.CharField(max_length=64, null=True)),
        migrations.RunPython(to_layers, migrations.RunPython.noop),
        migrations.AlterField(
            "output",
            "control_token",
            models.CharField(default=dashboard.overlay.models.new_key, max_length=64, unique=True),
        ),
        migrations.RemoveField("output", "graphic"),
        migrations.RemoveField("output", "options"),
        migrations.RemoveField("output", "cued_graphic"),
        migrations.RemoveField("output", "cued_options"),
    ]
