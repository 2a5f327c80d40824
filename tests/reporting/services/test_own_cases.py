"""Issue 19: a member organisation's own case is sealed to that organisation's key alone.
Everything written on it (report, contact, attachments, messages either way, notes,
interventions' notes, translations, the follow-up note) opens with its key and with no
other: not the association's, not another member organisation's."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from reporting.crypto import DecryptionError, open_sealed
from reporting.crypto.keys import KEY_ID_LENGTH
from reporting.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseShare,
    CaseStatus,
    FollowUp,
    Intervention,
    Message,
    Note,
    Report,
    SealedBlob,
    Translation,
)
from reporting.selectors.keys import NoOrganisationKey
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.attachments import PreparedAttachment
from reporting.services.cases import (
    case_assign,
    case_transition,
    intervention_add,
    note_add,
    staff_message_send,
)
from reporting.services.deadlines import follow_up_set
from reporting.services.messages import reporter_message_send
from reporting.services.referrals import referral_consent_withdraw, referral_send
from reporting.services.reports import report_intake
from reporting.services.shares import AlreadyShared, NoShareConsent, case_share
from reporting.services.translations import translation_add, translation_request
from reporting.vocabulary.errors import NotForOwnCases, TransitionNotAllowed, ValidationFailed
from reporting.vocabulary.roles import Role
from reporting.vocabulary.workflow import next_statuses
from tests.factories import submission
from tests.test_database_dump import _raw_database_bytes

pytestmark = pytest.mark.django_db

SECRET = "Zyxwv-eigener-Fall-27182"


@pytest.fixture
def org_a(make_member):
    return make_member("Beratung A (Demo)", partner=False)


@pytest.fixture
def org_b(make_member):
    return make_member("Beratung B (Demo)", partner=False)


@pytest.fixture
def worker_a(org_a, make_member_caseworker):
    return make_member_caseworker(org_a)


def own_intake(actor, organisation, **overrides):
    return report_intake(
        submission=submission(
            narrative=f"Am Telefon: {SECRET}",
            contact_email="zyxwv@example.org",
            consent_contact=True,
            **overrides,
        ),
        channel="PHONE",
        actor=actor,
        receipt=True,
        attachments=[PreparedAttachment("beleg.pdf", "application/pdf", "PDF", b"%PDF-1.4\n")],
        member_organisation=organisation,
    )


def envelopes_of(case: Case) -> list[tuple[str, bytes, object]]:
    """Every sealed field written on `case`, with the context it was sealed under."""
    report = case.report
    rows = [("report.content", bytes(report.content), report.context("content"))]
    if report.contact:
        rows.append(("report.contact", bytes(report.contact), report.context("contact")))
    for model, field in (
        (Message, "body"),
        (Note, "body"),
        (Intervention, "notes"),
        (Translation, "body"),
        (FollowUp, "note"),
    ):
        for row in model.objects.filter(case=case):
            value = getattr(row, field)
            if value:
                rows.append((f"{model.__name__}.{field}", bytes(value), row.context()))
    for attachment in Attachment.objects.filter(case=case):
        rows.append(("attachment.meta", bytes(attachment.meta), attachment.context("meta")))
    for blob in SealedBlob.objects.filter(attachment__case=case):
        rows.append(("blob.data", bytes(blob.data), blob.context()))
    return rows


def recipients_of(envelope: bytes) -> set[bytes]:
    """The key ids of an envelope's stanzas (reporting/crypto/envelope.py's format)."""
    count = envelope[16]
    stanza = KEY_ID_LENGTH + 32 + 32 + 16
    return {envelope[17 + i * stanza : 17 + i * stanza + KEY_ID_LENGTH] for i in range(count)}


def test_everything_written_on_an_own_case_opens_with_its_organisation_key_alone(
    worker_a, org_a, org_b, association_private_key, make_staff
):
    submitted = own_intake(worker_a, org_a)
    case = Case.objects.get()
    assert case.member_organisation == org_a
    access = reporter_access_for_code(submitted.receipt_code)
    reporter_message_send(
        access=access,
        body=f"Nachtrag {SECRET}",
        attachments=[PreparedAttachment("b.pdf", "application/pdf", "PDF", b"%PDF-1.4\n")],
    )
    staff_message_send(case=case, actor=worker_a, body=f"Antwort {SECRET}", translation="Reply")
    note_add(case=case, actor=worker_a, body=f"Notiz {SECRET}")
    intervention_add(
        case=case,
        actor=worker_a,
        kind="COUNSELLING",
        occurred_on=timezone.localdate(),
        notes=f"Beratung {SECRET}",
        expected_version=None,
    )
    translation_add(
        case=case, message=None, body=f"Translation {SECRET}", language="en", actor=worker_a
    )
    follow_up_set(
        case=case,
        actor=worker_a,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        note=f"Nachfassen {SECRET}",
    )

    envelopes = envelopes_of(case)
    kinds = {kind for kind, _sealed, _context in envelopes}
    assert kinds >= {
        "report.content", "report.contact", "Message.body", "Note.body", "Intervention.notes",
        "Translation.body", "FollowUp.note", "attachment.meta", "blob.data",
    }  # fmt: skip
    a_key = org_a.private_key
    association_id = association_private_key.public_key().key_id
    reporter = access.private_key.public_key().key_id
    for kind, sealed, context in envelopes:
        assert open_sealed(sealed, keys=a_key, context=context), kind
        for other in (association_private_key, org_b.private_key):
            with pytest.raises(DecryptionError):
                open_sealed(sealed, keys=other, context=context)
        assert recipients_of(sealed) <= {a_key.public_key().key_id, reporter}, kind
        assert association_id not in recipients_of(sealed), kind


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_nothing_the_association_key_opens(
    worker_a, org_a, association_private_key, tmp_path
):
    own_intake(worker_a, org_a)
    case = Case.objects.get()
    note_add(case=case, actor=worker_a, body=f"Notiz {SECRET}")

    dump = _raw_database_bytes(tmp_path)  # the file (SQLite) or pg_dump's output
    assert b"reporting_report" in dump
    for encoded in (SECRET.encode(), SECRET.encode().hex().encode()):
        assert encoded not in dump
    # Every envelope in every binary column of the database: none has a stanza for the
    # association's key (its users' key grants are sealed to their own keys).
    association = association_private_key.public_key().key_id
    own = org_a.private_key.public_key().key_id
    envelopes = []
    for model in apps.get_models():
        binary = [
            f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "BinaryField"
        ]
        for row in model._base_manager.values_list(*binary) if binary else ():
            envelopes += [bytes(v) for v in row if v and bytes(v).startswith(b"MSE")]
    sealed_to = [recipients_of(envelope) for envelope in envelopes]
    assert len(envelopes) >= 5  # content, contact, attachment meta and bytes, note
    assert not any(association in ids for ids in sealed_to)
    assert sum(own in ids for ids in sealed_to) >= 5


def test_an_own_case_needs_its_organisation_key(worker_a, org_a):
    from reporting.models import OrganisationKey

    OrganisationKey.objects.filter(organisation=org_a).update(is_active=False)
    with pytest.raises(NoOrganisationKey) as raised:
        own_intake(worker_a, org_a)
    assert raised.value.status == 503 and Report.objects.count() == 0


def test_an_own_case_is_assigned_to_colleagues_only(
    worker_a, org_a, org_b, make_member_caseworker, make_staff
):
    own_intake(worker_a, org_a)
    case = Case.objects.get()
    colleague = make_member_caseworker(org_a)
    case_assign(case=case, actor=worker_a, assignee=colleague, expected_version=case.version)
    case.refresh_from_db()
    for stranger in (make_member_caseworker(org_b), make_staff(Role.CASEWORKER)):
        with pytest.raises(ValidationFailed):
            case_assign(case=case, actor=worker_a, assignee=stranger, expected_version=case.version)
    case.refresh_from_db()
    assert case.assignee == colleague


def test_an_own_case_is_not_referred_on_nor_sent_to_the_associations_interpreter(
    worker_a, org_a, org_b, make_staff, association_private_key
):
    own_intake(worker_a, org_a, consent_referral=True)
    case = Case.objects.get()
    with pytest.raises(NotForOwnCases):
        referral_send(case=case, organisation=org_b, summary="Bitte übernehmen", actor=worker_a)
    interpreter = make_staff(Role.INTERPRETER)
    with pytest.raises(NotForOwnCases):
        translation_request(
            case=case,
            message=None,
            interpreter=interpreter,
            actor=worker_a,
            keys=[org_a.private_key],
        )


def test_sharing_seals_the_summary_to_the_association_and_needs_consent(
    worker_a, org_a, association_private_key
):
    own_intake(worker_a, org_a)
    case = Case.objects.get()
    with pytest.raises(NoShareConsent):
        case_share(case=case, actor=worker_a, summary="Kurz: Wohnungssuche")
    Report.objects.filter(pk=case.report_id).update(consent_referral=True)
    share = case_share(case=case, actor=worker_a, summary="Kurz: Wohnungssuche")

    for key in (association_private_key, org_a.private_key):
        assert open_sealed(bytes(share.summary), keys=key, context=share.context()) == (
            b"Kurz: Wohnungssuche"
        )
    assert AuditEvent.objects.filter(case=case, verb=AuditEvent.Verb.CASE_SHARED).count() == 1
    with pytest.raises(AlreadyShared):
        case_share(case=case, actor=worker_a, summary="Noch einmal")
    with pytest.raises(DecryptionError):  # the case itself stays the organisation's
        open_sealed(
            bytes(case.report.content),
            keys=association_private_key,
            context=case.report.context("content"),
        )


def test_withdrawing_consent_ends_sharing_and_destroys_the_summary(worker_a, org_a):
    submitted = own_intake(worker_a, org_a, consent_referral=True)
    case = Case.objects.get()
    case_share(case=case, actor=worker_a, summary="Kurz: Wohnungssuche")

    referral_consent_withdraw(access=reporter_access_for_code(submitted.receipt_code))

    share = CaseShare.objects.get()
    assert share.summary is None and share.ended_at is not None
    assert AuditEvent.objects.filter(case=case, verb=AuditEvent.Verb.SHARE_ENDED).exists()
    with pytest.raises(NoShareConsent):
        case_share(case=case, actor=worker_a, summary="Wieder")


def test_an_association_case_cannot_be_shared(make_staff, association_keyring):
    caseworker = make_staff(Role.CASEWORKER)
    report_intake(
        submission=submission(consent_referral=True),
        channel="PHONE",
        actor=caseworker,
        receipt=False,
    )
    with pytest.raises(NotForOwnCases):
        case_share(case=Case.objects.get(), actor=caseworker, summary="x")


def test_news_of_an_own_case_goes_to_its_organisations_caseworkers_only(
    worker_a, org_a, make_member_caseworker, make_staff, django_capture_on_commit_callbacks
):
    from django.core import mail

    worker_a.email = "fall-a@example.org"
    worker_a.save()
    association = make_staff(Role.CASEWORKER)
    association.email = "verein@example.org"
    association.save()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = own_intake(worker_a, org_a)
    with django_capture_on_commit_callbacks(execute=True):
        reporter_message_send(
            access=reporter_access_for_code(submitted.receipt_code), body="Noch eine Frage"
        )
    assert [m.to for m in mail.outbox] == [["fall-a@example.org"], ["fall-a@example.org"]]
    from reporting.tasks import reminder_addresses

    assert reminder_addresses(None, org_a.pk) == ["fall-a@example.org"]
    assert reminder_addresses(worker_a.pk, org_a.pk) == ["fall-a@example.org"]
    assert reminder_addresses(None) == ["verein@example.org"]


def test_own_cases_count_in_the_network_wide_figures(worker_a, org_a, association_keyring):
    from reporting.selectors.statistics import year_counts, year_counts_scanned
    from reporting.services.reports import report_submit

    report_submit(submission=submission())
    own_intake(worker_a, org_a)
    year = timezone.localdate().year
    assert year_counts(year).included == 2  # the association's case and the member's own
    assert year_counts(year) == year_counts_scanned(year)


def test_an_own_case_is_never_passed_on(worker_a, org_a):
    """Neither offered nor accepted: an own case cannot be referred from here."""
    own_intake(worker_a, org_a)
    case = Case.objects.get()
    case = case_transition(
        case=case, actor=worker_a, to_status=CaseStatus.IN_REVIEW, expected_version=case.version
    )
    assert CaseStatus.REFERRED not in next_statuses(case)
    assert CaseStatus.DOCUMENTED in next_statuses(case)
    with pytest.raises(TransitionNotAllowed):
        case_transition(
            case=case, actor=worker_a, to_status=CaseStatus.REFERRED, expected_version=case.version
        )
