"""Back office: login with second factor, lockout, visibility, case work, conflicts, audit."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from reporting.models import AuditEvent, Case, CaseStatus, KeyGrant, Message, Note, Organisation
from reporting.services.reports import report_submit
from reporting.vocabulary.errors import Conflict
from reporting.vocabulary.roles import Role
from reporting.vocabulary.workflow import allowed_next
from tests.case_panel import panel_data
from tests.factories import submission
from tests.logins import STAFF_PASSWORD as PASSWORD
from tests.logins import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(association_keyring):
    return report_submit(
        submission=submission(narrative="Die Sachbearbeiterin sagte: zurück nach Hause.")
    )


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def test_password_alone_reaches_no_case(client, caseworker, submitted):
    staff_login(client, caseworker, second_factor=False)
    assert client.get("/de/office/").status_code == 302
    assert client.get(f"/de/office/cases/{submitted.report.case.pk}/").status_code == 302


def test_backup_code_works_once(client, caseworker):
    client.post("/de/office/login/", {"username": caseworker.username, "password": PASSWORD})
    code = caseworker.backup_codes[0]
    response = client.post("/de/office/login/second-factor/", {"code": code})
    assert response.status_code == 302
    client.post("/de/office/logout/")
    client.post("/de/office/login/", {"username": caseworker.username, "password": PASSWORD})
    response = client.post("/de/office/login/second-factor/", {"code": code})
    assert response.status_code == 200  # used up


def test_repeated_failures_lock_the_account(client, caseworker, settings):
    for _ in range(settings.LOGIN_FAILURES_BEFORE_LOCK):
        client.post("/de/office/login/", {"username": caseworker.username, "password": "wrong"})
    response = client.post(
        "/de/office/login/", {"username": caseworker.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    caseworker.staff.refresh_from_db()
    assert caseworker.staff.locked_until is not None
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.LOGIN_LOCKED, subject=caseworker).exists()


def _counts(response) -> dict[str, int]:
    return {status: count for status, _label, count in response.context["counts"]}


def test_inbox_lists_cases_with_counts(client, caseworker, submitted):
    staff_login(client, caseworker)
    response = client.get("/de/office/")
    assert response.status_code == 200
    assert _counts(response)[CaseStatus.NEW] == 1
    assert submitted.report.case in list(response.context["page"])
    case = submitted.report.case
    assert f'<a href="/de/office/cases/{case.pk}/">#{case.pk}</a>' in response.content.decode()
    assert case.received_on.isoformat() in response.content.decode()
    filtered = client.get("/de/office/", {"status": "CLOSED"})
    assert list(filtered.context["page"]) == []
    assert (
        client.get("/de/office/", {"ground": "RACISM", "district": "14713"})
        .context["page"]
        .paginator.count
        == 1
    )


def test_a_wrong_inbox_filter_shows_its_error_and_the_others_still_apply(
    client, caseworker, submitted
):
    staff_login(client, caseworker)
    response = client.get("/de/office/", {"status": "CLOSED", "received_from": "2025-02-30"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []  # not every case: the status still applies
    assert "received_from" in response.context["filter_form"].errors
    assert 'id="id_received_from_error"' in response.content.decode()
    wrong_type = client.get("/de/office/", {"incident_type": "DIRECT", "ground": "RACISM"})
    assert wrong_type.context["page"].paginator.count == 1
    assert "incident_type" in wrong_type.context["filter_form"].errors
    wrong_status = client.get("/de/office/", {"status": "NOPE", "ground": "RACISM"})
    assert wrong_status.context["page"].paginator.count == 1
    assert "status" in wrong_status.context["filter_form"].errors


PINNED_INBOX_QUERIES = 9


def test_inbox_query_count_does_not_grow_with_page_size(client, caseworker, association_keyring):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.selectors.keys import association_public_keys

    create_synthetic_reports(count=120, year=2025, recipients=association_public_keys(), seed=3)
    staff_login(client, caseworker)
    client.get("/de/office/")  # the status counts are cached after the first page
    counts = {}
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/de/office/", {"page": page})
        counts[len(response.context["page"])] = len(queries)
        assert all(row.excerpt for row in response.context["rows"])  # decrypted, every row
    # 50 rows and 20 rows alike: session, user, device, roles, the count, the page (two
    # statements), the page's reports for the excerpts (issue 21), the caseworkers for the
    # assignee filter
    assert counts == {50: PINNED_INBOX_QUERIES, 20: PINNED_INBOX_QUERIES}


def test_case_page_decrypts_and_audits(client, caseworker, submitted):
    staff_login(client, caseworker)
    case = submitted.report.case
    response = client.get(f"/de/office/cases/{case.pk}/")
    assert response.status_code == 200
    assert "zurück nach Hause" in response.content.decode()
    assert AuditEvent.objects.filter(
        case=case, verb=AuditEvent.Verb.VIEWED, actor=caseworker
    ).exists()
    assert response["Cache-Control"].startswith("no-store")


def test_case_page_links_are_the_routed_urls(client, caseworker, association_keyring):
    from django.urls import reverse

    from reporting.services.cases import intervention_add

    case = report_submit(submission=submission(consent_referral=True)).report.case
    intervention_add(
        case=case,
        actor=caseworker,
        kind="COUNSELLING",
        occurred_on=case.received_on,
        expected_version=case.version,
    )
    staff_login(client, caseworker)
    html = client.get(reverse("office:case", args=[case.pk])).content.decode()
    case_html = html.split("<main", 1)[1]  # the header's logout form is not the case's
    targets = set(re.findall(r'<form method="(?:post|get)" action="([^"#]*)', case_html))
    targets |= set(re.findall(r'<a href="([^"]*/history/)"', case_html))
    actions = ("update", "intervention", "intervention-remove", "message", "refer", "note")
    assert targets == {
        *(reverse("office:case_action", args=[case.pk, action]) for action in actions),
        *(reverse("office:deadline_action", args=[case.pk, a]) for a in ("record", "follow-up")),
        reverse("office:case_link_action", args=[case.pk, "link"]),
        reverse("office:case", args=[case.pk]),
        reverse("office:case_history", args=[case.pk]),
        reverse("office:case_translation_add", args=[case.pk]),
        reverse("office:external_referral", args=[case.pk]),
        reverse("office:institution_action", args=[case.pk, "record"]),
    }


def test_thread_and_notes_show_author_and_local_time(client, caseworker, submitted):
    from reporting.services.cases import note_add, staff_message_send

    case = submitted.report.case
    staff_message_send(case=case, actor=caseworker, body="Wir melden uns morgen.")
    note_add(case=case, actor=caseworker, body="Rückruf vereinbart.")
    message, note = case.messages.get(), case.notes.get()
    message.created_at = datetime(2025, 3, 30, 23, 30, tzinfo=UTC)  # 01:30 in Dresden (CEST)
    message.save()
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    # Who wrote it, and what it is: a message to the reporter, or a note for the team.
    assert f"{caseworker.get_username()} · an die meldende Person · 2025-03-31 01:30</p>" in page
    local = timezone.localtime(note.created_at).strftime("%Y-%m-%d %H:%M")
    assert f"{caseworker.get_username()} · interne Notiz · {local}</p>" in page


@pytest.mark.parametrize("role", [Role.STATISTICS, Role.PARTNER])
def test_other_roles_get_404_for_cases(client, make_staff, submitted, role):
    user = make_staff(role)
    staff_login(client, user)
    assert client.get("/de/office/").status_code == 404
    assert client.get(f"/de/office/cases/{submitted.report.case.pk}/").status_code == 404
    assert client.get(f"/de/office/cases/{submitted.report.case.pk}/history/").status_code == 404


def test_member_organisation_staff_get_404(client, make_staff, submitted):
    member = Organisation.objects.create(name="Beratung Ost (fiktiv)")
    user = make_staff(Role.CASEWORKER, organisation=member)
    staff_login(client, user)
    assert client.get(f"/de/office/cases/{submitted.report.case.pk}/").status_code == 404
    assert client.get(f"/de/office/cases/{submitted.report.case.pk}/history/").status_code == 404


def test_history_needs_a_login_and_the_second_factor(client, caseworker, submitted):
    url = f"/de/office/cases/{submitted.report.case.pk}/history/"
    assert client.get(url).status_code == 302
    staff_login(client, caseworker, second_factor=False)
    assert client.get(url).status_code == 302


def test_the_assessment_form_starts_from_the_cases_classification(client, caseworker, submitted):
    staff_login(client, caseworker)
    case = submitted.report.case
    initial = client.get(f"/de/office/cases/{case.pk}/").context["panel_form"].initial
    assert (initial["grounds"], initial["district"]) == (case.report.grounds, case.report.district)
    client.post(
        f"/de/office/cases/{case.pk}/update/",
        panel_data(case, grounds=["AGE"], areas=["WORK"], district="14511"),
    )
    initial = client.get(f"/de/office/cases/{case.pk}/").context["panel_form"].initial
    assert (initial["grounds"], initial["district"]) == (["AGE"], "14511")


def test_the_assessment_form_sets_the_agg_scope_or_leaves_it_automatic(
    client, caseworker, submitted
):
    staff_login(client, caseworker)
    case = submitted.report.case
    url = f"/en/office/cases/{case.pk}/"
    page = client.get(url)
    assert page.context["panel_form"].initial["agg_scope"] == "AUTO"
    assert "In the statistics now: Protected by the AGG" in page.content.decode()
    posted = {"grounds": ["RACISM"], "areas": ["PUBLIC_TRANSPORT"], "district": "14511"}
    client.post(url + "update/", panel_data(case, **posted, agg_scope="OUTSIDE"))
    case.refresh_from_db()
    assert (case.assessment.agg_scope, case.agg_scope) == ("OUTSIDE", "OUTSIDE")
    page = client.get(url)
    assert page.context["panel_form"].initial["agg_scope"] == "OUTSIDE"
    html = page.content.decode()
    assert '<option value="OUTSIDE" selected>' in html
    assert "In the statistics now: Outside the AGG" in html
    client.post(url + "update/", panel_data(case, agg_scope=""))  # an older page: no field
    case.refresh_from_db()
    assert (case.assessment.agg_scope, case.agg_scope) == ("AUTO", "UNDECIDED")


def test_the_assessment_form_keeps_a_region_retention_left(client, caseworker, submitted):
    """After destruction the district may be a region; re-saving the assessment must not
    quietly put the first district of the list in its place."""
    from reporting.services.retention import case_content_destroy

    case = submitted.report.case
    case_content_destroy(case_id=case.pk)
    case.refresh_from_db()  # coarsening is a change of the case: a new version
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert '<option value="REGION_LEIPZIG" selected>' in page
    client.post(
        f"/de/office/cases/{case.pk}/update/",
        panel_data(case, grounds=["AGE"], areas=["WORK"], district="REGION_LEIPZIG"),
    )
    case.refresh_from_db()
    assert (case.grounds, case.district) == (["AGE"], "REGION_LEIPZIG")


def test_case_page_shows_the_latest_events_and_the_history_page_all(client, caseworker, submitted):
    from frontend.office.views.cases import HISTORY_PAGE_SIZE
    from reporting.selectors.cases import RECENT_EVENTS

    staff_login(client, caseworker)
    case = submitted.report.case
    for _ in range(RECENT_EVENTS + 5):
        AuditEvent.objects.create(case=case, actor=caseworker, verb=AuditEvent.Verb.NOTE)
    page = client.get(f"/en/office/cases/{case.pk}/")
    assert len(page.context["events"]) == RECENT_EVENTS
    assert page.context["events"][0].verb == "added a note"  # newest first, openings apart
    assert page.context["events"][0].actor == caseworker.get_username()
    assert f"/en/office/cases/{case.pk}/history/" in page.content.decode()
    history = client.get(f"/en/office/cases/{case.pk}/history/")
    assert history.status_code == 200
    listed = AuditEvent.objects.filter(case=case).exclude(verb=AuditEvent.Verb.VIEWED).count()
    assert len(history.context["events"]) == min(listed, HISTORY_PAGE_SIZE)
    assert history.content.decode().count("added a note") == RECENT_EVENTS + 5
    total = AuditEvent.objects.filter(case=case).count()
    client.get(f"/en/office/cases/{case.pk}/history/")
    assert AuditEvent.objects.filter(case=case).count() == total  # the history decrypts nothing


def test_status_counts_follow_transitions_and_new_reports(
    client, caseworker, submitted, django_capture_on_commit_callbacks
):
    staff_login(client, caseworker)
    case = submitted.report.case
    assert _counts(client.get("/de/office/"))[CaseStatus.NEW] == 1  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/de/office/cases/{case.pk}/update/", panel_data(case, to_status="IN_REVIEW"))
    counts = _counts(client.get("/de/office/"))
    assert (counts[CaseStatus.NEW], counts[CaseStatus.IN_REVIEW]) == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(submission=submission())
    assert _counts(client.get("/de/office/"))[CaseStatus.NEW] == 1


def test_inbox_filters_by_incident_type_with_translated_labels(client, caseworker, submitted):
    staff_login(client, caseworker)
    case = submitted.report.case
    Case.objects.filter(pk=case.pk).update(incident_types=["THREAT", "VERBAL_ABUSE"])
    threats = client.get("/de/office/", {"incident_type": "THREAT"})
    assert list(threats.context["page"]) == [case]
    assert (
        client.get("/de/office/", {"incident_type": "ASSAULT"}).context["page"].paginator.count == 0
    )
    page = threats.content.decode()
    assert 'name="incident_type"' in page and "Art des Vorfalls" in page and "Bedrohung" in page


def test_inbox_filters_on_the_assessment_where_there_is_one(client, caseworker, submitted):
    staff_login(client, caseworker)
    case = submitted.report.case
    assert client.get("/de/office/", {"ground": "AGE"}).context["page"].paginator.count == 0
    client.post(
        f"/de/office/cases/{case.pk}/update/",
        panel_data(case, grounds=["AGE"], areas=["WORK"], district="14511"),
    )
    by_age = client.get("/de/office/", {"ground": "AGE", "district": "14511"})
    assert list(by_age.context["page"]) == [case]
    assert client.get("/de/office/", {"ground": "RACISM"}).context["page"].paginator.count == 0


def test_without_grant_the_case_stays_locked(client, make_staff, submitted):
    user = make_staff(Role.CASEWORKER, grant=False)
    staff_login(client, user)
    response = client.get(f"/de/office/cases/{submitted.report.case.pk}/")
    assert response.status_code == 403
    assert "zurück nach Hause" not in response.content.decode()


def test_transition_assign_assess_note_and_message(client, caseworker, submitted):
    staff_login(client, caseworker)
    case = submitted.report.case
    base = f"/de/office/cases/{case.pk}/"
    # Status, assignee and classification: one save.
    panel = panel_data(case, to_status="IN_REVIEW", assignee=caseworker.pk, grounds=["RACISM", "LANGUAGE"],
                       areas=["AUTHORITIES"], district="14713", is_discrimination="true")  # fmt: skip
    assert client.post(base + "update/", panel).status_code == 302
    assert client.post(base + "note/", {"note-body": "Intern: Rückruf planen."}).status_code == 302
    assert (
        client.post(base + "message/", {"message-body": "Danke, wir melden uns."}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.assignee == caseworker
    assert case.assessment.grounds == ["RACISM", "LANGUAGE"] and case.assessment.is_discrimination
    assert case.first_triaged_at and case.first_replied_at
    assert b"Intern" not in bytes(Note.objects.get().body)
    verbs = set(AuditEvent.objects.filter(case=case).values_list("verb", flat=True))
    assert {"TRANSITION", "ASSIGNED", "ASSESSED", "NOTE", "STAFF_MESSAGE"} <= verbs
    # the reporter reads the answer, never the note
    client.post("/de/office/logout/")
    client.post("/de/receipt/", {"code": submitted.receipt_code})
    page = client.get("/de/receipt/status/").content.decode()
    assert "Danke, wir melden uns." in page
    assert "Rückruf" not in page


def test_disallowed_transition_is_refused(client, caseworker, submitted):
    staff_login(client, caseworker)
    case = submitted.report.case
    response = client.post(
        f"/de/office/cases/{case.pk}/update/", panel_data(case, to_status="CLOSED")
    )
    assert response.status_code == 400
    assert Case.objects.get().status == CaseStatus.NEW


@pytest.fixture
def two_caseworkers(client, make_staff, submitted):
    """Two logged-in caseworkers' browsers and the URL of the case both have open."""
    from django.test import Client

    other = Client()
    staff_login(client, make_staff(Role.CASEWORKER))
    staff_login(other, make_staff(Role.CASEWORKER))
    return client, other, f"/de/office/cases/{submitted.report.case.pk}/"


