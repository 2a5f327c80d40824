"""The HTML report form: every validation path keeps what was typed."""

import datetime
import html
import re
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation

from frontend.public import views
from frontend.public.forms import (
    ERROR_CHOICE,
    ERROR_EMAIL,
    ERROR_HONEYPOT,
    ERROR_NARRATIVE_REQUIRED,
    ERROR_NARRATIVE_SHORT,
    ERROR_PHONE,
)
from frontend.public.views import ERROR_TOO_MANY_REPORTS, ERROR_UNAVAILABLE
from reporting.models import Report
from reporting.vocabulary import limits
from reporting.vocabulary.consent import CONSENT_PROCESSING, CONSENT_VERSION
from reporting.vocabulary.months import month_in_words
from reporting.vocabulary.submission import (
    ERROR_CONSENT_NEEDS_CONTACT,
    ERROR_CONSENT_PROCESSING,
    ERROR_CONTACT_NEEDS_CONSENT,
    ERROR_DATE_IN_FUTURE,
    ERROR_MONTH_IN_FUTURE,
    ERROR_WHEN_INCOMPLETE,
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
        ({"narrative": ""}, "narrative", ERROR_NARRATIVE_REQUIRED),
        ({"narrative": "kurz"}, "narrative", ERROR_NARRATIVE_SHORT % {"limit_value": 10}),
        ({"narrative": "x" * (limits.NARRATIVE_MAX + 1)}, "narrative", None),
        ({"district": "99999"}, "district", ERROR_CHOICE),
        ({"grounds": ["NOT_A_GROUND"]}, "grounds", ERROR_CHOICE),
        ({"incident_forms": ["NOPE"]}, "incident_forms", None),
        ({"reporter_role": "BOSS"}, "reporter_role", ERROR_CHOICE),
        ({"reported_to_police": "MAYBE"}, "reported_to_police", None),
        ({"incident_month": "3", "incident_year": ""}, "incident_year", ERROR_WHEN_INCOMPLETE),
        ({"incident_month": "13"}, "incident_month", None),
        ({"incident_year": "1850"}, "incident_year", None),
        ({"incident_date": "not a date"}, "incident_date", None),
        (
            {
                "incident_date": "2999-01-01",
                "incident_month": "",
                "incident_year": "",
            },
            "incident_date",
            ERROR_DATE_IN_FUTURE,
        ),
        ({"place_detail": "x" * (limits.PLACE_DETAIL_MAX + 1)}, "place_detail", None),
        ({"ground_other": "x" * (limits.OTHER_TEXT_MAX + 1)}, "ground_other", None),
        (
            {"contact_email": "not-an-address", "consent_contact": "on"},
            "contact_email",
            ERROR_EMAIL,
        ),
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
    response = post(client, incident_month="", incident_year="")
    assert response.status_code == 200
    assert Report.objects.get().incident_month == ""


def test_the_narrative_and_the_consent_are_enough(client, association_keyring):
    """Every other question may be skipped: it is stored as "not said", never an error."""
    data = {"narrative": NARRATIVE, "consent_processing": "on", "reported_to_police": ""}
    response = client.post(URL, data)
    assert response.status_code == 200, response.context["form"].errors
    report = Report.objects.get()
    assert (report.district, report.reporter_role, report.reported_to_police) == (
        "UNKNOWN",
        "NOT_SAID",
        "NOT_SAID",
    )
    assert (report.grounds, report.areas, report.incident_month) == ([], [], "")
    assert report.case.reporter_role == "NOT_SAID"


def test_errors_are_translated(client, association_keyring):
    response = client.post("/en/report/", form_data(narrative=""))
    assert str(ERROR_NARRATIVE_REQUIRED) in response.content.decode()
    with translation.override("de"):
        german = str(ERROR_NARRATIVE_REQUIRED)
    assert german != str(ERROR_NARRATIVE_REQUIRED)
    assert german in post(client, narrative="").content.decode()


def test_the_error_summary_says_each_message_once_and_links_to_the_control(
    client, association_keyring
):
    response = post(client, narrative="", reporter_role="BOSS", grounds=["NOPE"])
    page = html.unescape(response.content.decode())
    summary = page[page.index('class="error-summary"') : page.index("</div>")]
    assert f'<a href="#id_narrative">{ERROR_NARRATIVE_REQUIRED}</a>' in summary
    # Radio buttons and checkboxes: the first control, not the wrapper around them.
    assert 'href="#id_reporter_role_0"' in summary and 'href="#id_grounds_0"' in summary
    assert "What happened?:" not in summary and "Was ist passiert?:" not in summary


def test_the_language_chooser_keeps_everything_typed(client, association_keyring):
    """A language button sends the form to the same page in that language: the same input,
    right to left for Arabic, no errors yet, nothing stored, no cookie."""
    data = form_data(narrative=NARRATIVE, district="", grounds=["AGE"], switch_language="ar")
    response = client.post("/ar/report/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert NARRATIVE in page and 'value="AGE" id="id_grounds_12" checked' in page
    assert "error-summary" not in page and 'class="errorlist' not in page
    assert '<details class="more" open>' in page  # answered optional questions stay in view
    assert not Report.objects.exists() and not response.cookies


def test_the_language_buttons_belong_to_the_form(client):
    page = client.get(URL).content.decode()
    buttons = re.findall(r'<button type="submit" form="report-form"[^>]*>', page)
    assert len(buttons) == len(settings.LANGUAGES)
    assert 'formaction="/uk/report/" name="switch_language" value="uk"' in page
    # The optional parts are folded until the reporter opens one.
    assert page.count('<details class="more">') == 3


def test_months_are_words_from_the_project_catalogue(client):
    with translation.override("de"):
        assert month_in_words("2026-03") == "März 2026"
    page = client.get(URL).content.decode()
    assert '<option value="3">März</option>' in page
    assert month_in_words("2026-13") == ""


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
        district="99999",
        incident_month="4",
        incident_year="",
        contact_email="melder@example.org",
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"narrative", "district", "incident_year", "consent_contact"}
    assert errors["incident_year"] == [str(ERROR_WHEN_INCOMPLETE)]
    assert errors["consent_contact"] == [str(ERROR_CONTACT_NEEDS_CONSENT)]
    assert b"melder@example.org" in response.content


def test_consent_without_contact_shows_with_other_errors(client, association_keyring):
    response = post(client, reporter_role="BOSS", consent_contact="on")
    errors = response.context["form"].errors
    assert set(errors) == {"reporter_role", "contact_email"}
    assert errors["contact_email"] == [str(ERROR_CONSENT_NEEDS_CONTACT)]


@pytest.mark.parametrize(
    ("overrides", "quiet"),
    [
        # A rule needs valid fields: no guesses from what failed already.
        ({"contact_email": "kein-mail", "consent_contact": ""}, "consent_contact"),
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
    assert 'type="email"' in content
    # One type per input: browsers take the first, and the phone keyboard needs "tel".
    assert '<input type="tel" name="contact_phone"' in content
    assert not re.search(r"<input[^>]* type=[^>]* type=", content)


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


def test_what_happens_next_is_said_before_sending(client, settings, monkeypatch):
    """Who reads it, within how long, and what the code is for, between the questions and
    the consent and Send."""
    settings.RESPONSE_DAYS = 3
    monkeypatch.setattr(views, "_EMPTY_FORM_PAGES", {})  # rendered with these settings
    page = html.unescape(client.get("/de/report/").content.decode())
    section = page[page.index('<section class="next"') : page.index("</section>")]
    assert settings.OPERATOR["counselling_team"] in section
    assert "innerhalb von 3 Werktagen" in section
    assert "Meldecode" in section
    assert page.index('<section class="next"') < page.index('name="consent_processing"')
