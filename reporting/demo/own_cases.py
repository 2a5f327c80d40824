"""A handful of own cases for two fictional member organisations (issue 19): recorded
by their member caseworkers, sealed to each organisation's key alone, received in the
past weeks (never after today), one shared with the association."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from reporting.models import Case, Report
from reporting.services.cases import case_transition, note_add
from reporting.services.reports import report_intake
from reporting.services.shares import case_share
from reporting.vocabulary.submission import ReportSubmission

_STORIES = [
    ("HOUSING", "Die Hausverwaltung lehnte die Besichtigung ab, als sie den Namen hörte. (Demo)"),
    ("WORK", "Im Vorstellungsgespräch wurde nach der Religion gefragt. (Demo)"),
    ("EDUCATION", "Die Lehrerin sagte vor der Klasse, solche Kinder lernten nie Deutsch. (Demo)"),
    ("GOODS_SERVICES", "Am Einlass hieß es, heute nur für Stammgäste. (Demo)"),
    ("PUBLIC_SPACE", "Im Bus wurde eine Frau mit Kopftuch beschimpft. (Demo)"),
]
_GROUNDS = ["RACISM", "RELIGION", "DISABILITY", "GENDER", "AGE"]


def create_demo_own_cases(*, workers: list, seed: int, per_organisation: int = 4) -> int:
    """`workers`: one member caseworker per organisation, holding its key. Returns how
    many own cases were recorded."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data
    today = timezone.localdate()
    made = 0
    for worker in workers:
        organisation = worker.staff.organisation
        district = (organisation.districts or ["14612"])[0]
        for number in range(per_organisation):
            area, narrative = _STORIES[(made + number) % len(_STORIES)]
            # Within this year: the tallies the intake counted it under stay right.
            received = max(
                today - datetime.timedelta(days=rng.randint(0, 60)), today.replace(month=1, day=1)
            )
            submitted = report_intake(
                submission=ReportSubmission(
                    language="de",
                    narrative=narrative,
                    incident_month=received.strftime("%Y-%m"),
                    district=district,
                    grounds=[rng.choice(_GROUNDS)],
                    areas=[area],
                    forms=["DIRECT"],
                    incident_types=["DISCRIMINATION"],
                    reporter_role="AFFECTED",
                    reported_to_police="NO",
                    consent_processing=True,
                    consent_referral=number == 0,
                ),
                channel="IN_PERSON" if number % 2 else "PHONE",
                actor=worker,
                receipt=False,
                member_organisation=organisation,
            )
            case = submitted.report.case
            with transaction.atomic():
                # Received in the past weeks, as a real caseload (never after today).
                Report.objects.filter(pk=case.report_id).update(created_on=received)
                Case.objects.filter(pk=case.pk).update(received_on=received)
            if number > 0:
                case_transition(
                    case=case, actor=worker, to_status="IN_REVIEW", expected_version=case.version
                )
                note_add(case=case, actor=worker, body="Rückruf vereinbart. (Demo)")
            else:
                case_share(
                    case=case,
                    actor=worker,
                    summary="Wohnungssuche, Absage nach Namensnennung; Beratung läuft. (Demo)",
                )
            made += 1
    return made
