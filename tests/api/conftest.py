"""Logged-in clients for every kind of API user, and helpers for the error envelope."""

import pytest
from django.test import Client

from reporting.models import Organisation
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import staff_login

NARRATIVE = "Die Sachbearbeiterin sagte: zurück nach Hause."


def assert_envelope(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.content[:500])
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"]
    if code:
        assert error["code"] == code, error
    return error


@pytest.fixture
def submitted(association_keyring):
    return report_submit(
        submission=submission(
            narrative=NARRATIVE,
            contact_email="melder@example.org",
            consent_contact=True,
        )
    )


@pytest.fixture
def case(submitted):
    return submitted.report.case


@pytest.fixture
def member_organisation(db):
    return Organisation.objects.create(name="Beratung Ost (fiktiv)", kind=Organisation.Kind.MEMBER)


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


@pytest.fixture
def login():
    """login(user, second_factor=True, **client_options) -> a Django test client."""

    def make(user, *, second_factor=True, **options):
        return staff_login(Client(**options), user, second_factor=second_factor)

    return make


@pytest.fixture
def caseworker_client(login, caseworker):
    return login(caseworker)


@pytest.fixture
def reporter_client(submitted):
    client = Client()
    response = client.post("/de/receipt/", {"code": submitted.receipt_code})
    assert response.status_code == 302, response.content[:500]
    assert client.get("/de/receipt/status/").status_code == 200
    return client


@pytest.fixture
def user_kinds(make_staff, member_organisation):
    """Every kind of API user the permission matrix covers, by name."""

    return {
        "caseworker": lambda: make_staff(Role.CASEWORKER),
        "administrator": lambda: make_staff(Role.ADMINISTRATOR),
        "partner": lambda: make_staff(Role.PARTNER),
        "statistics": lambda: make_staff(Role.STATISTICS),
        "member_caseworker": lambda: make_staff(Role.CASEWORKER, organisation=member_organisation),
        # Issue 19: a member organisation's caseworker for its own cases (none here).
        "own_caseworker": lambda: make_staff(
            Role.MEMBER_CASEWORKER, organisation=member_organisation
        ),
        "caseworker_without_keys": lambda: make_staff(Role.CASEWORKER, grant=False),
        "caseworker_without_second_factor": lambda: make_staff(Role.CASEWORKER),
    }


@pytest.fixture
def client_for(login, user_kinds, reporter_client):
    """client_for(kind) -> a client of that kind; "anonymous" and "reporter" included."""

    def make(kind, **options):
        if kind == "anonymous":
            return Client(**options)
        if kind == "reporter":
            return reporter_client
        user = user_kinds[kind]()
        return login(user, second_factor=kind != "caseworker_without_second_factor", **options)

    return make
