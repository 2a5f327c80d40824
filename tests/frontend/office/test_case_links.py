"""The case page's panel of linked cases (frontend/office/views/links.py): link, mark a
duplicate, remove a link, without JavaScript, with a confirmation, translated errors
beside the field, every role checked."""

import pytest
from django.contrib.messages import get_messages

from reporting.models import AuditEvent, Case, CaseLink
from reporting.services.links import case_link
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.api.conftest import (  # noqa: F401 - fixtures
    client_for,
    login,
    member_organisation,
    reporter_client,
    submitted,
    user_kinds,
)
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(submitted):  # noqa: F811 - the fixture imported above
    return submitted.report.case


@pytest.fixture
def lead(association_keyring):
    return report_submit(submission=submission()).report.case


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def url(case, action):
    return f"/de/office/cases/{case.pk}/links/{action}/"


MATRIX = {
    "anonymous": 302,  # to the login
    "reporter": 302,
    "caseworker_without_second_factor": 302,
    "caseworker": 302,  # back to the case
    "administrator": 302,
    "caseworker_without_keys": 302,
    "partner": 404,
    "statistics": 404,
    "member_caseworker": 404,  # another organisation's caseworker
}
ALLOWED = {"caseworker", "administrator", "caseworker_without_keys"}


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("action", ["link", "unlink"])
def test_permission_matrix(client_for, case, lead, caseworker, kind, action):  # noqa: F811
    if action == "unlink":
        case_link(
            case=case, lead=lead, kind=CaseLink.DUPLICATE, actor=caseworker, expected_version=1
        )
        data = {"case": case.pk, "version": 2}
    else:
        data = {"kind": "SAME_INCIDENT", "lead": lead.pk, "version": 1}
    client = client_for(kind)
    events = AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEWED).count()
    response = client.post(url(case, action), data)
    assert response.status_code == MATRIX[kind], response.content[:300]
    changed = AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEWED).count() - events
    if kind in ALLOWED:
        assert response["Location"] == f"/de/office/cases/{case.pk}/#links"
        assert changed == 2  # on both cases
    else:
        assert changed == 0
        if MATRIX[kind] == 302:
            assert response["Location"].startswith("/de/office/login/")


def test_link_list_and_remove_on_the_case_page(client, case, lead, caseworker):
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert "Verknüpfte Meldungen" in page and "Gleicher Vorfall wie Fall Nr. …" in page
    response = client.post(
        url(case, "link"), {"kind": "DUPLICATE", "lead": f"#{lead.pk}", "version": 1}
    )
    assert response.status_code == 302
    confirmation = [str(m) for m in get_messages(response.wsgi_request)]
    assert confirmation == [
        f"Markiert: Fall #{case.pk} ist eine doppelte Meldung von Fall #{lead.pk}."
    ]
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert f'href="/de/office/cases/{lead.pk}/">#{lead.pk}</a>' in page
    assert "Zählt weder als Meldung noch als Vorfall." in page
    assert f" · #{lead.pk}</li>" in page  # the history names the other case
    page = client.get(f"/de/office/cases/{lead.pk}/").content.decode()
    assert f'href="/de/office/cases/{case.pk}/">#{case.pk}</a> · Doppelte Meldung' in page
    assert f" · #{case.pk}</li>" in page
    # Removed from the lead's page.
    response = client.post(url(lead, "unlink"), {"case": case.pk, "version": 2})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).linked_to is None


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        ({"kind": "SAME_INCIDENT", "lead": "abc", "version": 1}, 400,
         "Geben Sie die Nummer eines Falls ein, zum Beispiel 128."),
        ({"kind": "SAME_INCIDENT", "lead": "99999999", "version": 1}, 400,
         "Es gibt keinen Fall mit dieser Nummer, den Sie sehen dürfen."),
        ({"kind": "SAME_INCIDENT", "lead": "{case}", "version": 1}, 400,
         "Ein Fall kann nicht mit sich selbst verknüpft werden."),
        ({"kind": "SAME_INCIDENT", "lead": "{lead}", "version": 5}, 409,
         "Jemand anderes hat diesen Fall"),
        ({"kind": "MERGE", "lead": "{lead}", "version": 1}, 400,
         "Bitte wählen Sie einen der angebotenen Werte."),
    ],
)  # fmt: skip
def test_mistakes_show_the_panel_with_the_error(
    client, case, lead, caseworker, data, status, error
):
    staff_login(client, caseworker)
    data = {k: str(v).format(case=case.pk, lead=lead.pk) for k, v in data.items()}
    response = client.post(url(case, "link"), data)
    assert response.status_code == status
    page = response.content.decode()
    assert error in page and 'class="error-summary"' in page
    assert f'value="{data["lead"]}"' in page  # the input is kept
    assert Case.objects.get(pk=case.pk).linked_to is None


def test_unlinking_a_case_not_linked_here_is_404(client, case, lead, caseworker):
    other = report_submit(submission=submission()).report.case
    case_link(
        case=other, lead=lead, kind=CaseLink.SAME_INCIDENT, actor=caseworker, expected_version=1
    )
    staff_login(client, caseworker)
    assert client.post(url(case, "unlink"), {"case": other.pk, "version": 2}).status_code == 404
    assert client.post(url(case, "merge"), {}).status_code == 404
    assert client.get(url(case, "link")).status_code == 405
    response = client.post(url(case, "unlink"), {"case": case.pk, "version": 1})
    assert response.status_code == 400
    assert "Dieser Fall ist mit keinem anderen Fall verknüpft." in response.content.decode()
