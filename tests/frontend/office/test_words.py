"""The back office speaks the viewer's language: statuses, counts and history lines
(issue 21). Staff tell the two closing verdicts apart; reporters read "Reviewed" for both."""

import pytest
from django.conf import settings
from django.utils import translation

from reporting.models import AuditEvent, Case, CaseStatus
from reporting.models.cases import REPORTER_STATUS_LABELS
from reporting.services.cases import case_transition
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import form_data, submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


@pytest.fixture
def case(association_keyring):
    return report_submit(submission=submission()).report.case


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_staff_status_label_is_distinct(language):
    with translation.override(language):
        labels = [str(label) for label in CaseStatus.labels]
        reporter = {code: str(label) for code, label in REPORTER_STATUS_LABELS.items()}
    assert len(set(labels)) == len(labels), labels
    assert reporter[CaseStatus.SPAM] == reporter[CaseStatus.NOT_DISCRIMINATION]
    assert set(REPORTER_STATUS_LABELS) == set(CaseStatus)


def test_the_reporter_reads_reviewed_for_spam(client, association_keyring, caseworker):
    response = client.post("/de/report/", form_data())
    code = "".join(response.context["code_groups"])
    case = Case.objects.get()
    case_transition(case=case, actor=caseworker, to_status=CaseStatus.SPAM, expected_version=1)
    client.post("/de/receipt/", {"code": code})
    page = client.get("/de/receipt/status/").content.decode()
    assert "<strong>Geprüft</strong>" in page
    assert "Spam" not in page


def test_inbox_counts_show_labels_never_codes(client, caseworker, case):
    staff_login(client, caseworker)
    page = client.get("/de/office/").content.decode()
    start = page.index('<ul class="status-counts">')
    counts = page[start : page.index("</ul>", start)]
    assert '<a href="?status=NEW">Neu</a>: 1' in counts
    assert '<a href="?status=NOT_DISCRIMINATION">Keine Diskriminierung</a>: 0' in counts
    assert '<a href="?status=SPAM">Spam</a>: 0' in counts
    assert ">NEW<" not in counts and ">IN_REVIEW<" not in counts
    assert "<td>Deutsch</td>" in page  # the language's name, not its code


def test_history_lines_name_statuses_in_the_viewers_language(client, caseworker, case):
    case_transition(case=case, actor=caseworker, to_status=CaseStatus.IN_REVIEW, expected_version=1)
    staff_login(client, caseworker)
    for path in (f"/de/office/cases/{case.pk}/", f"/de/office/cases/{case.pk}/history/"):
        page = client.get(path).content.decode()
        assert "hat den Status geändert (Neu → Wird geprüft)" in page, path
        assert "NEW" not in page and "changed the status" not in page


def test_repeated_openings_are_one_line_each_person(client, caseworker, make_staff, case):
    other = make_staff(Role.CASEWORKER)
    staff_login(client, caseworker)
    for _ in range(3):
        client.get(f"/de/office/cases/{case.pk}/")
    AuditEvent.objects.create(case=case, actor=other, verb=AuditEvent.Verb.VIEWED)
    history = client.get(f"/de/office/cases/{case.pk}/history/")
    page = history.content.decode()
    assert page.count(f"{caseworker.username}: 3-mal, zuerst ") == 1
    assert f"{other.username}: einmal, " in page
    assert "hat den Fall geöffnet" not in page  # no line per opening
    assert [(o.actor, o.times) for o in history.context["openings"]] == [
        (other.username, 1),
        (caseworker.username, 3),
    ]