def test_concurrent_saves_conflict_and_keep_the_input(two_caseworkers):
    client, other, base = two_caseworkers
    case = Case.objects.get()
    stale = panel_data(case, grounds=["AGE"], areas=["WORK"], incident_month="2025-01",
                       is_discrimination="false")  # fmt: skip
    assert client.post(base + "update/", panel_data(case, to_status="IN_REVIEW")).status_code == 302
    response = other.post(base + "update/", stale)
    assert response.status_code == 409
    kept = response.context["panel_form"]
    assert kept.data["incident_month"] == "2025-01"
    assert not hasattr(Case.objects.get(), "assessment")
    # Saved again as shown, the kept input now goes through; it keeps the status it saw
    # too, which the workflow allows going back to.
    assert 'name="version" value="2"' in str(kept["version"])
    kept_data = dict(kept.data.lists()) | {"to_status": "IN_REVIEW"}
    assert other.post(base + "update/", kept_data).status_code == 302
    assert Case.objects.get().assessment.incident_month == "2025-01"


def test_the_same_status_change_twice_is_a_conflict_not_a_refusal(two_caseworkers):
    client, other, base = two_caseworkers
    both = panel_data(Case.objects.get(), to_status="IN_REVIEW")
    assert client.post(base + "update/", both).status_code == 302
    response = other.post(base + "update/", both)
    assert response.status_code == 409
    assert response.context["error"] == Conflict.message
    # The kept form offers the status the case now has and what is allowed from it.
    choices = {
        value for value, _label in response.context["panel_form"].fields["to_status"].widget.choices
    }
    assert choices == {CaseStatus.IN_REVIEW, *allowed_next(CaseStatus.IN_REVIEW)}
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.TRANSITION).count() == 1


