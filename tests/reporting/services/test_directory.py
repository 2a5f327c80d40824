"""The directory's capacity (the pause switch), a partner's own entry, and passing a case
on to a body outside the network (consent, intervention, audit, sealed summary)."""

import datetime

import pytest
from django.utils import translation

from reporting.crypto import DecryptionError, open_sealed
from reporting.models import AuditEvent, ExternalReferral, Intervention, Referral
from reporting.selectors.referrals import referral_suggestions
from reporting.services.organisations import organisation_entry_update
from reporting.services.referrals import (
    ConsentMissing,
    OrganisationPaused,
    external_referral_record,
    referral_send,
)
from reporting.services.reports import report_submit
from reporting.vocabulary.documentation import InterventionKind
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 17)


@pytest.fixture
def consented(association_keyring):
    return report_submit(
        submission=submission(consent_referral=True, language="ar", district="14612")
    )


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def test_a_paused_organisation_is_listed_last_with_the_reason(consented, make_member):
    best = make_member("A Beste (fiktiv)", districts=["14612"], languages=["ar"])
    fitting = make_member("B Passend (fiktiv)", districts=["14612"])
    organisation_entry_update(
        organisation=best, actor=best.partner, is_paused=True, opening_hours="", contact_persons=""
    )
    with translation.override("de"):
        suggestions = referral_suggestions(consented.report.case)
    assert [s.organisation for s in suggestions] == [fitting, best]
    paused = suggestions[-1]
    assert not paused.can_receive
    assert paused.unavailable == "pausiert, nimmt keine neuen Fälle an"


def test_no_referral_to_a_paused_organisation(consented, make_member, caseworker):
    org = make_member("Pausiert (fiktiv)")
    org.is_paused = True
    org.save()
    with pytest.raises(OrganisationPaused):
        referral_send(case=consented.report.case, organisation=org, summary="x", actor=caseworker)
    assert not Referral.objects.exists()


def test_partner_sets_pause_hours_and_contacts_audited_without_content(make_member):
    org = make_member("Beratung D (fiktiv)")
    organisation_entry_update(
        organisation=org,
        actor=org.partner,
        is_paused=True,
        opening_hours=" Mo–Do 9–16 Uhr ",
        contact_persons="Frau Beispiel, Beratung",
    )
    org.refresh_from_db()
    assert (org.is_paused, org.opening_hours, org.contact_persons) == (
        True,
        "Mo–Do 9–16 Uhr",
        "Frau Beispiel, Beratung",
    )
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.ORGANISATION_UPDATED)
    assert (event.actor, event.case, event.from_status, event.to_status) == (
        org.partner,
        None,
        "",
        "",
    )


def test_an_overlong_entry_is_refused_and_nothing_changes(make_member):
    org = make_member("Beratung E (fiktiv)")
    with pytest.raises(ValidationFailed) as refused:
        organisation_entry_update(
            organisation=org,
            actor=org.partner,
            is_paused=True,
            opening_hours="x" * 501,
            contact_persons="",
        )
    assert list(refused.value.fields) == ["opening_hours"]
    org.refresh_from_db()
    assert not org.is_paused
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.ORGANISATION_UPDATED).exists()


def test_external_referral_needs_consent(association_keyring, caseworker):
    case = report_submit(submission=submission(consent_referral=False)).report.case
    with pytest.raises(ConsentMissing):
        external_referral_record(
            case=case, body_name="Landesberatung", referred_on=TODAY, summary="x", actor=caseworker
        )
    assert not ExternalReferral.objects.exists()
    assert not Intervention.objects.exists()


def test_external_referral_records_an_intervention_and_an_audit_row(
    consented, caseworker, association_private_key, make_member
):
    case = consented.report.case
    external = external_referral_record(
        case=case,
        body_name=" Landesweite Beratung (fiktiv) ",
        referred_on=TODAY - datetime.timedelta(days=2),
        summary="Nur für die Übergabe.",
        actor=caseworker,
    )
    assert external.body_name == "Landesweite Beratung (fiktiv)"
    assert external.consent_version == consented.report.consent_version
    intervention = Intervention.objects.get(case=case)
    assert (intervention.kind, intervention.external_referral, intervention.occurred_on) == (
        InterventionKind.REFERRAL,
        external,
        TODAY - datetime.timedelta(days=2),
    )
    verbs = set(AuditEvent.objects.filter(case=case).values_list("verb", flat=True))
    assert {AuditEvent.Verb.EXTERNAL_REFERRAL, AuditEvent.Verb.INTERVENTION_ADDED} <= verbs
    sealed = bytes(ExternalReferral.objects.get().summary)
    assert "Übergabe".encode() not in sealed
    assert (
        open_sealed(sealed, keys=association_private_key, context=external.context()).decode()
        == "Nur für die Übergabe."
    )
    # Sealed to the association only: a member organisation cannot open it.
    with pytest.raises(DecryptionError):
        open_sealed(sealed, keys=make_member("F (fiktiv)").private_key, context=external.context())


def test_external_referral_checks_every_field_at_once(consented, caseworker):
    with pytest.raises(ValidationFailed) as refused:
        external_referral_record(
            case=consented.report.case,
            body_name="  ",
            referred_on=TODAY + datetime.timedelta(days=1),
            summary="",
            actor=caseworker,
        )
    assert set(refused.value.fields) == {"body_name", "referred_on", "summary"}
    assert not ExternalReferral.objects.exists()
