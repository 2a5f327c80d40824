"""Retention with frozen time: content goes at the boundary, not a day early; what stays
is coarsened; figures stay; abandoned cases are announced, then closed and destroyed."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from reporting import notifications
from reporting.models import (
    Assessment,
    Attachment,
    AuditEvent,
    Case,
    CaseStatus,
    Message,
    Report,
    SealedBlob,
)
from reporting.selectors.receipts import reporter_access_for_code
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.attachments import PreparedAttachment
from reporting.services.cases import case_assess, case_transition, case_view_record, note_add
from reporting.services.messages import reporter_message_send
from reporting.services.reports import report_submit
from reporting.services.retention import (
    case_content_destroy,
    inactive_cases_warn,
    retention_plan,
    retention_run,
)
from reporting.statistics.counts import tallies_of_counts
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db
CLOSED_ON = datetime.datetime(2024, 3, 10, 12, 0, tzinfo=datetime.UTC)
FIGURES = ("excluded", "singles", "district_grounds", "grounds_areas", "forms")


@pytest.fixture
def closed_case(association_keyring, make_staff, settings):
    settings.RETENTION_CLOSED_CASE_DAYS = 365
    caseworker = make_staff(Role.CASEWORKER)
    with time_machine.travel(CLOSED_ON - datetime.timedelta(days=30), tick=False):
        submitted = report_submit(
            submission=submission(incident_month="2024-01", grounds=["RACISM", "AGE"]),
            attachments=[PreparedAttachment("a.pdf", "application/pdf", "PDF", b"%PDF-1.4\n")],
        )
        reporter_message_send(
            access=reporter_access_for_code(submitted.receipt_code), body="Nachtrag"
        )
    case = submitted.report.case
    case_transition(case=case, actor=caseworker, to_status="IN_REVIEW", expected_version=1)
    case_transition(case=case, actor=caseworker, to_status="DOCUMENTED", expected_version=2)
    with time_machine.travel(CLOSED_ON, tick=False):
        case_transition(case=case, actor=caseworker, to_status="CLOSED", expected_version=3)
    return submitted


def kept_columns():
    """The clear columns retention leaves exactly as they were."""
    return list(
        Report.objects.values_list(
            "grounds", "areas", "forms", "incident_month", "reporter_role", "reported_to_police"
        )
    )


def assert_tallies_equal_a_recount(year: int) -> None:
    tallied, scanned = year_counts(year), year_counts_scanned(year)
    for name in FIGURES:
        assert dict(getattr(tallied, name)) == dict(getattr(scanned, name)), name


def test_not_a_day_early(closed_case):
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=364, hours=23), tick=False):
        assert retention_plan().case_ids == []
        assert retention_run() == 0
    assert Report.objects.get().content != b""
    assert SealedBlob.objects.filter(attachment__case=closed_case.report.case).exists()


def test_destroyed_at_the_boundary_and_statistics_unchanged(closed_case, association_private_key):
    before = kept_columns()
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=365), tick=False):
        assert retention_run() == 1
    report = Report.objects.get()
    assert bytes(report.content) == b"" and report.contact is None
    assert report.receipt_lookup is None and report.reporter_private_key_wrapped is None
    assert all(bytes(m.body) == b"" for m in Message.objects.all())
    assert not Attachment.objects.exists() and not SealedBlob.objects.exists()
    assert kept_columns() == before
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.CONTENT_DESTROYED).count() == 1
    assert reporter_access_for_code(closed_case.receipt_code) is None
    assert_tallies_equal_a_recount(2024)
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=400), tick=False):
        assert retention_run() == 0  # idempotent


def test_intervention_notes_go_their_kind_and_day_stay(closed_case, make_staff):
    from reporting.models import Intervention
    from reporting.services.cases import intervention_add

    case = closed_case.report.case
    case.refresh_from_db()
    intervention_add(
        case=case,
        actor=make_staff(Role.CASEWORKER),
        kind="COMPLAINT_LETTER",
        occurred_on=datetime.date(2024, 3, 1),
        notes="Brief an die Filiale.",
        expected_version=case.version,
    )
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=365), tick=False):
        assert retention_run() == 1
    kept = Intervention.objects.get()
    assert kept.notes is None
    assert (kept.kind, kept.occurred_on) == ("COMPLAINT_LETTER", datetime.date(2024, 3, 1))


def test_an_external_referral_keeps_body_and_day_and_loses_its_summary(closed_case, make_staff):
    from reporting.models import ExternalReferral
    from reporting.services.referrals import external_referral_record

    case = closed_case.report.case
    Report.objects.filter(pk=closed_case.report.pk).update(consent_referral=True)
    external_referral_record(
        case=case,
        body_name="Landesweite Beratung (fiktiv)",
        referred_on=datetime.date(2024, 3, 1),
        summary="Zur Übergabe.",
        actor=make_staff(Role.CASEWORKER),
    )
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=365), tick=False):
        assert retention_run() == 1
    kept = ExternalReferral.objects.get()
    assert bytes(kept.summary) == b""
    assert (kept.body_name, kept.referred_on) == (
        "Landesweite Beratung (fiktiv)",
        datetime.date(2024, 3, 1),
    )


def test_reopened_cases_are_kept(closed_case, make_staff):
    case = closed_case.report.case
    case.refresh_from_db()
    case_transition(
        case=case,
        actor=make_staff(Role.CASEWORKER),
        to_status="IN_REVIEW",
        expected_version=case.version,
    )
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=900), tick=False):
        assert retention_run() == 0


def test_dry_run_lists_without_destroying(closed_case, capsys):
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=366), tick=False):
        call_command("retention", "--dry-run")
    assert "would destroy the content of case" in capsys.readouterr().out
    assert Report.objects.get().content != b""
    assert SealedBlob.objects.filter(attachment__case=closed_case.report.case).exists()


def test_the_case_page_still_opens_after_destruction(client, closed_case, make_staff):
    from tests.logins import staff_login

    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=366), tick=False):
        retention_run()
    staff_login(client, make_staff(Role.CASEWORKER))
    response = client.get(f"/de/office/cases/{closed_case.report.case.pk}/")
    assert response.status_code == 200
    assert response.context["detail"].content == {}


# -- coarsening at destruction -----------------------------------------------------------

RECEIVED = datetime.datetime(2024, 5, 20, 12, 0, tzinfo=datetime.UTC)


def _case(*, day=RECEIVED, **fields) -> Case:
    with time_machine.travel(day, tick=False):
        return report_submit(submission=submission(**fields)).report.case


def _columns(case: Case) -> tuple:
    case.refresh_from_db()
    report = case.report
    report.refresh_from_db()
    return (
        (report.created_on, report.district, report.language),
        (case.received_on, case.district, case.language),
    )


@pytest.fixture
def may_2024(association_keyring):
    """May 2024: five reports from Leipzig (city), one from Görlitz, one online."""
    leipzig = [_case(district="14713", language="ar") for _ in range(5)]
    goerlitz = _case(district="14626", language="vi")
    online = _case(district="ONLINE", language="uk")
    return leipzig, goerlitz, online


def test_the_day_becomes_the_month_and_a_rare_district_its_region(may_2024):
    leipzig, goerlitz, online = may_2024
    for case in (leipzig[0], goerlitz, online):
        case_content_destroy(case_id=case.pk)
    first = datetime.date(2024, 5, 1)
    # Five from Leipzig in May: as many as k, so the district stays.
    assert _columns(leipzig[0]) == ((first, "14713", "ar"),) * 2
    # The only one from Görlitz: its region (146, Dresden) instead.
    assert _columns(goerlitz) == ((first, "REGION_DRESDEN", "vi"),) * 2
    assert _columns(online) == ((first, "ONLINE", "uk"),) * 2  # no place to single out
    # Not destroyed yet: untouched.
    assert _columns(leipzig[1]) == ((datetime.date(2024, 5, 20), "14713", "ar"),) * 2


def test_a_district_the_month_counts_less_than_k_times_goes_for_every_case(association_keyring):
    cases = [_case(district="14523") for _ in range(4)]
    for case in cases:
        case_content_destroy(case_id=case.pk)
    assert {_columns(case)[1][1] for case in cases} == {"REGION_CHEMNITZ"}


def test_the_assessed_district_is_coarsened_by_its_own_count(association_keyring, make_staff):
    """The reporter said Leipzig (five that month); the caseworker found Nordsachsen (one)."""
    cases = [_case(district="14713") for _ in range(5)]
    case = cases[0]
    case_assess(
        case=case,
        actor=make_staff(Role.CASEWORKER),
        expected_version=case.version,
        grounds=["RACISM"],
        areas=["WORK"],
        forms=[],
        district="14730",
        incident_month="2024-05",
        is_discrimination=True,
    )
    case_content_destroy(case_id=case.pk)
    (_, report_district, _), (_, case_district, _) = _columns(case)
    assert report_district == "14713"  # four others from Leipzig (city) that month, and itself
    assert case_district == Assessment.objects.get(case=case).district == "REGION_LEIPZIG"


def test_the_language_goes_where_no_table_counts_it(association_keyring, make_staff):
    spam, counted = _case(language="fa"), _case(language="fa")
    case_transition(
        case=spam, actor=make_staff(Role.CASEWORKER), to_status="SPAM", expected_version=1
    )
    for case in (spam, counted):
        case_content_destroy(case_id=case.pk)
    assert _columns(spam)[0][2] == _columns(spam)[1][2] == ""
    assert _columns(counted)[1][2] == "fa"


def test_tallies_equal_a_recount_and_the_totals_stay(may_2024, make_staff):
    online = may_2024[2]
    case_transition(
        case=online, actor=make_staff(Role.CASEWORKER), to_status="SPAM", expected_version=1
    )
    before = year_counts(2024)
    for case in Case.objects.all():
        case_content_destroy(case_id=case.pk)
    after = year_counts(2024)
    assert_tallies_equal_a_recount(2024)
    assert tallies_of_counts(after) != tallies_of_counts(before)  # Görlitz moved …
    assert (after.included, after.excluded, after.singles) == (
        before.included,
        before.excluded,
        before.singles,
    )
    assert (after.grounds_areas, after.forms) == (before.grounds_areas, before.forms)
    moved = {district for district, _grounds in after.district_grounds}
    assert moved == {"14713", "REGION_DRESDEN"}  # … to its region; the rest as it was


# -- cases nobody works on ---------------------------------------------------------------

SUBMITTED = datetime.datetime(2024, 1, 15, 11, 0, tzinfo=datetime.UTC)
PERIOD = datetime.timedelta(days=730)
NOTICE = datetime.timedelta(days=30)
WARN_DAY = SUBMITTED + PERIOD - NOTICE
CLOSE_DAY = SUBMITTED + PERIOD
DAY = datetime.timedelta(days=1)


def at(moment, action=retention_run):
    with time_machine.travel(moment, tick=False):
        return action()


@pytest.fixture
def administrator(make_staff):
    user = make_staff(Role.ADMINISTRATOR)
    user.email = "verwaltung@example.org"
    user.save()
    caseworker = make_staff(Role.CASEWORKER)
    caseworker.email = "fallarbeit@example.org"
    caseworker.save()
    return user


@pytest.fixture
def abandoned(association_keyring, make_staff, settings):
    """Received, put in review the same day, then nothing more."""
    settings.RETENTION_INACTIVE_CASE_DAYS = PERIOD.days
    case = _case(day=SUBMITTED, district="14626", grounds=["RACISM", "AGE"])
    with time_machine.travel(SUBMITTED, tick=False):
        case_transition(
            case=case, actor=make_staff(Role.CASEWORKER), to_status="IN_REVIEW", expected_version=1
        )
    return case


def events(case) -> list[str]:
    return list(
        AuditEvent.objects.filter(case=case)
        .order_by("created_at", "id")
        .values_list("verb", flat=True)
    )


def test_announced_a_notice_before_not_a_day_earlier(
    abandoned, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        at(WARN_DAY - DAY)
    assert mail.outbox == [] and events(abandoned)[-1] == AuditEvent.Verb.TRANSITION
    with django_capture_on_commit_callbacks(execute=True):
        at(WARN_DAY)
    abandoned.refresh_from_db()
    assert abandoned.inactivity_warned_on == WARN_DAY.date()
    assert events(abandoned)[-1] == AuditEvent.Verb.INACTIVITY_WARNED
    [sent] = mail.outbox
    assert sent.to == ["verwaltung@example.org"]  # administrators, not caseworkers
    assert sent.subject == notifications.SUBJECTS["inactivity_warning"]
    assert sent.body.startswith(notifications.BODIES["inactivity_warning"])  # the same every time
    for leak in (f"cases/{abandoned.pk}", "14626", "Görlitz", "RACISM", "Vermieter"):
        assert leak not in sent.subject + sent.body
    # Once: the following days add no warning and send no mail.
    with django_capture_on_commit_callbacks(execute=True):
        at(WARN_DAY + DAY)
        at(CLOSE_DAY - DAY)
    assert len(mail.outbox) == 1
    assert events(abandoned).count(AuditEvent.Verb.INACTIVITY_WARNED) == 1


def test_an_own_case_is_announced_to_its_organisations_caseworkers(
    abandoned,
    administrator,
    make_member,
    make_member_caseworker,
    django_capture_on_commit_callbacks,
):
    """A member organisation's own case: its caseworkers hear of it, the association's
    administrators only of the association's cases (one mail each)."""
    east = make_member("Beratung Ost (fiktiv)", partner=False)
    own = make_member_caseworker(east)
    own.email = "eigene-faelle@example.org"
    own.save()
    theirs = _case(day=SUBMITTED)
    Case.objects.filter(pk=theirs.pk).update(member_organisation=east)
    with django_capture_on_commit_callbacks(execute=True):
        at(WARN_DAY)
    mails = {tuple(sent.to): sent.body for sent in mail.outbox}
    assert set(mails) == {("eigene-faelle@example.org",), ("verwaltung@example.org",)}
    # The organisation's caseworkers read no audit trail: the mail points to their inbox.
    own = mails[("eigene-faelle@example.org",)]
    assert own.startswith(notifications.OWN_CASE_BODIES["inactivity_warning"])
    assert "INACTIVITY_WARNED" not in own and "Letzte Aktivität zuerst" in own
    assert "INACTIVITY_WARNED" in mails[("verwaltung@example.org",)]
    assert events(theirs)[-1] == AuditEvent.Verb.INACTIVITY_WARNED