def test_reporter_message_marks_the_case_unread(client, caseworker, submitted):
    client.post("/de/receipt/", {"code": submitted.receipt_code})
    client.post("/de/receipt/status/", {"body": "Noch etwas."})
    client.post("/de/receipt/logout/")
    staff_login(client, caseworker)
    case = Case.objects.get()
    assert case.unread_for_staff
    client.get(f"/de/office/cases/{case.pk}/")
    case.refresh_from_db()
    assert not case.unread_for_staff
    assert Message.objects.get().read_by_staff


def test_staff_posts_need_csrf(caseworker, submitted):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/de/office/login/", {"username": caseworker.username, "password": PASSWORD}
    )
    assert response.status_code == 403


def test_administrators_see_lockouts_and_audit_events_in_the_admin(
    client, make_staff, caseworker, settings
):
    for _ in range(settings.LOGIN_FAILURES_BEFORE_LOCK):
        client.post("/de/office/login/", {"username": caseworker.username, "password": "wrong"})
    admin_user = make_staff(Role.ADMINISTRATOR)
    staff_login(client, admin_user)
    profiles = client.get("/admin/reporting/staffprofile/")
    assert profiles.status_code == 200
    assert caseworker.username in profiles.content.decode()
    events = client.get("/admin/reporting/auditevent/")
    assert events.status_code == 200
    assert "LOGIN_LOCKED" in events.content.decode() or "account locked" in events.content.decode()


