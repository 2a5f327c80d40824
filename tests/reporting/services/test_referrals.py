"""Referrals: consent at the service layer, sealing per organisation, withdrawal, ranking."""

import json

import pytest
from django.core import mail
from django.utils import translation

from reporting.crypto import DecryptionError, open_sealed
from reporting.models import AuditEvent, Referral, ReferralUpdate
from reporting.selectors.receipts import reporter_access_for_code
from reporting.selectors.referrals import referral_detail, referral_suggestions
from reporting.services.referrals import (
    ConsentMissing,
    NoKeyHolder,
    StepNotAllowed,
    referral_consent_withdraw,
    referral_send,
    referral_step,
)
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from reporting.vocabulary.taxonomy import Area, Ground
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def consented(association_keyring):
    return report_submit(
        submission=submission(consent_referral=True, language="ar", district="14612")
    )


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def test_no_referral_without_consent(association_keyring, make_member, caseworker):
    submitted = report_submit(submission=submission(consent_referral=False))
    org = make_member("Beratung A (fiktiv)")
    with pytest.raises(ConsentMissing):
        referral_send(case=submitted.report.case, organisation=org, summary="x", actor=caseworker)
    assert not Referral.objects.exists()


def test_no_referral_to_an_organisation_without_key_holder(consented, make_member, caseworker):
    org = make_member("Ohne Schlüssel (fiktiv)", partner=False)
    with pytest.raises(NoKeyHolder):
        referral_send(case=consented.report.case, organisation=org, summary="x", actor=caseworker)


def test_summary_opens_for_the_receiver_and_the_association_only(
    consented, make_member, caseworker, association_private_key, django_capture_on_commit_callbacks
):
    org_a = make_member("Beratung A (fiktiv)")
    org_b = make_member("Beratung B (fiktiv)")
    org_b.partner.email = "partner-b@example.org"
    org_b.partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_send(
            case=consented.report.case, organisation=org_b, summary="Nur für B.", actor=caseworker
        )
    assert referral.consent_version == consented.report.consent_version
    for key in (org_b.private_key, association_private_key):
        assert json.loads(
            open_sealed(bytes(referral.summary), keys=key, context=referral.context())
        ) == {"text": "Nur für B."}
    with pytest.raises(DecryptionError):
        open_sealed(bytes(referral.summary), keys=org_a.private_key, context=referral.context())
    assert [m.to for m in mail.outbox] == [["partner-b@example.org"]]
    assert "Nur für B" not in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.REFERRAL_SENT).exists()


def test_partner_steps_and_outcome(consented, make_member, caseworker, association_private_key):
    org = make_member("Beratung C (fiktiv)")
    referral = referral_send(
        case=consented.report.case, organisation=org, summary="S", actor=caseworker
    )
    with pytest.raises(StepNotAllowed):
        referral_step(
            referral=referral, actor=org.partner, status=Referral.Status.CLOSED, outcome="MEDIATION"
        )
    referral_step(referral=referral, actor=org.partner, status=Referral.Status.ACCEPTED)
    referral_step(
        referral=referral, actor=org.partner, status=None, text="Erstgespräch vereinbart."
    )
    referral_step(
        referral=referral, actor=org.partner, status=Referral.Status.CLOSED, outcome="COUNSELLING"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("CLOSED", "COUNSELLING")
    detail = referral_detail(referral, [association_private_key])
    assert [s.status for s in detail.steps] == ["ACCEPTED", "ACCEPTED", "CLOSED"]
    assert detail.steps[1].body == "Erstgespräch vereinbart."


def test_decline_needs_a_reason(consented, make_member, caseworker):
    from reporting.vocabulary.errors import ValidationFailed

    org = make_member("Beratung D (fiktiv)")
    referral = referral_send(
        case=consented.report.case, organisation=org, summary="S", actor=caseworker
    )
    with pytest.raises(ValidationFailed):
        referral_step(referral=referral, actor=org.partner, status=Referral.Status.DECLINED)
    referral_step(
        referral=referral,
        actor=org.partner,
        status=Referral.Status.DECLINED,
        text="Keine Kapazität.",
    )


def test_withdrawal_destroys_every_partner_copy(consented, make_member, caseworker):
    org = make_member("Beratung E (fiktiv)")
    referral = referral_send(
        case=consented.report.case, organisation=org, summary="S", actor=caseworker
    )
    referral_step(
        referral=referral,
        actor=org.partner,
        status=Referral.Status.ACCEPTED,
        text="Wir melden uns.",
    )
    access = reporter_access_for_code(consented.receipt_code)
    assert referral_consent_withdraw(access=access) == 1
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.summary is None
    assert all(u.body is None for u in ReferralUpdate.objects.all())
    assert referral.case.report.__class__.objects.get().consent_referral is False
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.CONSENT_WITHDRAWN).exists()
    with pytest.raises(ConsentMissing):
        referral_send(case=referral.case, organisation=org, summary="again", actor=caseworker)


