from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("work_on_cases", "Triage and work on the association's cases"),
    ("handle_referrals", "Read and answer the referrals to one's own organisation"),
    ("read_statistics", "Read live statistics"),
    ("publish_statistics", "Prepare, approve and publish annual statistics"),
    ("administer", "Grant organisation keys and read the whole audit trail"),
]
# As reporting.permissions.ROLE_PERMISSIONS at the time of this migration.
ROLE_PERMISSIONS = {
    "caseworker": ["work_on_cases", "read_statistics"],
    "partner": ["handle_referrals"],
    "statistics": ["read_statistics", "publish_statistics"],
    "administrator": ["work_on_cases", "administer"],
}


def give_roles_their_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    app_config = apps.get_app_config("reporting")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="reporting", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0014_login_slow_down"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(name="staffprofile", options={"permissions": PERMISSIONS}),
        migrations.RunPython(give_roles_their_permissions, migrations.RunPython.noop),
    ]
