"""Case work through the API: inbox, decrypted detail, versioned writes, audit."""

import json

import pytest
from django.test import Client

from reporting.models import AuditEvent, Case, CaseStatus, Message, Note
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.api.conftest import NARRATIVE, assert_envelope
from tests.factories import submission

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"


def post(client, url, body, method="post"):
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(url, payload, content_type="application/json")


def verbs(case) -> list[str]:
    return list(AuditEvent.objects.filter(case=case).values_list("verb", flat=True))


def assessment(**overrides) -> dict:
    return {
        "version": 1,
        "grounds": ["RACISM", "LANGUAGE", "RACISM"],
        "areas": ["AUTHORITIES"],
        "forms": ["DIRECT"],
        "district": "14612",
        "incident_month": "2025-01",
        "is_discrimination": True,
    } | overrides


# --- inbox ------------------------------------------------------------------------


def test_inbox_lists_cases_with_counts_and_no_content(caseworker_client, case):
    body = caseworker_client.get(CASES).json()
    assert set(body) == {"count", "next", "previous", "status_counts", "results"}
    assert body["count"] == 1
    assert body["status_counts"] == dict.fromkeys(CaseStatus.values, 0) | {"NEW": 1}
    (row,) = body["results"]
    assert row["id"] == case.pk and row["status"] == "NEW" and row["version"] == 1
    assert row["grounds"] == ["RACISM"] and row["district"] == "14713" and row["unread"]
    text = json.dumps(body)
    assert NARRATIVE not in text and "melder@example.org" not in text
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEWED).exists()


def test_inbox_filters(caseworker_client, caseworker, association_keyring):
    dresden = report_submit(
        submission=submission(
            district="14612", grounds=["AGE"], language="en", incident_types=["THREAT"]
        )
    ).report.case
    leipzig = report_submit(submission=submission(district="14713")).report.case
    Case.objects.filter(pk=leipzig.pk).update(status=CaseStatus.IN_REVIEW, assignee=caseworker)

    def ids(**params):
        return [row["id"] for row in caseworker_client.get(CASES, params).json()["results"]]

    assert sorted(ids()) == sorted([dresden.pk, leipzig.pk])
    assert ids(district="14612") == [dresden.pk]
    assert ids(ground="AGE") == [dresden.pk]
    assert ids(language="en") == [dresden.pk]
    assert ids(status="IN_REVIEW") == [leipzig.pk]
    assert ids(assignee=caseworker.pk) == [leipzig.pk]
    assert ids(unassigned="true") == [dresden.pk]
    assert ids(area="HOUSING", form="DIRECT", district="14713") == [leipzig.pk]
    assert ids(incident_type="THREAT") == [dresden.pk]
    assert ids(incident_type="ASSAULT") == []
    today = dresden.report.created_on.isoformat()
    assert len(ids(received_from=today, received_to=today)) == 2
    assert ids(received_from="2999-01-01") == []
    assert ids(received_from=today, received_to="2000-01-01") == []  # reversed: nothing
    counts = caseworker_client.get(CASES, {"status": "CLOSED"}).json()["status_counts"]
    assert counts["NEW"] == 1 and counts["IN_REVIEW"] == 1  # counts ignore the filters


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "NOPE"}, "status"),
        ({"district": "00000"}, "district"),
        ({"ground": "racism"}, "ground"),
        ({"area": "X"}, "area"),
        ({"form": "X"}, "form"),
        ({"incident_type": "threat"}, "incident_type"),
        ({"incident_type": "DIRECT"}, "incident_type"),  # a form, not an incident type
        ({"language": "xx"}, "language"),
        ({"assignee": "abc"}, "assignee"),
        ({"assignee": "0"}, "assignee"),
        ({"assignee": str(2**70)}, "assignee"),
        ({"unassigned": "perhaps"}, "unassigned"),
        ({"received_from": "yesterday"}, "received_from"),
    ],
)
def test_invalid_filters_are_400_with_field_errors(caseworker_client, case, params, field):
    error = assert_envelope(caseworker_client.get(CASES, params), 400, "validation_failed")
    assert field in error["fields"], error


