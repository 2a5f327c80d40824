"""Translations: an interpreter's text is sealed to them alone and wiped when they are
done; translations are sealed to the association; "needs translation" follows who is
assigned and what they read."""

import pytest

from reporting.crypto import DecryptionError, open_sealed
from reporting.models import AuditEvent, Case
from reporting.models.translations import Translation, TranslationRequest
from reporting.selectors.translations import needs_translation_q, translations_of_case
from reporting.services.cases import case_assign
from reporting.services.reports import report_submit
from reporting.services.staff_accounts import staff_languages_set
from reporting.services.staff_keys import user_private_key
from reporting.services.translations import (
    translation_add,
    translation_request,
    translation_request_open,
)
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import STAFF_PASSWORD

pytestmark = pytest.mark.django_db
PASHTO = "د کور خاوند وویل چې کور نور نشته."


@pytest.fixture
def case(association_keyring):
    return report_submit(submission=submission(language="ar", narrative=PASHTO)).report.case


@pytest.fixture
def interpreter(make_staff):
    return make_staff(Role.INTERPRETER, grant=False)


def test_the_text_is_sealed_to_the_interpreter_alone(
    case, interpreter, make_staff, association_private_key
):
    caseworker = make_staff(Role.CASEWORKER)
    request = translation_request(
        case=case,
        message=None,
        interpreter=interpreter,
        actor=caseworker,
        keys=[association_private_key],
    )

    with pytest.raises(DecryptionError):
        open_sealed(bytes(request.text), keys=association_private_key, context=request.context())
    own_key = user_private_key(user=interpreter, password=STAFF_PASSWORD)
    assert translation_request_open(request=request, own_key=own_key, actor=interpreter) == PASHTO
    verbs = list(AuditEvent.objects.filter(case=case).values_list("verb", "subject", "actor"))
    assert (AuditEvent.Verb.TRANSLATION_REQUESTED, interpreter.pk, caseworker.pk) in verbs
    assert (AuditEvent.Verb.TRANSLATION_READ, None, interpreter.pk) in verbs


def test_saving_the_translation_ends_the_interpreters_access(
    case, interpreter, make_staff, association_private_key
):
    request = translation_request(
        case=case,
        message=None,
        interpreter=interpreter,
        actor=make_staff(Role.CASEWORKER),
        keys=[association_private_key],
    )
    translation_add(
        case=case,
        message=None,
        body="Der Vermieter sagte, die Wohnung sei weg.",
        language="de",
        actor=interpreter,
        request=request,
    )

    request.refresh_from_db()
    assert bytes(request.text) == b"" and request.completed_at is not None
    (row,) = translations_of_case(case, [association_private_key])[""]
    assert row.body == "Der Vermieter sagte, die Wohnung sei weg."
    assert row.translator == interpreter.username
    translation = Translation.objects.get()
    assert b"Vermieter" not in bytes(translation.body)


def test_only_interpreters_receive_texts(case, make_staff, association_private_key):
    with pytest.raises(ValidationFailed):
        translation_request(
            case=case,
            message=None,
            interpreter=make_staff(Role.PARTNER, grant=False),
            actor=make_staff(Role.CASEWORKER),
            keys=[association_private_key],
        )
    assert not TranslationRequest.objects.exists()


def _needing():
    return set(Case.objects.filter(needs_translation_q()).values_list("pk", flat=True))


def test_needs_translation_follows_the_assignee_and_the_team(
    case, make_staff, association_private_key
):
    reads_arabic = make_staff(Role.CASEWORKER)
    reads_german = make_staff(Role.CASEWORKER)
    german = report_submit(submission=submission(language="de")).report.case

    assert _needing() == {case.pk}  # nobody in the team reads Arabic; German is read by all

    staff_languages_set(user=reads_arabic, languages=["ar"])
    assert _needing() == set()  # unassigned: someone in the team reads it

    case = case_assign(case=case, actor=reads_german, assignee=reads_german, expected_version=1)
    assert _needing() == {case.pk}  # the one assigned does not read it

    translation_add(case=case, message=None, body="Übersetzung", language="de", actor=reads_german)
    assert _needing() == set()
    assert german.pk not in _needing()
