"""Synthetic reports for demos and benchmarks: realistic spread, real encryption.

Content is sealed to the association like a real report, but without a
reporter key or receipt (no Argon2id), so thousands can be made per second.
Nothing here describes a real person or organisation.
"""

import datetime
import json
import random
import uuid

from django.utils import timezone

from reporting.crypto import PublicKey, seal
from reporting.models import Case, CaseStatus, Report
from reporting.services.tallies import tallies_rebuild
from reporting.vocabulary.consent import CONSENT_VERSION
from reporting.vocabulary.taxonomy import (
    Area,
    District,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)
from reporting.vocabulary.workflow import exclusion_after

# Each report is written in the language it says it was written in (_LANGUAGES).
_NARRATIVES = {
    "de": [
        "Bei der Wohnungsbesichtigung wurde mir gesagt, die Wohnung sei schon vergeben.",
        "Im Bus wurde ich wegen meiner Sprache beschimpft.",
        "Beim Amt wurde mir ohne Dolmetscher keine Auskunft gegeben.",
        "Der Türsteher ließ meine Freunde und mich nicht in den Club.",
    ],
    "en": [
        "At work my colleague keeps making remarks about my headscarf.",
        "In the shop the security guard followed only me.",
    ],
    "uk": ["У співбесіді мене запитали про мій статус проживання, а не про досвід."],
    "ru": ["Моему сыну в школе говорят, что он здесь чужой."],
    "ar": ["قالوا لي في البنك إنهم لا يفتحون حسابات لأشخاص مثلي."],
    "fa": ["صاحبخانه گفت به خارجی‌ها خانه اجاره نمی‌دهد."],
    "pl": ["Kierownik powiedział, że na tym stanowisku nie zatrudnia osób z akcentem."],
    "ro": ["La cabinetul medical mi s-a spus să revin cu cineva care vorbește germana."],
    "vi": ["Ở cửa hàng, nhân viên bảo vệ chỉ đi theo tôi."],
    "cs": ["V restauraci nás kvůli naší řeči odmítli obsloužit."],
    "tr": ["Ev sahibi yabancılara ev kiralamadığını söyledi."],
}
# Weights roughly like published German monitoring figures, not real data.
_GROUND_WEIGHTS = {
    Ground.RACISM: 40,
    Ground.ANTI_MUSLIM: 8,
    Ground.NATIONALITY: 10,
    Ground.LANGUAGE: 9,
    Ground.RESIDENCE_STATUS: 6,
    Ground.RELIGION: 5,
    Ground.GENDER: 6,
    Ground.ANTISEMITISM: 3,
    Ground.ANTIZIGANISM: 2,
    Ground.DISABILITY: 3,
    Ground.AGE: 2,
    Ground.SOCIAL_STATUS: 2,
    Ground.APPEARANCE: 2,
    Ground.FAMILY_STATUS: 1,
    Ground.BELIEF: 1,
    Ground.SEXUAL_IDENTITY: 1,
    Ground.OTHER: 1,
}
# Most reported incidents are insults and unequal treatment, few are attacks.
_INCIDENT_TYPE_WEIGHTS = {
    IncidentType.DISCRIMINATION: 40,
    IncidentType.VERBAL_ABUSE: 30,
    IncidentType.THREAT: 8,
    IncidentType.PROPAGANDA: 5,
    IncidentType.PROPERTY_DAMAGE: 3,
    IncidentType.ASSAULT: 3,
    IncidentType.EXTREME_VIOLENCE: 1,
}
# The roles a reporter names (the same random draws as before "not said" existed).
_NAMED_ROLES = [ReporterRole.AFFECTED, ReporterRole.WITNESS, ReporterRole.ON_BEHALF]
_DISTRICT_WEIGHTS = {District.LEIPZIG: 22, District.DRESDEN: 20, District.CHEMNITZ: 10}
_STATUSES = [
    CaseStatus.NEW,
    CaseStatus.IN_REVIEW,
    CaseStatus.IN_COUNSELLING,
    CaseStatus.DOCUMENTED,
    CaseStatus.CLOSED,
]
_LANGUAGES = ["de"] * 5 + ["en", "uk", "ru", "ar", "fa", "pl", "ro", "vi", "cs", "tr"]