def test_inbox_pagination(caseworker_client, association_keyring):
    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.selectors.keys import association_public_keys

    create_synthetic_reports(count=60, year=2025, recipients=association_public_keys(), seed=1)
    first = caseworker_client.get(CASES).json()
    assert first["count"] == 60 and len(first["results"]) == 50 and first["next"]
    second = caseworker_client.get(first["next"]).json()
    assert len(second["results"]) == 10 and second["previous"]
    assert len(caseworker_client.get(CASES, {"page_size": 500}).json()["results"]) == 60
    assert len(caseworker_client.get(CASES, {"page_size": 7}).json()["results"]) == 7
    assert_envelope(caseworker_client.get(CASES, {"page": 99}), 404, "not_found")


@pytest.mark.parametrize("page_size", [10, 200])
def test_inbox_query_count_does_not_grow_with_page_size(
    caseworker_client, association_keyring, django_assert_num_queries, page_size
):
    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.selectors.keys import association_public_keys

    create_synthetic_reports(count=120, year=2025, recipients=association_public_keys(), seed=3)
    # session, user with staff profile and organisation, OTP device, roles,
    # count, page, newest case (the key of the cached status counts), counts per status
    with django_assert_num_queries(8):
        response = caseworker_client.get(CASES, {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, 120)
    with django_assert_num_queries(7):  # the status counts come from the cache
        again = caseworker_client.get(CASES, {"page_size": page_size})
    assert again.json()["status_counts"] == response.json()["status_counts"]
    with django_assert_num_queries(7):  # a filter adds a condition, not a query
        filtered = caseworker_client.get(
            CASES, {"page_size": page_size, "incident_type": "THREAT", "form": "DIRECT"}
        )
    assert filtered.status_code == 200


def test_the_schema_documents_the_incident_type_filter(caseworker_client):
    from reporting.vocabulary.taxonomy import IncidentType

    schema = caseworker_client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/cases/"]["get"]["parameters"]
    (incident_type,) = [p for p in parameters if p["name"] == "incident_type"]
    assert incident_type["in"] == "query" and not incident_type.get("required")
    assert sorted(incident_type["schema"]["enum"]) == sorted(IncidentType.values)


# --- detail -----------------------------------------------------------------------


def test_detail_decrypts_and_audits(caseworker_client, caseworker, case):
    post(caseworker_client, f"{CASES}{case.pk}/notes/", {"body": "Intern: Rückruf planen."})
    post(caseworker_client, f"{CASES}{case.pk}/messages/", {"body": "Wir melden uns."})
    response = caseworker_client.get(f"{CASES}{case.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["content"]["narrative"] == NARRATIVE
    assert body["contact"] == {"email": "melder@example.org", "phone": "", "language": "de"}
    assert body["reporter_classification"]["grounds"] == ["RACISM"]
    assert body["reporter_classification"]["reporter_role"] == "AFFECTED"
    assert body["assessment"] is None
    assert body["allowed_transitions"] == ["IN_REVIEW", "SPAM"]
    assert body["version"] == 1 and body["status"] == "NEW"
    assert [n["body"] for n in body["notes"]] == ["Intern: Rückruf planen."]
    assert [(m["body"], m["from_reporter"]) for m in body["messages"]] == [
        ("Wir melden uns.", False)
    ]
    assert body["messages"][0]["author"] == caseworker.username
    assert AuditEvent.objects.filter(case=case, verb="VIEWED", actor=caseworker).count() == 1
    case.refresh_from_db()
    assert case.unread_for_staff is False


def test_detail_without_contact_is_null(caseworker_client, association_keyring):
    case = report_submit(submission=submission()).report.case
    assert caseworker_client.get(f"{CASES}{case.pk}/").json()["contact"] is None


def test_detail_without_key_grant_is_locked(login, make_staff, case):
    client = login(make_staff(Role.CASEWORKER, grant=False))
    response = client.get(f"{CASES}{case.pk}/")
    assert_envelope(response, 403, "keys_locked")
    assert NARRATIVE.encode() not in response.content
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEWED).exists()
    # the inbox needs no keys
    assert client.get(CASES).json()["count"] == 1


# --- transitions and assignment -----------------------------------------------------


def test_transition_writes_event_and_bumps_version(caseworker_client, caseworker, case):
    response = post(
        caseworker_client, f"{CASES}{case.pk}/transition/", {"to_status": "IN_REVIEW", "version": 1}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "IN_REVIEW" and body["version"] == 2
    assert "DOCUMENTED" in body["allowed_transitions"]
    event = AuditEvent.objects.get(case=case, verb=AuditEvent.Verb.TRANSITION)
    assert (event.actor, event.from_status, event.to_status) == (caseworker, "NEW", "IN_REVIEW")
    case.refresh_from_db()
    assert case.first_triaged_at is not None


def test_stale_version_is_409_and_changes_nothing(login, make_staff, case):
    first, second = login(make_staff(Role.CASEWORKER)), login(make_staff(Role.CASEWORKER))
    url = f"{CASES}{case.pk}/"
    assert (
        post(first, url + "transition/", {"to_status": "IN_REVIEW", "version": 1}).status_code
        == 200
    )
    assert_envelope(
        post(second, url + "transition/", {"to_status": "SPAM", "version": 1}), 409, "conflict"
    )
    assert_envelope(
        post(second, url + "assign/", {"assignee": None, "version": 1}), 409, "conflict"
    )
    assert_envelope(post(second, url + "assessment/", assessment(), "put"), 409, "conflict")
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.IN_REVIEW, 2)
    assert not hasattr(case, "assessment")
    assert verbs(case) == ["TRANSITION"]


def test_disallowed_transition_is_400(caseworker_client, case):
    error = assert_envelope(
        post(
            caseworker_client,
            f"{CASES}{case.pk}/transition/",
            {"to_status": "CLOSED", "version": 1},
        ),
        400,
        "transition_not_allowed",
    )
    assert error["fields"]
    assert Case.objects.get().status == CaseStatus.NEW
    assert verbs(case) == []


def test_stale_transition_is_a_conflict_even_where_the_status_no_longer_allows_it(
    caseworker_client, case
):
    url = f"{CASES}{case.pk}/transition/"
    assert post(caseworker_client, url, {"to_status": "IN_REVIEW", "version": 1}).status_code == 200
    assert_envelope(
        post(caseworker_client, url, {"to_status": "IN_REVIEW", "version": 1}), 409, "conflict"
    )
    assert Case.objects.get().status == CaseStatus.IN_REVIEW
    assert verbs(case) == ["TRANSITION"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_status": "NOPE", "version": 1}, "to_status"),
        ({"to_status": "IN_REVIEW"}, "version"),
        ({"to_status": "IN_REVIEW", "version": "one"}, "version"),
        ({"to_status": "IN_REVIEW", "version": 0}, "version"),
        ({"to_status": "IN_REVIEW", "version": 2**80}, "version"),
        ({"to_status": ["IN_REVIEW"], "version": 1}, "to_status"),
        ({"version": 1}, "to_status"),
    ],
)
def test_bad_transition_input_is_400(caseworker_client, case, body, field):
    response = post(caseworker_client, f"{CASES}{case.pk}/transition/", body)
    assert field in assert_envelope(response, 400, "validation_failed")["fields"]


