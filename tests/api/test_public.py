"""The anonymous API: submission, taxonomy, schema. Bad input is a 4xx with the envelope."""

import json

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from reporting.models import Report
from reporting.vocabulary.consent import CONSENT_PROCESSING, CONSENT_VERSION
from reporting.vocabulary.submission import ERROR_CONSENT_PROCESSING
from tests.factories import api_payload, form_data

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/public/reports/"
TAXONOMY = "/api/v1/public/taxonomy/"


def post_json(client, payload, **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(REPORTS, body, content_type="application/json", **extra)


def assert_envelope(response, status, code=None):
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"]
    if code:
        assert error["code"] == code
    return error


def test_submit_returns_the_receipt_once(client, association_keyring):
    response = post_json(client, api_payload())
    assert response.status_code == 201
    body = response.json()
    assert len(body["receipt_code"]) == 16 and body["receipt_code"].isdigit()
    assert body["receipt_code_display"].replace(" ", "") == body["receipt_code"]
    assert response["Cache-Control"] == "no-store"
    report = Report.objects.get()
    assert report.language == "en"
    assert not response.cookies


def test_unknown_date_is_null(client, association_keyring):
    assert post_json(client, api_payload(incident_month=None)).status_code == 201
    assert Report.objects.get().incident_month == ""


def test_only_the_narrative_and_the_consent_are_needed(client, association_keyring):
    """As in the HTML form: every question left out is stored as "not said"."""
    payload = {"language": "de", "narrative": "Es ist etwas passiert.", "consent_processing": True}
    assert post_json(client, payload).status_code == 201
    report = Report.objects.get()
    assert (report.district, report.reporter_role, report.reported_to_police) == (
        "UNKNOWN",
        "NOT_SAID",
        "NOT_SAID",
    )
    assert (report.grounds, report.areas, report.incident_month) == ([], [], "")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (api_payload(narrative=123), None),
        (api_payload(grounds="RACISM"), "grounds"),
        (api_payload(grounds=["NOPE"]), "grounds.0"),
        (api_payload(areas=[{"x": 1}]), "areas.0"),
        (api_payload(incident_month=5), "incident_month"),
        (api_payload(incident_month="2024-13"), "incident_month"),
        (api_payload(incident_month="2999-01"), "incident_month"),
        (api_payload(incident_month="٢٠٢٥-01"), "incident_month"),  # Arabic-Indic digits
        (api_payload(incident_date="yesterday"), "incident_date"),
        (api_payload(district="00000"), "district"),
        (api_payload(language="xx"), "language"),
        (api_payload(narrative="x" * 10001), "narrative"),
        (api_payload(contact_email="a@example.org"), "consent_contact"),
        (api_payload(consent_contact="perhaps"), "consent_contact"),
        (api_payload(reporter_role=""), "reporter_role"),
    ],
)
def test_invalid_payloads_get_field_errors(client, association_keyring, payload, field):
    error = assert_envelope(post_json(client, payload), 400, "validation_failed")
    if field:
        assert field in error["fields"], error["fields"]
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "{bad json",
        "[]",
        "null",
        '"text"',
        "1",
        b"\xff\xfe\x00",
        json.dumps({"narrative": "\ud800" * 20}),
        "[" * 100_000,
        "[" * 5000 + "]" * 5000,
    ],
    ids=lambda body: repr(body[:12]),
)
def test_malformed_bodies_are_400(client, association_keyring, body):
    response = post_json(client, body)
    assert 400 <= response.status_code < 500
    assert_envelope(response, response.status_code)


def test_huge_json_is_refused(client, association_keyring):
    response = post_json(client, json.dumps(api_payload(narrative="x" * 2_000_000)))
    assert response.status_code in (400, 413)


def test_wrong_content_type_is_415(client, association_keyring):
    response = client.post(REPORTS, "narrative=x", content_type="text/plain")
    assert_envelope(response, 415)


def test_get_is_not_allowed(client):
    assert_envelope(client.get(REPORTS), 405)


def test_submissions_are_throttled(client, association_keyring, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (2, 3600)}
    assert post_json(client, api_payload()).status_code == 201
    assert post_json(client, api_payload()).status_code == 201
    assert_envelope(post_json(client, api_payload()), 429, "throttled")
    assert Report.objects.count() == 2


def test_without_association_key_503(client, db):
    assert_envelope(post_json(client, api_payload()), 503, "unavailable")


def test_taxonomy_labels_follow_the_language(client):
    german = client.get(TAXONOMY, {"lang": "de"}).json()
    english = client.get(TAXONOMY, {"lang": "en"}).json()
    assert german["language"] == "de"
    assert [g["code"] for g in german["grounds"]] == [g["code"] for g in english["grounds"]]
    assert {g["code"]: g["agg"] for g in german["grounds"]}["NATIONALITY"] is False
    assert len(german["districts"]) == 16
    assert german["grounds"][0]["label"] != english["grounds"][0]["label"]