def test_closed_and_destroyed_at_the_limit_with_figures_kept(abandoned, administrator):
    at(WARN_DAY)
    assert at(CLOSE_DAY - DAY) == 0
    assert Case.objects.get().status == CaseStatus.IN_REVIEW
    before = year_counts(2024)
    assert at(CLOSE_DAY) == 1
    case = Case.objects.select_related("report").get()
    assert case.status == CaseStatus.CLOSED and case.report.content_destroyed_on
    assert bytes(case.report.content) == b""
    assert events(case)[-2:] == [AuditEvent.Verb.CLOSED_INACTIVE, AuditEvent.Verb.CONTENT_DESTROYED]
    closing = AuditEvent.objects.get(case=case, verb=AuditEvent.Verb.CLOSED_INACTIVE)
    assert (closing.from_status, closing.to_status, closing.actor) == ("IN_REVIEW", "CLOSED", None)
    assert_tallies_equal_a_recount(2024)
    after = year_counts(2024)
    assert (after.included, after.singles, after.forms) == (
        before.included,
        before.singles,
        before.forms,
    )
    assert at(CLOSE_DAY + DAY) == 0  # done once


def test_work_after_the_warning_keeps_the_case_and_the_next_stretch_is_announced_again(
    abandoned, administrator, make_staff
):
    at(WARN_DAY)
    worked_on = WARN_DAY + 2 * DAY
    with time_machine.travel(worked_on, tick=False):
        note_add(case=abandoned, actor=make_staff(Role.CASEWORKER), body="Rückruf vereinbart")
    assert at(CLOSE_DAY + 10 * DAY) == 0
    assert Case.objects.get().status == CaseStatus.IN_REVIEW
    # A new stretch from the note: announced and closed as the first one.
    at(worked_on + PERIOD - NOTICE)
    assert events(abandoned).count(AuditEvent.Verb.INACTIVITY_WARNED) == 2
    assert at(worked_on + PERIOD - DAY) == 0
    assert at(worked_on + PERIOD + DAY) == 1