def test_assign_and_unassign(caseworker_client, caseworker, make_staff, case):
    colleague = make_staff(Role.CASEWORKER)
    url = f"{CASES}{case.pk}/assign/"
    body = post(caseworker_client, url, {"assignee": colleague.pk, "version": 1}).json()
    assert body["assignee"] == {"id": colleague.pk, "username": colleague.username}
    assert body["version"] == 2
    assert post(caseworker_client, url, {"assignee": None, "version": 2}).json()["assignee"] is None
    events = AuditEvent.objects.filter(case=case, verb=AuditEvent.Verb.ASSIGNED).order_by("id")
    assert [(e.actor, e.subject) for e in events] == [(caseworker, colleague), (caseworker, None)]


@pytest.mark.parametrize(
    "who",
    ["partner", "statistics", "member_caseworker", "unknown", "text", "huge", "fraction",
     "true", "digits_as_text"],
)  # fmt: skip
def test_assign_only_to_caseworkers_of_the_association(
    caseworker_client, make_staff, member_organisation, case, who
):
    users = {
        "partner": lambda: make_staff(Role.PARTNER).pk,
        "statistics": lambda: make_staff(Role.STATISTICS).pk,
        "member_caseworker": lambda: (
            make_staff(Role.CASEWORKER, organisation=member_organisation).pk
        ),
        "unknown": lambda: 424242,
        "text": lambda: "someone",
        "huge": lambda: 2**70,
        # Not rounded or cast to a caseworker's id: a wrong type is refused.
        "fraction": lambda: make_staff(Role.CASEWORKER).pk + 0.5,
        "true": lambda: make_staff(Role.CASEWORKER).pk and True,
        "digits_as_text": lambda: str(make_staff(Role.CASEWORKER).pk),
    }
    response = post(
        caseworker_client, f"{CASES}{case.pk}/assign/", {"assignee": users[who](), "version": 1}
    )
    assert "assignee" in assert_envelope(response, 400, "validation_failed")["fields"]
    assert Case.objects.get().assignee is None


