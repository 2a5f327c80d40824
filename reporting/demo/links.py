"""Demo linked incidents: three witnesses of one attack, linked to one incident, and a
report one of them sent twice, marked a duplicate. Received today (never after), linked
through the services, so the tallies and the audit trail are as in real work: 3 reports
about 1 incident."""

from django.utils import timezone

from reporting.models import Case, CaseLink
from reporting.services.cases import case_assess
from reporting.services.links import case_link
from reporting.services.reports import report_submit
from reporting.vocabulary.submission import ReportSubmission

_WITNESSES = (
    (
        "de",
        "An der Haltestelle wurde ein Mann beschimpft und gestoßen, weil er Arabisch sprach. "
        "Ich stand daneben. (Demo-Meldung, Zeugin 1)",
    ),
    (
        "de",
        "Ich habe gesehen, wie zwei Männer an der Haltestelle einen anderen Mann rassistisch "
        "beleidigt und geschubst haben. (Demo-Meldung, Zeuge 2)",
    ),
    (
        "uk",
        "Я бачила, як на зупинці чоловіка образили та штовхнули. (Демо-повідомлення, свідок 3)",
    ),
)


def _witness_report(language: str, narrative: str, month: str) -> Case:
    return report_submit(
        submission=ReportSubmission(
            language=language,
            narrative=narrative,
            incident_month=month,
            district="14713",
            grounds=["RACISM", "LANGUAGE"],
            areas=["PUBLIC_TRANSPORT"],
            forms=["HARASSMENT"],
            incident_types=["ASSAULT"],
            reporter_role="WITNESS",
            reported_to_police="YES",
            consent_processing=True,
        )
    ).report.case


def create_demo_links(*, actor) -> list[Case]:
    """The four linked demo cases, the lead first (assessed as discrimination)."""
    month = timezone.localdate().strftime("%Y-%m")
    lead, *others = (_witness_report(language, text, month) for language, text in _WITNESSES)
    duplicate = _witness_report(*_WITNESSES[1], month)
    case_assess(
        case=lead,
        actor=actor,
        expected_version=lead.version,
        grounds=["RACISM", "LANGUAGE"],
        areas=["PUBLIC_TRANSPORT"],
        forms=["HARASSMENT"],
        district="14713",
        incident_month=month,
        is_discrimination=True,
        incident_types=["ASSAULT"],
    )
    for case, kind in (*((o, CaseLink.SAME_INCIDENT) for o in others),
                       (duplicate, CaseLink.DUPLICATE)):  # fmt: skip
        case_link(case=case, lead=lead, kind=kind, actor=actor, expected_version=case.version)
    return [lead, *others, duplicate]
