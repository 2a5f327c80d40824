from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.models import Report
from reporting.selectors.keys import association_public_keys
from reporting.services.reports import report_submit
from reporting.submission import ReportSubmission
from reporting.synthetic import create_synthetic_reports

DEMO_SEED = 20261127


class Command(BaseCommand):
    help = "Seed the demo: synthetic reports and a few reports with printed receipt codes."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=300)

    def handle(self, *args, count, **options):
        if Report.objects.exists():
            self.stdout.write("Demo data exists already; nothing seeded.")
            return
        today = timezone.localdate()
        recipients = association_public_keys()
        for year in (today.year - 1, today.year):
            create_synthetic_reports(
                count=count // 2, year=year, recipients=recipients, seed=DEMO_SEED + year
            )
        self.stdout.write(f"Seeded {count} synthetic reports.")
        lines = []
        for language, narrative in (
            (
                "de",
                "Bei der Wohnungssuche hat mir der Makler am Telefon abgesagt, als er "
                "meinen Namen hörte. (Demo-Meldung)",
            ),
            ("ar", "رفض صاحب العمل مقابلتي بعد أن رأى اسمي. (بلاغ تجريبي)"),
        ):
            submitted = report_submit(
                submission=ReportSubmission(
                    language=language,
                    narrative=narrative,
                    incident_month=today.strftime("%Y-%m"),
                    district="14612",
                    grounds=["RACISM"],
                    areas=["HOUSING" if language == "de" else "WORK"],
                    forms=["DIRECT"],
                    reporter_role="AFFECTED",
                    reported_to_police="NO",
                    consent_referral=True,
                )
            )
            code = submitted.receipt_code
            lines.append(f"  {language}: {' '.join(code[i : i + 4] for i in range(0, 16, 4))}")
        self.stdout.write("Demo receipt codes (log in at /de/receipt/):\n" + "\n".join(lines))
