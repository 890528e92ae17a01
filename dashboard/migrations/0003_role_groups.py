"""The role groups, ``operator`` and ``coach``, with their permissions, on every database.

Staff put people in these groups in the admin, so they must exist from the first
``migrate`` on (they used to be created on first use). The permissions are written out
here as they were when this migration was made; ``dashboard.roles.ROLE_PERMISSIONS`` must
stay equal (a test compares them): a change to either needs a new migration.
"""

from django.db import migrations

ROLE_PERMISSIONS = {
    "operator": (
        "broadcast.view_game",
        "broadcast.view_livesession",
        "dashboard.add_output",
        "dashboard.change_output",
        "dashboard.view_output",
    ),
    "coach": (
        "broadcast.view_game",
        "dashboard.view_coachprofile",
    ),
}


def create_role_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    alias = schema_editor.connection.alias
    # Permissions are made after the last migration (post_migrate); on a fresh database
    # they do not exist yet, so make those of the two apps now (idempotent).
    for label in ("broadcast", "dashboard"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, verbosity=0, using=alias, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(alias).get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.using(alias).get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("broadcast", "0002_session_name"),
        ("dashboard", "0002_output"),
    ]

    # Backwards: the groups stay (people are in them).
    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
