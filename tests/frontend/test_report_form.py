"""The HTML report form: every validation path keeps what was typed."""

import datetime
import html
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from frontend.public.forms import ERROR_HONEYPOT, ERROR_PHONE
from frontend.public.views import ERROR_TOO_MANY_REPORTS, ERROR_UNAVAILABLE
from reporting.models import Report
from reporting.vocabulary import limits
from reporting.vocabulary.consent import CONSENT_PROCESSING, CONSENT_VERSION
from reporting.vocabulary.submission import (
    ERROR_CHOOSE_ONE,
    ERROR_CONSENT_NEEDS_CONTACT,
    ERROR_CONSENT_PROCESSING,
    ERROR_CONTACT_NEEDS_CONSENT,
    ERROR_DATE_IN_FUTURE,
    ERROR_MONTH_AND_UNKNOWN,
    ERROR_MONTH_IN_FUTURE,
    ERROR_WHEN_REQUIRED,
)
from tests.factories import form_data

pytestmark = pytest.mark.django_db
URL = "/de/report/"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NARRATIVE = "Ein einzigartiger Satz, den niemand verlieren darf 4711."


def post(client, **overrides):
    return client.post(URL, form_data(**{"narrative": NARRATIVE, **overrides}))


def test_form_page_renders_without_cookie(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert not response.cookies
    assert b'name="website"' in response.content  # honeypot present


def test_valid_submission_shows_the_receipt(client, association_keyring):
    response = post(client)
    assert response.status_code == 200
    assert response.templates[0].name == "frontend/receipt.html"
    groups = response.context["code_groups"]
    assert len(groups) == 4 and all(len(g) == 4 for g in groups)
    assert Report.objects.count() == 1
    assert response["Cache-Control"].startswith("no-store")
    assert not response.cookies


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"narrative": ""}, "narrative", None),
        ({"narrative": "kurz"}, "narrative", None),
        ({"narrative": "x" * (limits.NARRATIVE_MAX + 1)}, "narrative", None),
        ({"district": ""}, "district", None),
        ({"district": "99999"}, "district", None),
        ({"grounds": []}, "grounds", ERROR_CHOOSE_ONE),
        ({"grounds": ["NOT_A_GROUND"]}, "grounds", None),
        ({"areas": []}, "areas", ERROR_CHOOSE_ONE),
        ({"incident_forms": ["NOPE"]}, "incident_forms", None),
        ({"reporter_role": ""}, "reporter_role", None),
        ({"reported_to_police": "MAYBE"}, "reported_to_police", None),
        ({"incident_month": "", "incident_year": ""}, "incident_month", ERROR_WHEN_REQUIRED),
        ({"incident_month": "3", "incident_year": ""}, "incident_month", ERROR_WHEN_REQUIRED),
        ({"incident_unknown": "on"}, "incident_month", ERROR_MONTH_AND_UNKNOWN),
        ({"incident_month": "13"}, "incident_month", None),
        ({"incident_year": "1850"}, "incident_year", None),
        ({"incident_date": "not a date"}, "incident_date", None),
        (
            {
                "incident_date": "2999-01-01",
                "incident_month": "",
                "incident_year": "",
                "incident_unknown": "on",
            },
            "incident_date",
            ERROR_DATE_IN_FUTURE,
        ),
        ({"place_detail": "x" * (limits.PLACE_DETAIL_MAX + 1)}, "place_detail", None),
        ({"ground_other": "x" * (limits.OTHER_TEXT_MAX + 1)}, "ground_other", None),
        ({"contact_email": "not-an-address", "consent_contact": "on"}, "contact_email", None),
        ({"contact_phone": "call me maybe", "consent_contact": "on"}, "contact_phone", ERROR_PHONE),
        ({"contact_email": "a@example.org"}, "consent_contact", ERROR_CONTACT_NEEDS_CONSENT),
        ({"contact_language": "xx"}, "contact_language", None),
    ],
)
def test_each_validation_path_keeps_the_narrative(
    client, association_keyring, overrides, field, message
):
    response = post(client, **overrides)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    if message is not None:
        assert str(message) in form.errors[field]
    if "narrative" not in overrides:
        assert NARRATIVE.encode() in response.content
    assert b"error-summary" in response.content
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "today", [datetime.datetime(2026, 3, 31, 21, 59), datetime.datetime(2026, 11, 1, 0, 1)]
)
def test_next_month_is_refused(client, association_keyring, today):
    """Late on the 31st and just after midnight on the 1st (local time, UTC+1/+2)."""
    with time_machine.travel(today.replace(tzinfo=BERLIN), tick=False):
        nextmonth = timezone.localdate().replace(day=28) + datetime.timedelta(days=7)
        response = post(client, incident_month=str(nextmonth.month), incident_year="2026")
    assert response.status_code == 400
    assert str(ERROR_MONTH_IN_FUTURE) in response.context["form"].errors["incident_month"]


