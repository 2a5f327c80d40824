# The staff notification task moved from reporting/tasks.py to reporting/notifications.py
# (no more import circle between the services and the scheduled jobs): notifications
# still queued under the old path are run under the new one.
from django.db import migrations

OLD, NEW = "reporting.tasks.notify_staff", "reporting.notifications.notify_staff"


def move(apps, schema_editor, old=OLD, new=NEW):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    results.objects.filter(task_path=old).update(task_path=new)


def move_back(apps, schema_editor):
    move(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0053_auditevent_export_detail"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(move, move_back)]
