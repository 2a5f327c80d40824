from django.core.management import call_command
from django.core.management.base import BaseCommand

from reporting.services.task_recovery import stale_tasks_requeue
from reporting.tasks import reminders_daily, retention_daily


class Command(BaseCommand):
    help = (
        "Run the task worker: first re-queue tasks of dead workers and schedule retention "
        "and reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args, batch, **options):
        requeued = stale_tasks_requeue()
        if requeued:
            self.stdout.write(f"Re-queued {requeued} task(s) left running by a dead worker.")
        from django_tasks_db.models import DBTaskResult

        if not DBTaskResult.objects.filter(task_path__endswith="retention_daily").ready().exists():
            retention_daily.enqueue()
        if not DBTaskResult.objects.filter(task_path__endswith="reminders_daily").ready().exists():
            reminders_daily.enqueue()
        call_command("db_worker", batch=batch, no_startup_delay=True)