# --- assessment -------------------------------------------------------------------


def test_assessment_is_saved_and_audited(caseworker_client, caseworker, case):
    url = f"{CASES}{case.pk}/assessment/"
    body = post(caseworker_client, url, assessment(), "put").json()
    assert body["version"] == 2
    assert body["assessment"]["grounds"] == ["RACISM", "LANGUAGE"]
    assert body["assessment"]["assessed_by"]["id"] == caseworker.pk
    saved = Case.objects.get().assessment
    assert saved.grounds == ["RACISM", "LANGUAGE"] and saved.district == "14612"
    assert saved.is_discrimination is True and saved.incident_month == "2025-01"
    # saving again replaces it; null means "not yet decided"
    again = assessment(version=2, grounds=[], is_discrimination=None, incident_month="")
    assert post(caseworker_client, url, again, "put").json()["assessment"]["grounds"] == []
    saved.refresh_from_db()
    assert saved.is_discrimination is None and saved.incident_month == ""
    assert verbs(case).count("ASSESSED") == 2
    detail = caseworker_client.get(f"{CASES}{case.pk}/").json()
    assert detail["assessment"]["district"] == "14612"
    assert detail["reporter_classification"]["district"] == "14713"  # the reporter's own


def test_assessment_sets_the_agg_scope_or_leaves_it_to_the_rule(caseworker_client, case):
    url = f"{CASES}{case.pk}/assessment/"
    body = post(caseworker_client, url, assessment(), "put").json()  # racism at an authority
    assert (body["assessment"]["agg_scope"], body["agg_scope"]) == ("AUTO", "OUTSIDE")
    body = post(caseworker_client, url, assessment(version=2, agg_scope="PROTECTED"), "put").json()
    assert (body["assessment"]["agg_scope"], body["agg_scope"]) == ("PROTECTED", "PROTECTED")
    assert Case.objects.get().agg_scope == "PROTECTED"
    detail = caseworker_client.get(f"{CASES}{case.pk}/").json()
    assert (detail["assessment"]["agg_scope"], detail["agg_scope"]) == ("PROTECTED", "PROTECTED")
    (row,) = caseworker_client.get(CASES).json()["results"]
    assert row["agg_scope"] == "PROTECTED"
    # Left out, as a client written before the field sends it: the rule decides again.
    body = post(caseworker_client, url, assessment(version=3), "put").json()
    assert (body["assessment"]["agg_scope"], body["agg_scope"]) == ("AUTO", "OUTSIDE")


def test_the_schema_documents_the_agg_scope(caseworker_client):
    schema = caseworker_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()[
        "components"
    ]
    setting = schema["schemas"]["CaseAssessmentInputRequest"]["properties"]["agg_scope"]
    assert schema["schemas"][setting["allOf"][0]["$ref"].rsplit("/", 1)[1]]["enum"] == [
        "AUTO",
        "PROTECTED",
        "OUTSIDE",
        "UNDECIDED",
    ]
    assert "AUTO" in setting["description"]
    for name in ("CaseListOutput", "CaseDetailOutput", "CaseStateOutput", "AssessmentOutput"):
        assert "agg_scope" in schema["schemas"][name]["properties"], name
    assert schema["schemas"]["AggScopeEnum"]["enum"] == ["PROTECTED", "OUTSIDE", "UNDECIDED"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"grounds": ["NOPE"]}, "grounds.0"),
        ({"grounds": "RACISM"}, "grounds"),
        ({"areas": [1]}, "areas.0"),
        ({"forms": None}, "forms"),
        ({"district": "00000"}, "district"),
        ({"incident_month": "2025-13"}, "incident_month"),
        ({"incident_month": "01/2025"}, "incident_month"),
        ({"incident_month": "٢٠٢٥-01"}, "incident_month"),
        ({"is_discrimination": "perhaps"}, "is_discrimination"),
        ({"agg_scope": "WITHIN_AGG"}, "agg_scope"),
        ({"agg_scope": None}, "agg_scope"),
        ({"version": None}, "version"),
    ],
)
def test_bad_assessment_is_400(caseworker_client, case, overrides, field):
    response = post(
        caseworker_client, f"{CASES}{case.pk}/assessment/", assessment(**overrides), "put"
    )
    assert field in assert_envelope(response, 400, "validation_failed")["fields"]
    assert not hasattr(Case.objects.get(), "assessment")