@time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=BERLIN), tick=False)
def test_in_december_next_year_is_not_offered(client, association_keyring):
    """The year select ends with this year, so January of next year cannot be chosen."""
    assert post(client, incident_month="12", incident_year="2026").status_code == 200
    response = post(client, incident_month="1", incident_year="2027")
    assert response.status_code == 400
    assert "incident_year" in response.context["form"].errors
    assert b'value="2027"' not in response.content


def test_unknown_date_is_accepted(client, association_keyring):
    response = post(client, incident_month="", incident_year="", incident_unknown="on")
    assert response.status_code == 200
    assert Report.objects.get().incident_month == ""


def test_errors_are_translated(client, association_keyring):
    response = client.post("/en/report/", form_data(grounds=[]))
    assert str(ERROR_CHOOSE_ONE) in response.content.decode()


def test_honeypot_refuses_but_keeps_input(client, association_keyring):
    response = post(client, website="http://spam.example")
    assert response.status_code == 400
    assert str(ERROR_HONEYPOT) in response.content.decode()
    assert NARRATIVE.encode() in response.content
    assert not Report.objects.exists()


def test_rate_limit_keeps_input(client, association_keyring, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (2, 3600)}
    assert post(client).status_code == 200
    assert post(client).status_code == 200
    response = post(client)
    assert response.status_code == 429
    assert str(ERROR_TOO_MANY_REPORTS) in response.content.decode()
    assert NARRATIVE.encode() in response.content
    assert Report.objects.count() == 2


def test_missing_key_keeps_input(client, db):
    response = post(client)
    assert response.status_code == 503
    assert str(ERROR_UNAVAILABLE) in response.content.decode()
    assert NARRATIVE.encode() in response.content


def test_database_failure_keeps_input(client, association_keyring, monkeypatch):
    from django.db import OperationalError

    def broken(**kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr("frontend.public.views.report_submit", broken)
    response = post(client)
    assert response.status_code == 503
    assert NARRATIVE.encode() in response.content


def test_garbage_post_is_a_400_not_a_500(client, association_keyring):
    body = b"narrative=%ff%fe%00&grounds=" + b"x" * 5000 + b"&district[]=1&reporter_role=%c3%28"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("form_field", "text_field", "stored"),
    [("grounds", "ground_other", "grounds"), ("areas", "area_other", "areas")],
)
def test_an_other_text_without_the_checkbox_counts_as_other(
    client, association_keyring, form_field, text_field, stored
):
    """The reporter typed the "other" text but did not tick "Other": keep it, as "Other"."""
    response = post(client, **{form_field: [], text_field: "im Sportverein"})
    assert response.status_code == 200, response.context["form"].errors
    assert getattr(Report.objects.get(), stored) == ["OTHER"]


def test_an_other_text_joins_the_ticked_codes(client, association_keyring):
    response = post(client, form_other="Ausweis einbehalten")
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.forms == ["DIRECT", "OTHER"]
    assert report.grounds == ["RACISM"]


