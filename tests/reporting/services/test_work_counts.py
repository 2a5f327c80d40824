"""The work on a case counted on the case (reporting/services/work_counts.py): every
service that writes a message or a referral counts it, the counts equal a recount from
the rows, retention keeps them, and the exports read them."""

import datetime

import pytest
import time_machine

from reporting.models import Case, StatisticsTally
from reporting.models.cases import WORK_COUNTS
from reporting.selectors.funder_export import export_counts
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.cases import staff_message_send
from reporting.services.messages import reporter_message_send
from reporting.services.referrals import external_referral_record, referral_send
from reporting.services.reports import report_submit
from reporting.services.retention import case_content_destroy
from reporting.services.tallies import COUNTING_FORMAT, counting_refresh_if_stale
from reporting.services.work_counts import work_counts_rebuild
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)


def counts(case_id: int) -> dict[str, int]:
    return Case.objects.filter(pk=case_id).values(*WORK_COUNTS).get()


@pytest.fixture
def worked(association_keyring, make_staff, make_member):
    """Two reports received on NOW's day; the first saw every kind of work."""
    caseworker = make_staff(Role.CASEWORKER)
    receiving = make_member("Beratung Nord (fiktiv)")
    with time_machine.travel(NOW, tick=False):
        first = report_submit(submission=submission(consent_referral=True))
        second = report_submit(submission=submission())
        case = first.report.case
        access = reporter_access_for_code(first.receipt_code)
        reporter_message_send(access=access, body="Noch etwas.")
        reporter_message_send(access=access, body="Und noch etwas.")
        staff_message_send(case=case, actor=caseworker, body="Danke für Ihre Nachricht.")
        referral_send(
            case=case, organisation=receiving, summary="Zusammenfassung.", actor=caseworker
        )
        external_referral_record(
            case=case,
            body_name="Landesweite Beratung (fiktiv)",
            referred_on=NOW.date(),
            summary="Für die Übergabe.",
            actor=caseworker,
        )
    return case.pk, second.report.case.pk


def test_every_message_and_referral_is_counted_on_its_case(worked):
    first, second = worked
    assert counts(first) == {
        "messages_from_reporter": 2,
        "messages_from_staff": 1,
        "referrals_in_network": 1,
        "referrals_outside": 1,
    }
    assert set(counts(second).values()) == {0}


def test_the_counts_equal_a_recount_from_the_rows(worked):
    kept = {pk: counts(pk) for pk in worked}
    Case.objects.update(**dict.fromkeys(WORK_COUNTS, 7))
    work_counts_rebuild()
    assert {pk: counts(pk) for pk in worked} == kept


def test_retention_keeps_the_counts(worked):
    first, _second = worked
    before = counts(first)
    case_content_destroy(case_id=first)
    assert counts(first) == before


def test_a_new_counting_format_recounts_the_work(worked):
    """What `migrate` runs after 0051 gave every existing case zeros."""
    first, _second = worked
    before = counts(first)
    Case.objects.update(**dict.fromkeys(WORK_COUNTS, 0))
    StatisticsTally.objects.filter(year=0).update(count=COUNTING_FORMAT - 1)
    assert counting_refresh_if_stale()
    assert counts(first) == before


@pytest.mark.parametrize("end", [datetime.date(2026, 12, 31), datetime.date(2026, 3, 31)])
def test_the_export_sums_the_counts(worked, end):
    """The calendar year (read from the tallies) and any other range (counted from the
    cases) add the same counts."""
    raw = export_counts(
        start=datetime.date(2026, 1, 1), end=end, basis="received", organisation="network"
    )
    assert raw.messages == {"REPORTER": 2, "STAFF": 1}
    assert raw.referrals == {"MEMBER": 1, "EXTERNAL": 1}