def test_taxonomy_defaults_to_german_and_refuses_unknown_languages(client):
    assert client.get(TAXONOMY).json()["language"] == "de"
    assert_envelope(client.get(TAXONOMY, {"lang": "xx"}), 400)


def test_schema_is_valid(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/public/reports/" in schema and "/api/v1/public/taxonomy/" in schema


def test_docs_load_nothing_from_other_hosts(caseworker_client):
    response = caseworker_client.get("/api/docs/")
    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()


def test_what_one_submission_asks_of_the_database(
    client,
    association_keyring,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    """Pinned: what one API submission costs the database, with the default cache.

    The rate-limit counter (SELECT, compare-and-swap UPDATE), the association's
    keys, then the report, its case and the statistics tallies it adds to (one
    upsert): one statement on PostgreSQL, three on SQLite, here in a savepoint inside
    the test's transaction (in production, outside a transaction, PostgreSQL needs no
    savepoint). The staff notification is queued once it commits.
    Before the counter became a compare-and-swap and the keys query was compiled
    once per process, the rate limit alone took 7 queries in 2 transactions.
    """
    settings.CACHES = {
        "default": {"BACKEND": "performance.cache.DatabaseCache", "LOCATION": "meldestelle_cache"}
    }
    call_command("createcachetable", verbosity=0)
    caches["default"].clear()
    assert post_json(client, api_payload()).status_code == 201  # opens the rate-limit window
    with (
        django_assert_num_queries(6 if connection.vendor == "postgresql" else 8),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        assert post_json(client, api_payload()).status_code == 201
    assert len(callbacks) == 1  # notify_staff
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM meldestelle_cache")
        [(key,)] = cursor.fetchall()
    assert caches["default"].get(key.split(":", 2)[2]) == 2  # both submissions counted


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (api_payload(incident_month="0000-01"), "incident_month"),
        (api_payload(incident_month="1999-01"), "incident_month"),
        (api_payload(narrative=12345678901), "narrative"),
        (api_payload(narrative=["The landlord said no."]), "narrative"),
        (api_payload(place_detail=12345), "place_detail"),
        (api_payload(ground_other=1.5), "ground_other"),
        (api_payload(district=14612), "district"),
        (api_payload(language=None), "language"),
        (api_payload(grounds=[1]), "grounds.0"),
        (api_payload(contact_phone=3415551234, consent_contact=True), "contact_phone"),
        (api_payload(consent_contact="true"), "consent_contact"),
        (api_payload(consent_referral=1), "consent_referral"),
        (api_payload(consent_referral_naming="yes"), "consent_referral_naming"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_api_refuses_what_the_form_refuses(client, association_keyring, payload, field):
    """Years before 2000 as in the form's year list; wrong JSON types are field errors."""
    error = assert_envelope(post_json(client, payload), 400, "validation_failed")
    assert field in error["fields"], error["fields"]
    assert not Report.objects.exists()


def test_the_api_gives_all_errors_in_one_go(client, association_keyring):
    payload = api_payload(
        narrative=123, grounds=["NOPE"], incident_month="2999-01", contact_email="a@b.org"
    )
    error = assert_envelope(post_json(client, payload), 400, "validation_failed")
    assert set(error["fields"]) == {"narrative", "grounds.0", "incident_month", "consent_contact"}


@pytest.mark.parametrize(
    ("codes", "text"),
    [("grounds", "ground_other"), ("areas", "area_other"), ("forms", "form_other")],
)
def test_an_other_text_counts_as_other(client, association_keyring, codes, text):
    response = post_json(client, api_payload(**{codes: [], text: "in the sports club"}))
    assert response.status_code == 201, response.content
    assert getattr(Report.objects.get(), codes) == ["OTHER"]


@pytest.mark.parametrize(
    ("referral", "naming", "stored"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_consent_referral_naming_as_in_the_form(
    client, association_keyring, referral, naming, stored
):
    payload = api_payload(consent_referral=referral, consent_referral_naming=naming)
    assert post_json(client, payload).status_code == 201
    report = Report.objects.get()
    assert (report.consent_referral, report.consent_referral_naming) == (referral, stored)


def test_invalid_submissions_do_not_use_up_the_shared_rate_limit(
    client, association_keyring, settings
):
    """Ten bad API requests from a shared address must not block a reporter's form."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (10, 3600)}
    for _ in range(10):
        assert_envelope(post_json(client, {}), 400, "validation_failed")
        assert_envelope(post_json(client, "{bad json"), 400)
    response = client.post("/de/report/", form_data())
    assert response.status_code == 200
    assert response.templates[0].name == "frontend/receipt.html"
    for _ in range(9):
        assert post_json(client, api_payload()).status_code == 201
    throttled = assert_envelope(post_json(client, api_payload()), 429, "throttled")
    assert throttled["fields"] == {}
    assert post_json(client, api_payload()).headers["Retry-After"] == "3600"
    assert Report.objects.count() == 10
    # Over the limit, invalid input still gets its field errors rather than a 429.
    assert_envelope(post_json(client, {}), 400, "validation_failed")


def test_database_failure_is_503_not_500(client, association_keyring, monkeypatch):
    from django.db import OperationalError

    def broken(**kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr("api.public.views.report_submit", broken)
    assert_envelope(post_json(client, api_payload()), 503, "unavailable")


def test_schema_declares_the_error_responses_of_a_submission(client):
    schema = client.get("/api/v1/public/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/public/reports/"]["post"]
    for status in ("400", "429", "503"):
        content = operation["responses"][status]["content"]["application/json"]["schema"]
        assert content == {"$ref": "#/components/schemas/ErrorOutput"}
    request = schema["components"]["schemas"]["ReportSubmitInputRequest"]["properties"]
    assert request["consent_referral_naming"]["type"] == "boolean"


@pytest.mark.parametrize(
    ("consent", "status"),
    [(True, 201), (False, 400), ("true", 400), (1, 400), (None, 400), ("missing", 400)],
)
def test_explicit_consent_to_processing_is_required(client, association_keyring, consent, status):
    payload = api_payload(consent_processing=consent)
    if consent == "missing":
        del payload["consent_processing"]
    response = post_json(client, payload)
    assert response.status_code == status
    if status == 201:
        report = Report.objects.get()
        assert report.consent_processing is True
        assert report.consent_version == CONSENT_VERSION
    else:
        error = assert_envelope(response, 400, "validation_failed")
        assert list(error["fields"]) == ["consent_processing"]
        assert not Report.objects.exists()


def test_refused_consent_says_why_in_the_reporters_language(client, association_keyring):
    response = post_json(client, api_payload(consent_processing=False), HTTP_ACCEPT_LANGUAGE="de")
    message = assert_envelope(response, 400)["fields"]["consent_processing"]
    with translation.override("de"):
        assert message == [str(ERROR_CONSENT_PROCESSING)]


def test_the_schema_requires_the_consent(client):
    schema = client.get("/api/v1/public/schema/?format=json").json()  # the public part
    request = schema["components"]["schemas"]["ReportSubmitInputRequest"]
    assert "consent_processing" in request["required"]
    assert request["properties"]["consent_processing"]["type"] == "boolean"
    taxonomy = schema["components"]["schemas"]["TaxonomyOutput"]
    assert "consents" in taxonomy["required"]


def test_taxonomy_gives_the_consent_wordings_and_their_version(client):
    german = client.get(TAXONOMY, {"lang": "de"}).json()["consents"]
    english = client.get(TAXONOMY, {"lang": "en"}).json()["consents"]
    assert german["version"] == english["version"] == CONSENT_VERSION
    assert set(german) == {"version", "processing", "contact", "referral", "referral_naming"}
    with translation.override("en"):
        assert english["processing"] == str(CONSENT_PROCESSING)
    assert german["processing"].startswith("Ich bin einverstanden")


@pytest.mark.parametrize(
    ("forms", "incident_types", "stored_forms", "stored_types"),
    [
        (["THREAT"], [], [], ["THREAT"]),
        (["DIRECT", "VERBAL_ABUSE"], ["ASSAULT"], ["DIRECT"], ["ASSAULT", "VERBAL_ABUSE"]),
        (["DENIAL_OF_SERVICE"], [], [], ["DISCRIMINATION"]),
        (["ASSAULT", "EXTREME_VIOLENCE", "PROPERTY_DAMAGE"], ["ASSAULT"], [],
         ["ASSAULT", "EXTREME_VIOLENCE", "PROPERTY_DAMAGE"]),
    ],
)  # fmt: skip
def test_old_form_codes_are_accepted_as_incident_types_for_a_while(
    client, association_keyring, forms, incident_types, stored_forms, stored_types
):
    payload = api_payload(forms=forms, incident_types=incident_types)
    response = post_json(client, payload)
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert sorted(report.forms) == stored_forms
    assert sorted(report.incident_types) == stored_types
    assert sorted(report.case.incident_types) == stored_types  # and so counted


def test_old_form_codes_are_not_a_back_door_for_unknown_codes(client, association_keyring):
    error = assert_envelope(
        post_json(client, api_payload(forms=["THREAT", "SHOUTING"])), 400, "validation_failed"
    )
    assert list(error["fields"]) == ["forms.1"]


def test_the_schema_names_the_deprecated_form_codes_and_the_end(client):
    from api.public.serializers import DEPRECATED_FORMS, FORMS_DEPRECATION_ENDS

    schema = client.get("/api/v1/public/schema/?format=json").json()
    components = schema["components"]["schemas"]
    forms = components["ReportSubmitInputRequest"]["properties"]["forms"]
    codes = components[forms["items"]["$ref"].rsplit("/", 1)[-1]]["enum"]
    assert set(DEPRECATED_FORMS) <= set(codes)
    assert FORMS_DEPRECATION_ENDS in forms["description"]
    assert "Deprecated" in forms["description"]
