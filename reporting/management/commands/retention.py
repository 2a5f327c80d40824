from django.core.management.base import BaseCommand

from reporting.services.retention import case_content_destroy, retention_plan


class Command(BaseCommand):
    help = "Destroy the content of cases closed longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would go.")

    def handle(self, *args, dry_run, **options):
        plan = retention_plan()
        self.stdout.write(
            f"Cases closed on or before {plan.cutoff:%Y-%m-%d}: {len(plan.case_ids)} due."
        )
        for case_id in plan.case_ids:
            if dry_run:
                self.stdout.write(f"  would destroy the content of case {case_id}")
            else:
                case_content_destroy(case_id=case_id)
                self.stdout.write(f"  destroyed the content of case {case_id}")
