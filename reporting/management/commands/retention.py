from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.services.retention import (
    case_close_inactive,
    case_content_destroy,
    inactive_cases_warn,
    retention_plan,
)


class Command(BaseCommand):
    help = (
        "Destroy the content of cases closed longer than the retention period, close and "
        "destroy cases without activity for the inactivity period, and announce those a "
        "month from it (what the daily retention task does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would go.")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        plan = retention_plan(now=now)
        self.stdout.write(
            f"Cases closed on or before {plan.cutoff:%Y-%m-%d}: {len(plan.case_ids)} due."
        )
        for case_id in plan.case_ids:
            if dry_run:
                self.stdout.write(f"  would destroy the content of case {case_id}")
            else:
                case_content_destroy(case_id=case_id)
                self.stdout.write(f"  destroyed the content of case {case_id}")
        self.stdout.write(f"Cases without activity, announced: {len(plan.inactive_ids)} due.")
        for case_id in plan.inactive_ids:
            if dry_run:
                self.stdout.write(f"  would close case {case_id} and destroy its content")
            elif case_close_inactive(case_id=case_id, now=now):
                self.stdout.write(f"  closed case {case_id} and destroyed its content")
        self.stdout.write(f"Cases to announce to the administrators: {len(plan.warn_ids)}.")
        for case_id in plan.warn_ids:
            self.stdout.write(f"  case {case_id}")
        if not dry_run:
            inactive_cases_warn(now=now)