def test_viewing_is_not_work(abandoned, administrator, make_staff):
    at(WARN_DAY)
    with time_machine.travel(WARN_DAY + DAY, tick=False):
        case_view_record(case=abandoned, actor=make_staff(Role.CASEWORKER))
    assert at(CLOSE_DAY) == 1


def test_never_closed_without_notice(abandoned, administrator, django_capture_on_commit_callbacks):
    """The daily task did not run for months: the case is announced first, then closed
    a full notice later."""
    late = CLOSE_DAY + 90 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        assert at(late) == 0
    assert len(mail.outbox) == 1
    assert at(late + NOTICE - DAY) == 0
    assert at(late + NOTICE) == 1


def test_spam_keeps_its_status_so_that_it_is_not_counted(abandoned, administrator, make_staff):
    abandoned.refresh_from_db()
    with time_machine.travel(SUBMITTED, tick=False):
        case_transition(
            case=abandoned,
            actor=make_staff(Role.CASEWORKER),
            to_status="SPAM",
            expected_version=abandoned.version,
        )
    at(WARN_DAY)
    assert at(CLOSE_DAY) == 1
    case = Case.objects.select_related("report").get()
    assert case.status == CaseStatus.SPAM and case.report.content_destroyed_on
    assert AuditEvent.Verb.CLOSED_INACTIVE not in events(case)
    assert year_counts(2024).excluded == {"S": 1}


def test_dry_run_lists_announcements_and_closings(abandoned, administrator, capsys):
    with time_machine.travel(WARN_DAY, tick=False):
        call_command("retention", "--dry-run")
    assert f"  case {abandoned.pk}\n" in capsys.readouterr().out
    assert Case.objects.get().inactivity_warned_on is None
    at(WARN_DAY)
    with time_machine.travel(CLOSE_DAY, tick=False):
        call_command("retention", "--dry-run")
    assert f"would close case {abandoned.pk} and destroy" in capsys.readouterr().out
    assert Case.objects.get().status == CaseStatus.IN_REVIEW


def test_the_warning_alone_sends_nothing_without_due_cases(
    abandoned, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert at(WARN_DAY - DAY, lambda: inactive_cases_warn()) == 0
    assert mail.outbox == []