def test_assessment_needs_every_field(caseworker_client, case):
    response = post(caseworker_client, f"{CASES}{case.pk}/assessment/", {"version": 1}, "put")
    fields = assert_envelope(response, 400, "validation_failed")["fields"]
    assert {"grounds", "areas", "forms", "district", "incident_month", "is_discrimination"} <= set(
        fields
    )


# --- notes and messages -----------------------------------------------------------


def test_note_is_sealed_audited_and_never_shown_to_the_reporter(caseworker_client, submitted, case):
    response = post(caseworker_client, f"{CASES}{case.pk}/notes/", {"body": "  Intern: Rückruf.  "})
    assert response.status_code == 201
    assert response.json()["body"] == "Intern: Rückruf."
    note = Note.objects.get()
    assert str(note.pk) == response.json()["id"]
    assert "Rückruf".encode() not in bytes(note.body)
    assert verbs(case) == ["NOTE"]
    reporter = Client()
    reporter.post("/de/receipt/", {"code": submitted.receipt_code})
    assert "Rückruf" not in reporter.get("/de/receipt/status/").content.decode()


def test_staff_message_reaches_the_reporter(caseworker_client, submitted, case):
    response = post(
        caseworker_client, f"{CASES}{case.pk}/messages/", {"body": "Danke, wir melden uns."}
    )
    assert response.status_code == 201
    assert response.json()["from_reporter"] is False
    message = Message.objects.get()
    assert b"Danke" not in bytes(message.body)
    assert verbs(case) == ["STAFF_MESSAGE"]
    case.refresh_from_db()
    assert case.first_replied_at is not None
    reporter = Client()
    assert reporter.post("/de/receipt/", {"code": submitted.receipt_code}).status_code == 302
    assert "Danke, wir melden uns." in reporter.get("/de/receipt/status/").content.decode()


@pytest.mark.parametrize("kind", ["notes", "messages"])
@pytest.mark.parametrize(
    "body",
    [
        {"body": ""},
        {"body": "   "},
        {"body": "x" * 5001},
        {"body": 5},
        {"body": None},
        {},
        {"body": "a\x00b"},
    ],
)
def test_bad_bodies_are_400(caseworker_client, case, kind, body):
    response = post(caseworker_client, f"{CASES}{case.pk}/{kind}/", body)
    assert "body" in assert_envelope(response, 400, "validation_failed")["fields"]
    assert not Note.objects.exists() and not Message.objects.exists()
    assert verbs(case) == []


def test_lone_surrogates_are_400(caseworker_client, case):
    response = post(caseworker_client, f"{CASES}{case.pk}/notes/", '{"body": "\\ud800 text"}')
    assert "body" in assert_envelope(response, 400, "validation_failed")["fields"]


# --- malformed requests -----------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "{bad json",
        "[]",
        "null",
        '"text"',
        "1",
        b"\xff\xfe\x00",
        "[" * 100_000,
        "[" * 5000 + "]" * 5000,
        '{"version": ' + "9" * 5000 + "}",
        '{"version": NaN, "body": Infinity}',
    ],
    ids=lambda raw: repr(raw[:12]),
)
@pytest.mark.parametrize("path", ["transition/", "assign/", "notes/", "messages/"])
def test_malformed_bodies_are_400(caseworker_client, case, raw, path):
    response = post(caseworker_client, f"{CASES}{case.pk}/{path}", raw)
    assert_envelope(response, 400)
    assert verbs(case) == []


def test_malformed_assessment_is_400(caseworker_client, case):
    assert_envelope(post(caseworker_client, f"{CASES}{case.pk}/assessment/", "{", "put"), 400)


