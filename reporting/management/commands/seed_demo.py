import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.demo.casework import create_demo_case_work
from reporting.demo.counselling import create_demo_counselling_services
from reporting.demo.links import create_demo_links
from reporting.demo.organisations import DEMO_RECOVERY_KDF, build_member_organisations
from reporting.demo.own_cases import create_demo_own_cases
from reporting.management.commands.seed_synthetic import seed_synthetic
from reporting.models import Organisation, Referral, Report
from reporting.services.institutions import matching_key_grants_write
from reporting.services.keys import (
    KeyringExists,
    association_keyring_create,
    organisation_key_create,
    organisation_key_recover,
)
from reporting.services.reports import report_submit
from reporting.services.staff_accounts import staff_create
from reporting.services.staff_keys import key_grant
from reporting.vocabulary.roles import Role
from reporting.vocabulary.submission import ReportSubmission

DEMO_SEED = 20261127
DEMO_PASSWORD = "demo-passwort-2026"  # noqa: S105 - printed demo login, DEBUG only
DEMO_STAFF = [
    ("demo-fallarbeit", [Role.CASEWORKER]),
    ("demo-admin", [Role.ADMINISTRATOR, Role.CASEWORKER]),
    ("demo-statistik", [Role.STATISTICS]),
]


class Command(BaseCommand):
    help = "Seed the demo: keys, staff logins, synthetic reports and reports with receipt codes."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=600)

    def handle(self, *args, count, **options):
        if Report.objects.exists():
            self.stdout.write("Demo data exists already; nothing seeded.")
            return
        caseworkers = self._staff()
        partner_logins = self._members()
        now = timezone.now()
        count_services = create_demo_counselling_services()
        self.stdout.write(f"Seeded {count_services} fictional counselling services.")
        today = timezone.localdate()
        # Last year whole, this year up to today; the seeder stamps nothing after now.
        for year in (today.year - 1, today.year):
            seed_synthetic(count=count // 2, year=year, seed=DEMO_SEED)
        work = create_demo_case_work(caseworkers=caseworkers, seed=DEMO_SEED, now=now)
        self.stdout.write(
            f"Seeded {count} synthetic reports, {work['messages']} messages and "
            f"{work['referrals']} referrals."
        )
        self._partner_login(partner_logins)
        self._member_caseworkers()
        if self._association_private is not None:
            # As `manage.py keys grant-matching` would: institutions named on the demo
            # cases are matched across the network from the first login on.
            granted = matching_key_grants_write(keys=[self._association_private])
            self.stdout.write(f"Gave the institution matching key to {granted} organisation keys.")
        self._reports_with_receipts(today)
        linked = create_demo_links(actor=caseworkers[0])
        self.stdout.write(
            f"Seeded linked reports: cases {', '.join(f'#{c.pk}' for c in linked[:3])} about one "
            f"incident, #{linked[3].pk} a duplicate."
        )

    def _staff(self):
        try:
            # The demo association is the fictional operator of `make run` (settings.py).
            created = association_keyring_create(name=settings.OPERATOR["name"])
        except KeyringExists:
            self.stderr.write("The association key exists: demo staff get no key grants.")
            private = None
        else:
            self.stdout.write(f"Association recovery code (demo): {created.recovery_code}")
            private = organisation_key_recover(key=created.key, recovery_code=created.recovery_code)
        self._association_private = private
        association = Organisation.objects.get(kind=Organisation.Kind.ASSOCIATION)
        lines = []
        for username, roles in DEMO_STAFF:
            if get_user_model().objects.filter(username=username).exists():
                continue
            user, totp, codes = staff_create(
                username=username, password=DEMO_PASSWORD, organisation=association, roles=roles
            )
            if private is not None and Role.STATISTICS not in roles:
                key_grant(organisation_key=created.key, private_key=private, user=user)
            secret = base64.b32encode(totp.bin_key).decode()
            lines.append(
                f"  {username:16} password {DEMO_PASSWORD}  TOTP secret {secret}  "
                f"backup codes {' '.join(codes[:3])}"
            )
        self.stdout.write(
            "Demo staff logins at http://127.0.0.1:8000/de/office/login/\n" + "\n".join(lines)
        )
        caseworkers = [name for name, roles in DEMO_STAFF if Role.CASEWORKER in roles]
        return list(get_user_model().objects.filter(username__in=caseworkers).order_by("pk"))

    def _members(self) -> dict[int, str]:
        """66 fictional member organisations; the first 12 have a partner who holds the key.
        Returns each partner's login line by organisation."""
        self._member_keys = {}
        if Organisation.objects.filter(kind=Organisation.Kind.MEMBER).exists():
            return {}
        logins = {}
        for number, organisation in enumerate(build_member_organisations(DEMO_SEED), start=1):
            organisation.save()
            created = organisation_key_create(organisation=organisation, kdf=DEMO_RECOVERY_KDF)
            if number > 12:
                continue
            partner, totp, codes = staff_create(
                username=f"demo-partner-{number:02d}",
                password=DEMO_PASSWORD,
                organisation=organisation,
                roles=[Role.PARTNER],
            )
            private = organisation_key_recover(key=created.key, recovery_code=created.recovery_code)
            key_grant(organisation_key=created.key, private_key=private, user=partner)
            if number <= 2:  # kept for the member caseworkers (_member_caseworkers)
                self._member_keys[organisation.pk] = (created.key, private)
            secret = base64.b32encode(totp.bin_key).decode()
            logins[organisation.pk] = (
                f"  {partner.username:16} password {DEMO_PASSWORD}  TOTP secret {secret}  "
                f"backup codes {' '.join(codes[:3])}  ({organisation.name})"
            )
        self.stdout.write("Seeded 66 fictional member organisations.")
        return logins

    def _member_caseworkers(self) -> None:
        """Two member organisations document their own cases (issue 19): a member
        caseworker each, holding the organisation's key, with a handful of own cases."""
        members = list(Organisation.objects.filter(kind=Organisation.Kind.MEMBER).order_by("pk"))
        if get_user_model().objects.filter(username="demo-fall-01").exists():
            return
        workers, lines = [], []
        for number, organisation in enumerate(members[:2], start=1):
            key, private = self._member_keys.get(organisation.pk, (None, None))
            if key is None:
                continue
            worker, totp, codes = staff_create(
                username=f"demo-fall-{number:02d}",
                password=DEMO_PASSWORD,
                organisation=organisation,
                roles=[Role.MEMBER_CASEWORKER],
            )
            key_grant(organisation_key=key, private_key=private, user=worker)
            workers.append(worker)
            secret = base64.b32encode(totp.bin_key).decode()
            lines.append(
                f"  {worker.username:16} password {DEMO_PASSWORD}  TOTP secret {secret}  "
                f"backup codes {' '.join(codes[:3])}  ({organisation.name})"
            )
        made = create_demo_own_cases(workers=workers, seed=DEMO_SEED)
        self.stdout.write(
            f"Member caseworker logins ({made} own cases, sealed to their organisation):\n"
            + "\n".join(lines)
        )

    def _partner_login(self, logins: dict[int, str]) -> None:
        """The login of a partner with referrals to answer, so the demo shows that work."""
        if not logins:
            return
        referrals = Referral.objects.filter(organisation__in=logins).order_by("-created_at")
        waiting = next(
            (
                organisation
                for status in Referral.OPEN
                for organisation in referrals.filter(status=status).values_list(
                    "organisation", flat=True
                )[:1]
            ),
            None,
        )
        self.stdout.write(
            "Partner logins demo-partner-01 … -12 (one with a referral to answer):\n"
            + logins.get(waiting, next(iter(logins.values())))
        )

    def _reports_with_receipts(self, today):
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
                    incident_types=["DISCRIMINATION"],
                    reporter_role="AFFECTED",
                    reported_to_police="NO",
                    consent_processing=True,
                    consent_referral=True,
                )
            )
            code = submitted.receipt_code
            lines.append(f"  {language}: {' '.join(code[i : i + 4] for i in range(0, 16, 4))}")
        self.stdout.write(
            "Demo receipt codes (log in at http://127.0.0.1:8000/de/receipt/):\n" + "\n".join(lines)
        )
