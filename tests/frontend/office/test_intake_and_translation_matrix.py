"""Every role against the intake, translation and languages pages: who may write, who is
sent to the login, who gets a 404 (never a hint that the page exists)."""

import pytest

from reporting.models import AuditEvent, Report
from reporting.models.translations import Translation, TranslationRequest
from reporting.vocabulary.roles import Role
from tests.api.conftest import (  # noqa: F401 - fixtures
    client_for,
    login,
    member_organisation,
    reporter_client,
    submitted,
    user_kinds,
)
from tests.factories import form_data

pytestmark = pytest.mark.django_db

KINDS = (
    "anonymous", "reporter", "caseworker_without_second_factor", "caseworker",
    "administrator", "caseworker_without_keys", "partner", "statistics", "member_caseworker",
)  # fmt: skip
TO_LOGIN = {"anonymous", "reporter", "caseworker_without_second_factor"}
CASEWORKERS = {"caseworker", "administrator", "caseworker_without_keys"}


def _expected(kind, allowed):
    if kind in TO_LOGIN:
        return 302, False
    return (302, True) if kind in allowed else (404, False)


@pytest.mark.parametrize("kind", KINDS)
def test_intake(client_for, submitted, kind):  # noqa: F811
    status, writes = _expected(kind, CASEWORKERS)
    before = Report.objects.count()
    response = client_for(kind).post(
        "/de/office/intake/", form_data(channel="PHONE", language="de")
    )
    assert response.status_code == status
    assert (Report.objects.count() - before == 1) is writes
    if kind in TO_LOGIN:
        assert response["Location"].startswith("/de/office/login/")


@pytest.mark.parametrize("kind", KINDS)
def test_adding_a_translation(client_for, submitted, kind):  # noqa: F811
    status, writes = _expected(kind, CASEWORKERS)
    response = client_for(kind).post(
        f"/de/office/cases/{submitted.report.case.pk}/translation/",
        {"translation-body": "Übersetzung", "translation-language": "de"},
    )
    assert response.status_code == status
    assert Translation.objects.exists() is writes


@pytest.mark.parametrize("kind", KINDS)
def test_sending_to_an_interpreter(client_for, submitted, make_staff, kind):  # noqa: F811
    interpreter = make_staff(Role.INTERPRETER, grant=False)
    # Sending opens the report: without keys, the locked page (403), nothing sent.
    status, writes = _expected(kind, {"caseworker", "administrator"})
    if kind == "caseworker_without_keys":
        status = 403
    response = client_for(kind).post(
        f"/de/office/cases/{submitted.report.case.pk}/interpreter/",
        {"interpreter-interpreter": interpreter.pk},
    )
    assert response.status_code == status
    assert TranslationRequest.objects.exists() is writes
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.TRANSLATION_REQUESTED).exists() is writes


@pytest.mark.parametrize("kind", KINDS)
def test_the_interpreters_list(client_for, kind):  # noqa: F811
    status, _writes = _expected(kind, set())
    assert client_for(kind).get("/de/office/translations/").status_code == status


@pytest.mark.parametrize("kind", KINDS)
def test_recording_ones_languages(client_for, kind):  # noqa: F811
    """Every signed-in staff member records the languages they read."""
    response = client_for(kind).post("/de/office/languages/", {"reads_languages": ["ar"]})
    assert response.status_code == 302
    expected = "/de/office/login/" if kind in TO_LOGIN else "/de/office/languages/"
    assert response["Location"].startswith(expected)