def test_own_password_change_keeps_the_keys(client, caseworker, submitted):
    staff_login(client, caseworker)
    response = client.post(
        "/de/office/password/",
        {"old_password": PASSWORD, "new_password": "ein-neues-langes-passwort-7"},
    )
    assert response.context["changed"]
    client.post("/de/office/logout/")
    client.post(
        "/de/office/login/",
        {"username": caseworker.username, "password": "ein-neues-langes-passwort-7"},
    )
    from reporting.services.staff_keys import unlocked_keys

    assert unlocked_keys(user=caseworker, password="ein-neues-langes-passwort-7")[1]


def test_wrong_current_password_is_refused(client, caseworker):
    staff_login(client, caseworker)
    response = client.post(
        "/de/office/password/",
        {"old_password": "falsch", "new_password": "ein-neues-langes-passwort-7"},
    )
    assert response.status_code == 200 and response.context["form"].errors["old_password"]


def test_admin_reset_in_the_admin_drops_grants_and_warns(client, make_staff, caseworker):
    from reporting.models import KeyGrant

    admin_user = make_staff(Role.ADMINISTRATOR)
    staff_login(client, admin_user)
    page = client.get(f"/admin/auth/user/{caseworker.pk}/password/")
    assert "cannot read any report until a key holder grants" in page.content.decode()
    client.post(
        f"/admin/auth/user/{caseworker.pk}/password/",
        {"password1": "reset-passwort-lang-9", "password2": "reset-passwort-lang-9"},
    )
    assert not KeyGrant.objects.filter(user=caseworker).exists()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.KEYS_DROPPED, subject=caseworker).exists()


