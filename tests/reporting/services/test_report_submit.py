import datetime
import json

import pytest
import time_machine
from django.db import OperationalError, connection
from django.utils import timezone

from reporting.crypto import open_sealed
from reporting.models import Case, CaseStatus, Report, StatisticsTally
from reporting.selectors.receipts import reporter_access_for_code, reporter_case_view
from reporting.services.reports import report_submit
from reporting.vocabulary.consent import CONSENT_VERSION
from reporting.vocabulary.errors import ServiceUnavailable, ValidationFailed
from reporting.vocabulary.submission import (
    ERROR_CONSENT_NEEDS_CONTACT,
    ERROR_CONSENT_PROCESSING,
    ERROR_CONTACT_NEEDS_CONSENT,
    ERROR_DATE_IN_FUTURE,
    ERROR_DATE_MISMATCH,
    ERROR_MONTH_IN_FUTURE,
    ERROR_YEAR_RANGE,
)
from tests.factories import submission

pytestmark = pytest.mark.django_db


def test_submit_stores_clear_categories_and_sealed_content(association_private_key):
    submitted = report_submit(
        submission=submission(
            narrative="Mir wurde die Wohnung verweigert.",
            contact_email="person@example.org",
            consent_contact=True,
            grounds=["RACISM", "LANGUAGE"],
        )
    )
    report = Report.objects.get()
    assert report.grounds == ["RACISM", "LANGUAGE"]
    assert report.district == "14713"
    assert report.consent_processing is True
    assert report.consent_version == CONSENT_VERSION
    assert Case.objects.get(report=report).status == CaseStatus.NEW
    content = json.loads(
        open_sealed(
            bytes(report.content), keys=association_private_key, context=report.context("content")
        )
    )
    assert content["narrative"] == "Mir wurde die Wohnung verweigert."
    contact = json.loads(
        open_sealed(
            bytes(report.contact), keys=association_private_key, context=report.context("contact")
        )
    )
    assert contact == {"email": "person@example.org", "phone": "", "language": "de"}
    assert len(submitted.receipt_code) == 16
    assert submitted.receipt_code not in report.receipt_lookup


@time_machine.travel(datetime.datetime(2026, 3, 15, 23, 59, tzinfo=datetime.UTC))
def test_submission_date_has_day_precision_only(association_keyring):
    report_submit(submission=submission(incident_month="2026-02"))
    report = Report.objects.get()
    assert report.created_on == datetime.date(2026, 3, 16)  # Europe/Berlin
    assert not [f for f in Report._meta.fields if f.get_internal_type() == "DateTimeField"]


def test_the_receipt_code_opens_the_report_for_the_reporter(association_keyring):
    submitted = report_submit(submission=submission(narrative="Nur ich darf das lesen."))
    access = reporter_access_for_code(
        " ".join(submitted.receipt_code[i : i + 4] for i in range(0, 16, 4))
    )
    assert access is not None
    view = reporter_case_view(access)
    assert view.content["narrative"] == "Nur ich darf das lesen."
    assert view.status == CaseStatus.NEW


def test_a_wrong_code_opens_nothing(association_keyring):
    submitted = report_submit(submission=submission())
    wrong = submitted.receipt_code[:-1] + str((int(submitted.receipt_code[-1]) + 1) % 10)
    assert reporter_access_for_code(wrong) is None
    assert reporter_access_for_code("not a code") is None


def test_other_texts_count_as_ticking_other(association_private_key):
    """Typed an "other" text but missed the checkbox: "Other" is meant, the text is kept."""
    report_submit(
        submission=submission(
            grounds=["RACISM"],
            ground_other="wegen meines Kopftuchs",
            areas=[],
            area_other="Sportverein",
            forms=["DIRECT", "OTHER"],
            form_other="kept",
        )
    )
    report = Report.objects.get()
    assert report.grounds == ["RACISM", "OTHER"]
    assert report.areas == ["OTHER"]  # the text alone satisfies "choose at least one"
    assert report.forms == ["DIRECT", "OTHER"]
    content = json.loads(
        open_sealed(
            bytes(report.content), keys=association_private_key, context=report.context("content")
        )
    )
    assert content["ground_other"] == "wegen meines Kopftuchs"
    assert content["area_other"] == "Sportverein"
    assert content["form_other"] == "kept"


def test_blank_other_texts_tick_nothing():
    built = submission(grounds=["RACISM", "RACISM"], ground_other="   ", areas=["HOUSING"])
    assert built.grounds == ["RACISM"]
    assert built.areas == ["HOUSING"]
    assert built.content_document()["ground_other"] == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"incident_month": "2999-01"}, "incident_month", ERROR_MONTH_IN_FUTURE),
        (
            {"incident_date": datetime.date(2999, 1, 1), "incident_month": ""},
            "incident_date",
            ERROR_DATE_IN_FUTURE,
        ),
        (
            {"incident_date": datetime.date(2024, 5, 3), "incident_month": "2024-06"},
            "incident_date",
            ERROR_DATE_MISMATCH,
        ),
        ({"contact_phone": "+49 341 000000"}, "consent_contact", ERROR_CONTACT_NEEDS_CONSENT),
        ({"consent_contact": True}, "contact_email", ERROR_CONSENT_NEEDS_CONTACT),
        ({"consent_processing": False}, "consent_processing", ERROR_CONSENT_PROCESSING),
    ],
)
def test_rules_across_fields(association_keyring, overrides, field, message):
    with pytest.raises(ValidationFailed) as caught:
        report_submit(submission=submission(**overrides))
    assert str(message) in caught.value.fields[field]
    assert not Report.objects.exists()


@pytest.mark.parametrize("month", ["1999-12", "0000-01"])
def test_months_before_the_earliest_year_are_refused(association_keyring, month):
    """The form offers years from 2000 on; the service (and so the API) refuses the rest."""
    with pytest.raises(ValidationFailed) as caught:
        report_submit(submission=submission(incident_month=month))
    expected = ERROR_YEAR_RANGE % {"first": 2000, "last": timezone.localdate().year}
    assert caught.value.fields == {"incident_month": [expected]}
    assert not Report.objects.exists()


def test_without_an_association_key_nothing_is_stored(db):
    with pytest.raises(ServiceUnavailable):
        report_submit(submission=submission())
    assert not Report.objects.exists()


def test_submit_is_atomic(association_keyring, fail_case_insert):
    fail_case_insert()
    with pytest.raises(OperationalError):
        report_submit(submission=submission())
    assert not Report.objects.exists()
    assert not StatisticsTally.objects.filter(year__gt=0).exists()  # year 0: the format


def test_submit_query_count(association_keyring, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        report_submit(submission=submission())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_the_submission_statement_grows_only_on_purpose(association_keyring):
    """psycopg parses a statement's placeholders again on every call once it has more
    than 50 parameters or 4 KiB. Since the counselling documentation and the consent to
    processing (session 11) the submission's statement has 56, since the channel on the
    report and, counted, on the case (issue 18) 59, since the case's owner and its link to
    another case's incident (issue 19) 62, since the case counts its messages and
    referrals for the exports (issue 19) 66: it is parsed per call, a cost far below one
    Argon2id call (docs/decisions.md, "Prepared statements"). A model that grows further
    should make this fail rather than cost more quietly."""
    from psycopg import _queries

    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        report_submit(submission=submission(grounds=["RACISM", "RELIGION"]))
    [(sql, params)] = [(sql, params) for sql, params in seen if sql.startswith("WITH")]
    assert len(params) <= 66
    assert len(sql.encode()) <= _queries.MAX_CACHED_STATEMENT_LENGTH