def test_form_encoded_bodies_are_415(caseworker_client, case):
    response = caseworker_client.post(f"{CASES}{case.pk}/notes/", {"body": "Hallo"})
    assert_envelope(response, 415)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "{case}/"),
        ("put", "{case}/"),
        ("post", ""),
        ("get", "{case}/transition/"),
        ("options", "{case}/assign/"),
        ("options", ""),
    ],
)
def test_other_methods_are_405(caseworker_client, case, method, path):
    response = getattr(caseworker_client, method)(CASES + path.format(case=case.pk))
    assert_envelope(response, 405)


# --- audit of one case ------------------------------------------------------------


def test_case_events_list_the_audit_trail_without_content(caseworker_client, caseworker, case):
    url = f"{CASES}{case.pk}/"
    post(caseworker_client, url + "transition/", {"to_status": "IN_REVIEW", "version": 1})
    post(caseworker_client, url + "notes/", {"body": "Geheim: Adresse bekannt."})
    caseworker_client.get(url)
    body = caseworker_client.get(url + "events/").json()
    assert body["count"] == 3
    assert [e["verb"] for e in body["results"]] == ["VIEWED", "NOTE", "TRANSITION"]
    assert body["results"][2]["from_status"] == "NEW"
    assert body["results"][2]["to_status"] == "IN_REVIEW"
    assert body["results"][0]["actor"] == {"id": caseworker.pk, "username": caseworker.username}
    assert all(e["case"] == case.pk for e in body["results"])
    assert "Geheim" not in json.dumps(body)
    assert set(body["results"][0]) == {
        "id", "case", "verb", "actor", "subject", "organisation", "other_case", "detail",
        "from_status", "to_status", "created_at",
    }  # fmt: skip


# --- counselling documentation ---------------------------------------------------------


def test_assessment_documents_actor_consequences_and_outcome(caseworker_client, case):
    url = f"{CASES}{case.pk}/assessment/"
    documented = assessment(
        incident_types=["THREAT", "THREAT"],
        actor="POLICE",
        multidimensional=True,
        consequences=["HEALTH"],
        outcome="NO_RESULT",
    )
    body = post(caseworker_client, url, documented, "put").json()
    saved = body["assessment"]
    assert saved["incident_types"] == ["THREAT"]
    assert (saved["actor"], saved["multidimensional"], saved["outcome"]) == (
        "POLICE",
        True,
        "NO_RESULT",
    )
    assert saved["consequences"] == ["HEALTH"]
    assert body["agg_scope"] == "OUTSIDE"  # the police acted
    # Left out, the documentation is "not recorded", as a client from before sends it.
    body = post(caseworker_client, url, assessment(version=2), "put").json()
    assert (body["assessment"]["actor"], body["assessment"]["outcome"]) == ("", "")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"actor": "NEIGHBOUR"}, "actor"),
        ({"outcome": "WON"}, "outcome"),
        ({"consequences": ["NONE_KNOWN", "HEALTH"]}, "consequences"),
        ({"incident_types": ["DENIAL_OF_SERVICE"]}, "incident_types"),
    ],
)
def test_bad_documentation_is_400(caseworker_client, case, overrides, field):
    response = post(
        caseworker_client, f"{CASES}{case.pk}/assessment/", assessment(**overrides), "put"
    )
    fields = assert_envelope(response, 400)["fields"]
    assert [name.split(".")[0] for name in fields] == [field]  # a list names its item
    assert not AuditEvent.objects.filter(verb="ASSESSED").exists()


