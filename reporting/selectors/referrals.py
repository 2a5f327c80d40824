"""Which member organisation fits a case, and what a referral says."""

import datetime
import json
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from reporting.crypto import DecryptionError, PrivateKey, open_sealed
from reporting.models import Case, KeyGrant, Organisation, Referral, ReferralUpdate
from reporting.permissions import can_work_on_cases, handles_referrals
from reporting.selectors.cases import language_name
from reporting.vocabulary.errors import KeysLocked
from reporting.vocabulary.roles import Role
from reporting.vocabulary.taxonomy import STORED_DISTRICTS, Area, District, Ground

# The ranking in words, one phrase per match: "serves Leipzig · speaks Arabic · works on
# Housing".
REASON_DISTRICT = _("serves %(district)s")
REASON_LANGUAGE = _("speaks %(language)s")
REASON_GROUND = _("works on %(label)s")
REASON_NO_KEY_HOLDER = _("cannot receive referrals yet: no partner holds its key")
REASON_PAUSED = _("paused, not taking new cases")

WEIGHT_DISTRICT = 4
WEIGHT_LANGUAGE = 3
WEIGHT_EXPERTISE = 1


@dataclass(frozen=True)
class Suggestion:
    organisation: Organisation
    score: int
    reasons: list[str] = field(default_factory=list)
    can_receive: bool = True
    unavailable: str = ""  # why it cannot receive a referral; "" when it can


def key_holder_exists():
    """Subquery: an active partner of the organisation holds a grant of its active key."""
    return Exists(
        KeyGrant.objects.filter(
            organisation_key__organisation=OuterRef("pk"),
            organisation_key__is_active=True,
            user__is_active=True,
            user__groups__name=Role.PARTNER,
            user__staff__organisation=OuterRef("pk"),
        )
    )


def member_organisations() -> QuerySet[Organisation]:
    """The directory every adapter lists and refers to: active member organisations by
    name, each with `can_receive` (a key holder exists)."""
    return Organisation.objects.filter(kind=Organisation.Kind.MEMBER, is_active=True).annotate(
        can_receive=key_holder_exists()
    )


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Caseworkers see the directory; partners their own organisation only."""
    if can_work_on_cases(user):
        return member_organisations()
    if handles_referrals(user):
        return Organisation.objects.filter(pk=user.staff.organisation_id).annotate(
            can_receive=key_holder_exists()
        )
    return Organisation.objects.none()


def referral_candidates() -> list[Organisation]:
    return list(member_organisations())


def referral_suggestions(
    case: Case, *, limit: int = 10, candidates: list[Organisation] | None = None
) -> list[Suggestion]:
    """`candidates` (default: `referral_candidates()`) ranked by district, language and
    expertise.

    The case's classification: the caseworker's assessment where it exists."""
    district, grounds, areas, language = case.district, case.grounds, case.areas, case.language
    organisations = referral_candidates() if candidates is None else candidates
    # Translated once per call, not once per organisation (there are dozens).
    by_district = str(REASON_DISTRICT) % {"district": dict(STORED_DISTRICTS).get(district, "")}
    by_language = str(REASON_LANGUAGE) % {"language": language_name(language)}
    by_ground = {c: str(REASON_GROUND) % {"label": Ground(c).label} for c in grounds}
    by_area = {c: str(REASON_GROUND) % {"label": Area(c).label} for c in areas}
    no_key_holder, paused = str(REASON_NO_KEY_HOLDER), str(REASON_PAUSED)
    suggestions = []
    for organisation in organisations:
        score, reasons = 0, []
        if district in organisation.districts:
            score += WEIGHT_DISTRICT
            reasons.append(by_district)
        if language in organisation.languages:
            score += WEIGHT_LANGUAGE
            reasons.append(by_language)
        for code in grounds:
            if code in organisation.expertise_grounds:
                score += WEIGHT_EXPERTISE
                reasons.append(by_ground[code])
        for code in areas:
            if code in organisation.expertise_areas:
                score += WEIGHT_EXPERTISE
                reasons.append(by_area[code])
        if score:
            unavailable = (
                paused
                if organisation.is_paused
                else ""
                if organisation.can_receive
                else no_key_holder
            )
            suggestions.append(
                Suggestion(organisation, score, reasons, not unavailable, unavailable)
            )
    # Those that can receive a referral first: the best match is of no use if it cannot;
    # a paused one last, it has said it takes no new cases.
    suggestions.sort(
        key=lambda s: (s.organisation.is_paused, not s.can_receive, -s.score, s.organisation.name)
    )
    return suggestions[:limit]


@dataclass(frozen=True)
class ReferralCaseFacts:
    """What every referral shows of its case, beside the summary: when, where and in
    which area of life (clear columns: the caseworker need not copy them in)."""

    month: datetime.date | None  # the first of the incident's month; None: unknown
    district: str
    areas: list[str]


def referral_case_facts(referral: Referral) -> ReferralCaseFacts:
    """From the case's classification (the assessment where there is one)."""
    case = referral.case
    month = None
    if case.incident_month:
        year, number = case.incident_month.split("-")
        month = datetime.date(int(year), int(number), 1)
    return ReferralCaseFacts(
        month=month,
        district=District(case.district).label,
        areas=[Area(code).label for code in case.areas],
    )


@dataclass(frozen=True)
class ReferralStep:
    status: str
    author: str
    created_at: object
    body: str

    @property
    def status_label(self) -> str:
        return Referral.Status(self.status).label


@dataclass(frozen=True)
class ReferralDetail:
    referral: Referral
    summary: str | None
    steps: list[ReferralStep]


def referral_detail(referral: Referral, keys: list[PrivateKey]) -> ReferralDetail:
    """Decrypt summary and steps with the viewer's keys (partner or association)."""
    try:
        summary = (
            json.loads(open_sealed(bytes(referral.summary), keys=keys, context=referral.context()))
            if referral.summary
            else None
        )
        steps = [
            ReferralStep(
                status=u.status,
                author=str(u.author or ""),
                created_at=u.created_at,
                body=open_sealed(bytes(u.body), keys=keys, context=u.context()).decode()
                if u.body
                else "",
            )
            for u in ReferralUpdate.objects.filter(referral=referral).select_related("author")
        ]
    except DecryptionError:
        raise KeysLocked from None
    return ReferralDetail(
        referral=referral, summary=summary["text"] if summary else None, steps=steps
    )