def test_administrator_grants_a_held_key_after_a_reset(client, make_staff, caseworker, submitted):
    from reporting.models import KeyGrant
    from reporting.services.staff_keys import user_password_reset

    admin_user = make_staff(Role.ADMINISTRATOR)
    user_password_reset(user=caseworker, new_password=PASSWORD, actor=admin_user)
    assert not KeyGrant.objects.filter(user=caseworker).exists()
    staff_login(client, admin_user)
    page = client.get("/de/office/keys/")
    row = page.context["rows"][0]
    assert caseworker in list(row["without_grant"])
    client.post("/de/office/keys/", {"key": row["key"].pk, "user": caseworker.pk})
    assert KeyGrant.objects.filter(user=caseworker, granted_by=admin_user).exists()
    client.post("/de/office/logout/")
    staff_login(client, caseworker)
    assert (
        "zurück nach Hause"
        in client.get(f"/de/office/cases/{submitted.report.case.pk}/").content.decode()
    )


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER, Role.STATISTICS])
def test_only_administrators_grant_keys(client, make_staff, role):
    staff_login(client, make_staff(role))
    assert client.get("/de/office/keys/").status_code == 404


@pytest.mark.parametrize(
    "posted",
    [
        {"key": "abc", "user": "1"},
        {"key": "", "user": ""},
        {},
        {"key": "1", "user": "x"},
        {"key": str(2**70), "user": "1"},
        {"key": "1", "user": "99999"},
    ],
)
def test_a_grant_the_page_does_not_offer_is_a_404(client, make_staff, posted):
    staff_login(client, make_staff(Role.ADMINISTRATOR))
    assert client.post("/de/office/keys/", posted).status_code == 404
    assert not KeyGrant.objects.filter(granted_by__isnull=False).exists()


