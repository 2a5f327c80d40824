"""CaseEvent held the whole audit trail (logins, keys, statistics steps), not only a
case's events: it is called what it is. The table is renamed with it."""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0028_audit_verbs_interventions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="CaseEvent", new_name="AuditEvent"),
    ]