def test_interventions_are_recorded_listed_and_removed(caseworker_client, caseworker, case):
    url = f"{CASES}{case.pk}/interventions/"
    first = {"version": 1, "kind": "INFORMATION_ON_RIGHTS", "occurred_on": "2026-06-10"}
    response = post(caseworker_client, url, first | {"notes": " Rechte erklärt. "})
    assert response.status_code == 201
    created = response.json()
    assert (created["kind"], created["notes"], created["author"]) == (
        "INFORMATION_ON_RIGHTS",
        "Rechte erklärt.",
        caseworker.username,
    )
    second = {"version": 2, "kind": "ACCOMPANYING", "occurred_on": "2026-06-12"}
    assert post(caseworker_client, url, second).status_code == 201
    detail = caseworker_client.get(f"{CASES}{case.pk}/").json()
    assert [(i["kind"], i["occurred_on"], i["notes"]) for i in detail["interventions"]] == [
        ("INFORMATION_ON_RIGHTS", "2026-06-10", "Rechte erklärt."),
        ("ACCOMPANYING", "2026-06-12", ""),
    ]
    assert detail["intervention_kinds"] == ["INFORMATION_ON_RIGHTS", "ACCOMPANYING"]
    removed = post(caseworker_client, f"{url}{created['id']}/remove/", {"version": 3})
    assert removed.status_code == 200
    assert removed.json()["intervention_kinds"] == ["ACCOMPANYING"]
    assert verbs(case).count("INTERVENTION_ADDED") == 2
    assert verbs(case).count("INTERVENTION_REMOVED") == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"version": 1, "kind": "REFERRAL", "occurred_on": "2026-06-10"}, 400, "kind"),
        ({"version": 1, "kind": "COUNSELLING", "occurred_on": "2026-07-01"}, 400, "occurred_on"),
        ({"version": 1, "kind": "COUNSELLING"}, 400, "occurred_on"),
        ({"version": 9, "kind": "COUNSELLING", "occurred_on": "2026-06-10"}, 409, None),
    ],
)
def test_bad_interventions_are_refused(caseworker_client, case, body, status, field):
    response = post(caseworker_client, f"{CASES}{case.pk}/interventions/", body)
    error = assert_envelope(response, status)
    if field:
        assert field in error["fields"]
    assert not AuditEvent.objects.filter(verb="INTERVENTION_ADDED").exists()


def test_an_unknown_intervention_is_404(caseworker_client, case):
    path = f"{CASES}{case.pk}/interventions/00000000-0000-4000-8000-000000000000/remove/"
    assert_envelope(post(caseworker_client, path, {"version": 1}), 404, "not_found")


def test_closing_counselling_without_an_outcome_is_400(caseworker_client, case):
    url = f"{CASES}{case.pk}/transition/"
    post(caseworker_client, url, {"version": 1, "to_status": "IN_REVIEW"})
    post(caseworker_client, url, {"version": 2, "to_status": "IN_COUNSELLING"})
    error = assert_envelope(
        post(caseworker_client, url, {"version": 3, "to_status": "CLOSED"}), 400, "outcome_missing"
    )
    assert "outcome" in error["fields"]
    Case.objects.get(pk=case.pk)  # still there, still in counselling
    assert Case.objects.get(pk=case.pk).status == "IN_COUNSELLING"


def test_the_schema_documents_the_counselling_documentation(caseworker_client):
    schemas = caseworker_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()[
        "components"
    ]["schemas"]
    for name in ("actor", "multidimensional", "consequences", "outcome", "incident_types"):
        assert name in schemas["CaseAssessmentInputRequest"]["properties"], name
        assert name in schemas["AssessmentOutput"]["properties"], name
    assert "interventions" in schemas["CaseDetailOutput"]["properties"]
    assert "intervention_kinds" in schemas["CaseStateOutput"]["properties"]
    assert "REFERRAL" not in schemas["InterventionKindByHandEnum"]["enum"]
    assert "REFERRAL" in schemas["InterventionKindEnum"]["enum"]
    assert schemas["IncidentTypeEnum"]["enum"][-1] == "DISCRIMINATION"


# The case API's reads, pinned (with a note, a message and two interventions, so nothing
# that grows with the case slips in): session, user, device, roles, the case with report,
# assignee and assessment, messages, notes, attachments, interventions, and the audit row.
PINNED_DETAIL_QUERIES = 10


def test_detail_query_count_is_pinned(
    caseworker_client, caseworker, case, django_assert_num_queries
):
    post(caseworker_client, f"{CASES}{case.pk}/notes/", {"body": "Intern."})
    post(caseworker_client, f"{CASES}{case.pk}/messages/", {"body": "Hallo."})
    for version, kind in ((1, "COUNSELLING"), (2, "MEDIATION")):
        body = {"version": version, "kind": kind, "occurred_on": "2026-06-10"}
        post(caseworker_client, f"{CASES}{case.pk}/interventions/", body)
    caseworker_client.get(f"{CASES}{case.pk}/")  # the first view also marks messages read
    with django_assert_num_queries(PINNED_DETAIL_QUERIES):
        assert caseworker_client.get(f"{CASES}{case.pk}/").status_code == 200
