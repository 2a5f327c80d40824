"""Issue 19 in the back office: member caseworkers record and work on their
organisation's own cases; another organisation's caseworkers and the association's get a
404 for them; the association sees what a member shares (codes and summary only)."""

import re

import pytest

from reporting.models import Attachment, AuditEvent, Case, CaseShare, Note, Organisation, Report
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests import pdf_samples
from tests.factories import form_data, submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db

NARRATIVE = "Am Telefon: die Vermieterin (eigener Fall, fiktiv) Zyxwv-161803."


@pytest.fixture
def world(make_member, make_member_caseworker, make_staff, association_keyring):
    org_a = make_member("Beratung A (Demo)", partner=False)
    org_b = make_member("Beratung B (Demo)", partner=False)
    return {
        "org_a": org_a,
        "org_b": org_b,
        "worker_a": make_member_caseworker(org_a),
        "worker_b": make_member_caseworker(org_b),
        "caseworker": make_staff(Role.CASEWORKER),
    }


def _intake(client, **overrides):
    data = form_data(
        narrative=NARRATIVE,
        channel="PHONE",
        language="de",
        consent_referral="on",
        **overrides,
    )
    return client.post("/de/office/intake/", data)


@pytest.fixture
def own_case(client, world):
    """A case worker_a recorded (a PDF attached), with worker_a signed in on `client`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff_login(client, world["worker_a"])
    pdf = SimpleUploadedFile("beleg.pdf", pdf_samples.blank_pdf(), "application/pdf")
    response = client.post(
        "/de/office/intake/",
        {
            **form_data(narrative=NARRATIVE, channel="PHONE", language="de", consent_referral="on"),
            "attachments": [pdf],
        },
    )
    assert response.status_code == 302, response.content[:600]
    return Case.objects.get(member_organisation=world["org_a"])


def test_a_member_caseworkers_intake_is_their_organisations_own_case(client, world):
    staff_login(client, world["worker_a"])
    # A forged field changes nothing: the organisation is who records, not what is posted.
    response = _intake(client, member_organisation=str(world["org_b"].pk))

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    assert case.member_organisation == world["org_a"]
    page = client.get(response["Location"]).content.decode()
    assert "Zyxwv-161803" in page  # opened with the organisation's key from the session
    assert "Mit dem Verein teilen" in page and 'action="/de/office/cases/' in page
    assert "Vorgeschlagene Organisationen" not in page


def test_with_a_receipt_the_reporters_messages_reach_the_organisation(client, world):
    staff_login(client, world["worker_a"])
    response = _intake(client, receipt="on")
    code = "".join(response.context["code_groups"])
    reporter = client.__class__()
    assert reporter.post("/de/receipt/", {"code": code}).status_code == 302
    assert reporter.post("/de/receipt/status/", {"body": "Nachtrag Qwertz-1"}).status_code == 302

    case = Case.objects.get()
    assert case.unread_for_staff
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert "Nachtrag Qwertz-1" in page


def test_each_inbox_lists_its_own_cases_only(client, world, own_case):
    report_submit(submission=submission())  # one of the association's own
    association_case = Case.objects.get(member_organisation__isnull=True)

    def listed(user):
        other = client.__class__()
        staff_login(other, user)
        html = other.get("/de/office/").content.decode()
        return {int(n) for n in re.findall(r'href="/de/office/cases/(\d+)/"', html)}

    assert listed(world["worker_a"]) == {own_case.pk}
    assert listed(world["worker_b"]) == set()
    assert listed(world["caseworker"]) == {association_case.pk}


URLS = [
    "/de/office/cases/{case}/",
    "/de/office/cases/{case}/history/",
    "/de/office/attachments/{attachment}/",
]
POSTS = [
    ("/de/office/cases/{case}/note/", {"note-body": "Fremde Notiz"}),
    ("/de/office/cases/{case}/message/", {"message-body": "Fremde Nachricht"}),
    ("/de/office/cases/{case}/share/", {"summary": "Fremd"}),
    ("/de/office/cases/{case}/deadlines/follow-up/", {"due_on": "2099-01-01", "note": "x"}),
    (
        "/de/office/cases/{case}/translation/",
        {"translation-body": "x", "translation-language": "de"},
    ),
]


@pytest.mark.parametrize("who", ["worker_b", "caseworker"])
def test_another_organisations_case_is_a_404_everywhere(client, world, own_case, who):
    attachment = Attachment.objects.get(case=own_case)
    other = client.__class__()
    staff_login(other, world[who])
    events = AuditEvent.objects.count()
    for url in URLS:
        response = other.get(url.format(case=own_case.pk, attachment=attachment.pk))
        assert response.status_code == 404, url
    for url, data in POSTS:
        assert other.post(url.format(case=own_case.pk), data).status_code == 404, url
    assert AuditEvent.objects.count() == events
    assert not Note.objects.exists()


def test_the_member_caseworker_opens_their_case_its_history_and_attachment(client, own_case):
    attachment = Attachment.objects.get(case=own_case)
    for url in URLS:
        assert client.get(url.format(case=own_case.pk, attachment=attachment.pk)).status_code == 200
    response = client.post(f"/de/office/cases/{own_case.pk}/note/", {"note-body": "Rückruf"})
    assert response.status_code == 302 and Note.objects.filter(case=own_case).count() == 1


def test_referring_an_own_case_is_refused_without_a_500(client, world, own_case):
    response = client.post(
        f"/de/office/cases/{own_case.pk}/refer/",
        {"organisation": world["org_b"].pk, "summary": "Bitte übernehmen"},
    )
    assert response.status_code == 404
    assert "nicht möglich" in response.content.decode()
    external = client.post(
        f"/de/office/cases/{own_case.pk}/external-referral/",
        {"body_name": "Amt", "referred_on": "2026-01-01", "summary": "x"},
    )
    assert external.status_code in (400, 404)
    assert not own_case.referrals.exists()


def test_sharing_is_listed_for_the_association_with_codes_and_summary_only(client, world, own_case):
    response = client.post(
        f"/de/office/cases/{own_case.pk}/share/", {"summary": "Kurzfassung Wohnungssuche"}
    )
    assert response.status_code == 302
    assert CaseShare.objects.get().case == own_case
    page = client.get(f"/de/office/cases/{own_case.pk}/").content.decode()
    # The summary in the language it was written in, also inside an Arabic page.
    assert '<div class="body" dir="auto">Kurzfassung Wohnungssuche' in page

    association = client.__class__()
    staff_login(association, world["caseworker"])
    shared = association.get("/de/office/shared/").content.decode()
    assert "Kurzfassung Wohnungssuche" in shared and "Beratung A (Demo)" in shared
    assert '<div dir="auto">Kurzfassung Wohnungssuche' in shared
    assert "<bdi>Beratung A (Demo)</bdi>" in shared
    assert "Zyxwv-161803" not in shared
    assert association.get(f"/de/office/cases/{own_case.pk}/").status_code == 404

    # Another member organisation's caseworker sees no shared list at all.
    other = client.__class__()
    staff_login(other, world["worker_b"])
    assert other.get("/de/office/shared/").status_code == 404


def test_sharing_needs_the_reporters_consent(client, world, own_case):
    Report.objects.filter(pk=own_case.report_id).update(consent_referral=False)
    page = client.get(f"/de/office/cases/{own_case.pk}/").content.decode()
    assert "kann nicht geteilt werden" in page
    response = client.post(f"/de/office/cases/{own_case.pk}/share/", {"summary": "Kurz"})
    assert response.status_code == 409 and not CaseShare.objects.exists()


def test_the_organisations_figures(client, world, own_case):
    report_submit(submission=submission())  # the association's: not counted
    page = client.get("/de/office/figures/")
    figures = page.context["figures"]
    assert (figures.total, figures.this_year, figures.open, figures.shared) == (1, 1, 1, 0)
    assert "Die eigenen Fälle von <bdi>Beratung A (Demo)</bdi>:" in page.content.decode()
    assert dict((s, n) for s, _label, n in figures.by_status)["NEW"] == 1
    assert dict((c, n) for c, _label, n in figures.due) == {
        "DEADLINE_SOON": 0, "OVERDUE": 0, "FOLLOW_UP_DUE": 0,
    }  # fmt: skip
    from django.utils import timezone

    from reporting.services.deadlines import follow_up_set

    follow_up_set(case=own_case, actor=world["worker_a"], due_on=timezone.localdate())
    html = client.get("/de/office/figures/").content.decode()
    assert '<a href="/de/office/?due=FOLLOW_UP_DUE">Wiedervorlage fällig</a>: 1' in html
    association = client.__class__()
    staff_login(association, world["caseworker"])
    assert association.get("/de/office/figures/").status_code == 404


def test_the_assignee_choice_lists_colleagues_only(client, world, own_case, make_member_caseworker):
    colleague = make_member_caseworker(world["org_a"])
    page = client.get(f"/de/office/cases/{own_case.pk}/").content.decode()
    select = page[
        page.index('name="assignee"') : page.index("</select>", page.index('name="assignee"'))
    ]
    assert colleague.username in select and world["worker_a"].username in select
    assert world["caseworker"].username not in select
    assert world["worker_b"].username not in select


def test_paused_organisations_are_not_offered_for_referral(client, world, make_member):
    report_submit(submission=submission(consent_referral=True))
    case = Case.objects.get()
    open_one = make_member("Offen (Demo)")
    paused = make_member("Pausiert (Demo)")
    Organisation.objects.filter(pk=paused.pk).update(is_paused=True)
    staff_login(client, world["caseworker"])
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    select = page[page.index('name="organisation"') :]
    select = select[: select.index("</select>")]
    assert f'value="{open_one.pk}"' in select
    assert f'value="{paused.pk}"' not in select


def test_the_member_intake_asks_consent_to_share_with_the_association(client, world):
    """For a member organisation's own case the referral consent means sharing a summary
    with the association: the intake says so, not "pass on to a member organisation"."""
    staff_login(client, world["worker_a"])
    page = client.get("/de/office/intake/").content.decode()
    assert "Zusammenfassung meiner Meldung mit dem Verein teilen" in page
    assert "an eine Mitgliedsorganisation des Vereins" not in page
    assert 'name="consent_referral_naming"' not in page
    client.logout()
    staff_login(client, world["caseworker"])
    page = client.get("/de/office/intake/").content.decode()
    assert "an eine Mitgliedsorganisation des Vereins" in page
    assert "Zusammenfassung meiner Meldung mit dem Verein teilen" not in page
    assert 'name="consent_referral_naming"' in page


def test_the_member_case_page_side_panels(client, own_case):
    """No referral to a member organisation on an own case; the deadlines panel boxed like
    the others; without the matching key, the notice names the association's
    administrator, not one of the member organisation's own."""
    page = client.get(f"/de/office/cases/{own_case.pk}/").content.decode()
    assert 'id="referral-title"' not in page and 'id="share-title"' in page
    assert 'id="deadlines" class="side-block deadlines"' in page
    notice = re.sub(r"\s+", " ", page)
    assert "Administrator des Vereins Ihrer Organisation den Abgleichschlüssel" in notice