def test_the_association_key_is_not_granted_to_staff_of_a_member(client, make_staff, make_member):
    member = make_member("Beratung Fremd (fiktiv)")
    admin_user = make_staff(Role.ADMINISTRATOR)
    staff_login(client, admin_user)
    key = client.get("/de/office/keys/").context["rows"][0]["key"]
    assert member.partner not in {
        u for row in client.get("/de/office/keys/").context["rows"] for u in row["without_grant"]
    }
    response = client.post("/de/office/keys/", {"key": key.pk, "user": member.partner.pk})
    assert response.status_code == 404
    assert not KeyGrant.objects.filter(user=member.partner, organisation_key=key).exists()


def test_organisation_admin_edits_codes_with_checkboxes(client, make_staff, make_member):
    member = make_member("Beratung Admin (fiktiv)", districts=["14612"], partner=False)
    staff_login(client, make_staff(Role.ADMINISTRATOR))
    page = client.get(f"/admin/reporting/organisation/{member.pk}/change/").content.decode()
    assert 'type="checkbox" name="districts" value="14612"' in page and "checked" in page


# The case page's reads, pinned with a note, a message and two interventions (so nothing
# that grows with the case slips in): session, user, device, roles, the case with its
# report, assignee and assessment, messages, notes, attachments, interventions (the one
# read issue 22 added), the audit row, the organisations to refer to, the case's
# referrals (the reporter consented to passing on), the latest events, the openings summed
# up per person (issue 21), the caseworkers to assign to, the case's deadlines and
# follow-up and its translations (issue 18), its linked cases and how many reports its
# incident has, the institutions named on it and the session's matching key (issue 19).
# The interpreters are read on the page that sends a text to one, linked from the panel.
PINNED_CASE_PAGE_QUERIES = 22


def test_case_page_query_count_is_pinned(client, caseworker, association_keyring):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.services.cases import intervention_add, note_add, staff_message_send

    case = report_submit(submission=submission(consent_referral=True)).report.case
    note_add(case=case, actor=caseworker, body="Intern.")
    staff_message_send(case=case, actor=caseworker, body="Hallo.")
    for kind in ("COUNSELLING", "MEDIATION"):
        case.refresh_from_db()
        intervention_add(
            case=case,
            actor=caseworker,
            kind=kind,
            occurred_on=case.received_on,
            expected_version=case.version,
        )
    staff_login(client, caseworker)
    client.get(f"/de/office/cases/{case.pk}/")  # the first view also marks messages read
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/de/office/cases/{case.pk}/").status_code == 200
    assert len(queries) == PINNED_CASE_PAGE_QUERIES, "\n".join(q["sql"][:100] for q in queries)