def test_ranking_prefers_district_then_language_then_expertise(consented, make_member):
    make_member("Nur Expertise (fiktiv)", grounds=["RACISM"], areas=["HOUSING"])
    make_member("Sprache (fiktiv)", languages=["ar"])
    make_member("Bezirk (fiktiv)", districts=["14612"])
    make_member("Alles (fiktiv)", districts=["14612"], languages=["ar"], grounds=["RACISM"])
    make_member("Passt nicht (fiktiv)", districts=["14511"], languages=["vi"])
    make_member("Kein Schlüssel (fiktiv)", districts=["14612"], languages=["ar"], partner=False)
    ranked = referral_suggestions(consented.report.case)
    assert [s.organisation.name for s in ranked] == [
        "Alles (fiktiv)", "Bezirk (fiktiv)", "Sprache (fiktiv)", "Nur Expertise (fiktiv)", "Kein Schlüssel (fiktiv)",
    ]  # fmt: skip
    assert [s.score for s in ranked[:4]] == [8, 4, 3, 2]
    assert not ranked[-1].can_receive
    assert len(ranked[0].reasons) == 3
    with translation.override("en"):
        ranked = referral_suggestions(consented.report.case)
        ground, area = str(Ground("RACISM").label), str(Area("HOUSING").label)
    assert ranked[3].reasons == [f"expertise: {ground}", f"expertise: {area}"]
    assert ranked[-1].reasons == [
        "serves the district",
        "offers the report's language",
        "cannot receive referrals yet: no partner holds its key",
    ]


def test_ranking_uses_the_assessment_when_there_is_one(consented, make_member, caseworker):
    from reporting.services.cases import case_assess

    make_member("Leipzig (fiktiv)", districts=["14713"])
    case = consented.report.case
    assert referral_suggestions(case) == []
    case_assess(case=case, actor=caseworker, expected_version=1, grounds=["RACISM"], areas=["WORK"], forms=[],
                district="14713", incident_month="", is_discrimination=True)  # fmt: skip
    case.refresh_from_db()
    assert [s.organisation.name for s in referral_suggestions(case)] == ["Leipzig (fiktiv)"]


def _status_of(case) -> str:
    case.refresh_from_db()
    return case.status


def test_sending_passes_the_case_on_and_a_decline_hands_it_back(consented, make_member, caseworker):
    """Issue 21: after a referral the case stayed "Being reviewed"."""
    from reporting.models import CaseStatus
    from reporting.services.cases import case_transition

    case = consented.report.case
    case_transition(case=case, actor=caseworker, to_status="IN_REVIEW", expected_version=1)
    case_transition(case=case, actor=caseworker, to_status="IN_COUNSELLING", expected_version=2)
    org = make_member("Beratung F (fiktiv)")
    referral = referral_send(case=case, organisation=org, summary="S", actor=caseworker)
    assert _status_of(case) == CaseStatus.REFERRED
    referral_step(referral=referral, actor=org.partner, status="DECLINED", text="Kein Platz.")
    assert _status_of(case) == CaseStatus.IN_COUNSELLING  # where it was before
    moves = AuditEvent.objects.filter(case=case, verb=AuditEvent.Verb.TRANSITION)
    assert list(moves.order_by("id").values_list("actor", "from_status", "to_status"))[-2:] == [
        (caseworker.pk, "IN_COUNSELLING", "REFERRED"),
        (org.partner.pk, "REFERRED", "IN_COUNSELLING"),
    ]


def test_a_new_case_referred_at_once_comes_back_being_reviewed(consented, make_member, caseworker):
    from reporting.models import CaseStatus

    case = consented.report.case
    org = make_member("Beratung G (fiktiv)")
    referral = referral_send(case=case, organisation=org, summary="S", actor=caseworker)
    case.refresh_from_db()
    assert (case.status, case.first_triaged_at is not None) == (CaseStatus.REFERRED, True)
    referral_step(referral=referral, actor=org.partner, status="DECLINED", text="Nein.")
    assert _status_of(case) == CaseStatus.IN_REVIEW


def test_the_case_stays_passed_on_while_another_referral_is_open(
    consented, make_member, caseworker
):
    from reporting.models import CaseStatus

    case = consented.report.case
    first, second = make_member("Beratung H (fiktiv)"), make_member("Beratung I (fiktiv)")
    declined = referral_send(case=case, organisation=first, summary="S", actor=caseworker)
    referral_send(case=case, organisation=second, summary="S", actor=caseworker)
    referral_step(referral=declined, actor=first.partner, status="DECLINED", text="Nein.")
    assert _status_of(case) == CaseStatus.REFERRED
    assert AuditEvent.objects.filter(case=case, verb=AuditEvent.Verb.TRANSITION).count() == 1


def test_withdrawn_consent_hands_a_passed_on_case_back(consented, make_member, caseworker):
    from reporting.models import CaseStatus
    from tests.reporting.services.test_tallies import assert_tallies_match_the_cases

    case = consented.report.case
    referral_send(case=case, organisation=make_member("Beratung J (fiktiv)"), summary="S",
                  actor=caseworker)  # fmt: skip
    referral_consent_withdraw(access=reporter_access_for_code(consented.receipt_code))
    assert _status_of(case) == CaseStatus.IN_REVIEW
    assert_tallies_match_the_cases(case.received_on.year)