# One draw of 0…8 per report's text, as when the texts were one list of nine: every
# other draw of the demo stays what it was (its mix of statuses and ages included).
_TEXT_DRAW = 9


def _narrative(rng: random.Random, language: str) -> str:
    texts = _NARRATIVES[language]
    return texts[rng.randrange(_TEXT_DRAW) % len(texts)]


def _pick_some(rng: random.Random, weights: dict, most: int) -> list[str]:
    codes, w = list(weights), list(weights.values())
    return sorted({str(c) for c in rng.choices(codes, w, k=rng.randint(1, most))})


def _received_on(rng: random.Random, year: int, today: datetime.date) -> datetime.date:
    """A day of `year`, never after `today`: in the current year the draw is scaled
    onto the days gone by, so the demo never lists a report received in the future."""
    drawn = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    if year < today.year:
        return drawn
    first = datetime.date(year, 1, 1)
    fraction = (drawn - first).days / 366
    return first + datetime.timedelta(days=int(fraction * ((today - first).days + 1)))


def build_synthetic_reports(
    *, count: int, year: int, recipients: list[PublicKey], rng: random.Random
) -> list[Report]:
    today = timezone.localdate()
    if year > today.year:
        raise ValueError(f"{year} lies in the future: no report can have been received then.")
    districts = {d: _DISTRICT_WEIGHTS.get(d, 4) for d in District}
    reports = []
    for _ in range(count):
        received_on = _received_on(rng, year, today)
        report = Report(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            created_on=received_on,
            language=rng.choice(_LANGUAGES),
            reporter_role=rng.choices(_NAMED_ROLES, [70, 20, 10])[0],
            incident_month="" if rng.random() < 0.08 else f"{received_on:%Y-%m}",
            district=rng.choices(list(districts), list(districts.values()))[0],
            grounds=_pick_some(rng, _GROUND_WEIGHTS, 2),
            areas=_pick_some(
                rng,
                {
                    a: (
                        8
                        if a in (Area.WORK, Area.HOUSING, Area.AUTHORITIES, Area.PUBLIC_SPACE)
                        else 3
                    )
                    for a in Area
                },
                2,
            ),
            forms=_pick_some(rng, {f: 3 for f in Form}, 2),
            incident_types=_pick_some(rng, _INCIDENT_TYPE_WEIGHTS, 2),
            reported_to_police=rng.choices(list(PoliceReport), [10, 50, 40])[0],
            consent_processing=True,
            consent_contact=rng.random() < 0.4,
            consent_referral=rng.random() < 0.5,
            consent_version=CONSENT_VERSION,
        )
        document = {
            "narrative": _narrative(rng, report.language),
            "incident_date": "",
            "place_detail": "",
            "ground_other": "",
            "area_other": "",
            "form_other": "",
        }
        report.content = seal(
            json.dumps(document, ensure_ascii=False).encode(),
            recipients=recipients,
            context=report.context("content"),
        )
        reports.append(report)
    return reports


def create_synthetic_reports(
    *,
    count: int,
    year: int,
    recipients: list[PublicKey],
    seed: int,
    batch_size: int = 2000,
    member_organisation_id: int | None = None,
    rebuild_tallies: bool = True,
) -> int:
    """`member_organisation_id`: the cases are that member organisation's own (seal them
    to its key in `recipients`). Several calls may rebuild the tallies once at the end."""
    rng = random.Random(seed)
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        reports = Report.objects.bulk_create(
            build_synthetic_reports(count=size, year=year, recipients=recipients, rng=rng)
        )
        statuses = [rng.choice(_STATUSES) for _ in reports]
        cases = [
            Case(
                report=r,
                status=status,
                excluded_as=exclusion_after(status, ""),
                unread_for_staff=False,
                member_organisation_id=member_organisation_id,
            )
            for r, status in zip(reports, statuses, strict=True)
        ]
        for case in cases:
            case.classify(case.report)
        Case.objects.bulk_create(cases)
        created += size
    if rebuild_tallies:
        tallies_rebuild([year])
    return created
