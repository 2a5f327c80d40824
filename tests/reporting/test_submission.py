"""The rules across fields that the HTML form, the API and the service share."""

import datetime

import pytest

from reporting.vocabulary.submission import (
    ERROR_CONSENT_NEEDS_CONTACT,
    ERROR_CONTACT_NEEDS_CONSENT,
    ERROR_DATE_MISMATCH,
    ERROR_MONTH_IN_FUTURE,
    ReportSubmission,
    submission_errors,
)
from reporting.vocabulary.taxonomy import District, PoliceReport, ReporterRole
from tests.factories import submission


@pytest.mark.parametrize(
    ("codes", "text", "other_text"),
    [("grounds", "ground_other", "x"), ("areas", "area_other", "x"), ("forms", "form_other", "x")],
)
def test_an_other_text_ticks_other_once(codes, text, other_text):
    built = submission(**{codes: ["OTHER"], text: other_text})
    assert getattr(built, codes) == ["OTHER"]
    built = submission(**{codes: [], text: other_text})
    assert getattr(built, codes) == ["OTHER"]
    assert submission_errors(built) == {}


def test_skipped_fields_silence_only_the_rules_that_need_them():
    broken = submission(
        incident_month="2999-01",
        contact_email="a@example.org",
        consent_contact=False,
    )
    assert set(submission_errors(broken)) == {"incident_month", "consent_contact"}
    # The caller found these invalid: their values are placeholders, their rules stay quiet,
    # every other rule still runs.
    errors = submission_errors(broken, skip={"incident_month", "contact_email"})
    assert errors == {}
    assert submission_errors(broken, skip={"ground_other"}) == {
        "incident_month": [str(ERROR_MONTH_IN_FUTURE)],
        "consent_contact": [str(ERROR_CONTACT_NEEDS_CONSENT)],
    }


def test_only_the_narrative_and_the_consent_are_needed():
    """Every question the reporter skips is "not said", never an error."""
    bare = ReportSubmission(
        language="de", narrative="Es ist etwas passiert.", consent_processing=True
    )
    assert submission_errors(bare) == {}
    assert (bare.district, bare.reporter_role, bare.reported_to_police) == (
        District.UNKNOWN,
        ReporterRole.NOT_SAID,
        PoliceReport.NOT_SAID,
    )
    assert (bare.grounds, bare.areas, bare.incident_month) == ([], [], "")


def test_date_rules_need_their_fields():
    mismatch = submission(incident_month="2024-06", incident_date=datetime.date(2024, 5, 3))
    assert submission_errors(mismatch) == {"incident_date": [str(ERROR_DATE_MISMATCH)]}
    assert submission_errors(mismatch, skip={"incident_month"}) == {}
    assert submission_errors(mismatch, skip={"incident_date"}) == {}


def test_consent_without_contact_names_the_email_field():
    errors = submission_errors(submission(consent_contact=True))
    assert errors == {"contact_email": [str(ERROR_CONSENT_NEEDS_CONTACT)]}
    assert submission_errors(submission(consent_contact=True), skip={"consent_contact"}) == {}