def test_all_errors_are_shown_in_one_go(client, association_keyring):
    """A wrong field no longer hides the rules across the others until the next submit."""
    response = post(
        client,
        narrative="kurz",
        district="",
        grounds=[],
        areas=[],
        incident_month="",
        incident_year="",
        contact_email="melder@example.org",
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {
        "narrative",
        "district",
        "grounds",
        "areas",
        "incident_month",
        "consent_contact",
    }
    assert errors["grounds"] == [str(ERROR_CHOOSE_ONE)]
    assert errors["incident_month"] == [str(ERROR_WHEN_REQUIRED)]
    assert errors["consent_contact"] == [str(ERROR_CONTACT_NEEDS_CONSENT)]
    assert b"melder@example.org" in response.content


def test_consent_without_contact_shows_with_other_errors(client, association_keyring):
    response = post(client, reporter_role="", consent_contact="on", areas=[])
    errors = response.context["form"].errors
    assert set(errors) == {"reporter_role", "contact_email", "areas"}
    assert errors["contact_email"] == [str(ERROR_CONSENT_NEEDS_CONTACT)]


@pytest.mark.parametrize(
    ("overrides", "quiet"),
    [
        # A rule needs valid fields: no guesses from what failed already.
        ({"contact_email": "kein-mail", "consent_contact": ""}, "consent_contact"),
        ({"ground_other": "x" * (limits.OTHER_TEXT_MAX + 1), "grounds": []}, "grounds"),
        ({"incident_year": "1850", "incident_date": "2001-01-01"}, "incident_date"),
    ],
)
def test_rules_across_fields_wait_for_their_own_fields(
    client, association_keyring, overrides, quiet
):
    response = post(client, **overrides)
    assert response.status_code == 400
    assert quiet not in response.context["form"].errors


def test_invalid_submissions_do_not_use_up_the_rate_limit(client, association_keyring, settings):
    """Behind a shared address, someone else's broken requests must not lock a reporter out."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (10, 3600)}
    for _ in range(10):
        assert (
            client.post("/api/v1/public/reports/", {}, content_type="application/json").status_code
            == 400
        )
        assert post(client, narrative="").status_code == 400
        assert post(client, website="http://spam.example").status_code == 400
    assert post(client).status_code == 200
    assert Report.objects.count() == 1


def test_the_form_tells_the_browser_not_to_keep_what_was_typed(client):
    content = client.get(URL).content.decode()
    form_tag = content[content.index('<form method="post"') :].split(">", 1)[0]
    assert 'autocomplete="off"' in form_tag
    # No field overrides the form's "off" (that would let Back restore the contact).
    assert 'autocomplete="email"' not in content and 'autocomplete="tel"' not in content
    assert 'type="email"' in content and 'type="tel"' in content


def test_receipt_forms_tell_the_browser_not_to_keep_what_was_typed(client, association_keyring):
    for content in (post(client).content.decode(), client.get("/de/receipt/").content.decode()):
        form_tags = [part.split(">", 1)[0] for part in content.split('<form method="post"')[1:]]
        assert form_tags and all('autocomplete="off"' in tag for tag in form_tags)


def test_consent_to_processing_is_the_only_required_tick_and_never_pre_ticked(client):
    form = client.get("/de/report/").content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]*>', form)
    required = [box for box in boxes if " required" in box]
    assert required == [
        '<input type="checkbox" name="consent_processing" required id="id_consent_processing">'
    ]
    assert not any("checked" in box for box in boxes)
    assert str(CONSENT_PROCESSING) in html.unescape(form)


def test_without_the_consent_nothing_is_stored(client, association_keyring):
    response = post(client, consent_processing=None)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors == {"consent_processing": [str(ERROR_CONSENT_PROCESSING)]}
    page = response.content.decode()
    assert 'href="#id_consent_processing"' in page  # the error summary leads to the box
    assert not Report.objects.exists()
    assert NARRATIVE in page  # nothing typed is lost


def test_the_consent_and_its_wording_version_are_stored(client, association_keyring):
    assert post(client).status_code == 200
    report = Report.objects.get()
    assert report.consent_processing is True
    assert report.consent_version == CONSENT_VERSION
