"""Who may read the API's description.

The whole schema (/api/schema/) and its browsable docs (/api/docs/) name every staff
endpoint and field: verified staff only, and anyone on `make run` (DEBUG). The anonymous
part (/api/v1/public/) is described for everyone at /api/v1/public/schema/, generated from
the same views, so it cannot fall behind them.
"""

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

from tests.api.conftest import assert_envelope

pytestmark = pytest.mark.django_db

WHOLE = {"schema": "/api/schema/?format=json", "docs": "/api/docs/"}
PUBLIC = "/api/v1/public/schema/?format=json"
STAFF = [
    "caseworker",
    "administrator",
    "caseworker_without_keys",
    "partner",
    "statistics",
    "member_caseworker",
]
REFUSED = {
    "anonymous": "not_authenticated",
    "reporter": "not_authenticated",
    "caseworker_without_second_factor": "second_factor_required",
}


@pytest.mark.parametrize("kind", [*REFUSED, *STAFF])
@pytest.mark.parametrize("view", list(WHOLE))
def test_the_whole_description_is_for_verified_staff(client_for, kind, view):
    response = client_for(kind).get(WHOLE[view])
    if kind in STAFF:
        assert response.status_code == 200
        if view == "schema":
            assert "/api/v1/cases/{id}/transition/" in response.json()["paths"]
    elif view == "schema":
        assert_envelope(response, 403, REFUSED[kind])
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("view", list(WHOLE))
def test_make_run_shows_everything_to_anyone(settings, view):
    settings.DEBUG = True
    assert Client().get(WHOLE[view]).status_code == 200


@pytest.mark.parametrize("kind", [*REFUSED, *STAFF])
def test_the_public_part_is_described_for_everyone(client_for, kind):
    response = client_for(kind).get(PUBLIC)
    assert response.status_code == 200
    assert set(response.json()["paths"]) == {
        "/api/v1/public/reports/",
        "/api/v1/public/taxonomy/",
        "/api/v1/public/statistics/",
        "/api/v1/public/statistics/{year}/",
        "/api/v1/public/statistics/{year}/{edition}/",
    }


def _operations(schema: dict) -> dict:
    return {
        (path, method): (operation["operationId"], sorted(operation["responses"]))
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/public/")
        for method, operation in operations.items()
    }


def test_the_public_description_is_the_whole_ones_public_part_and_valid(caseworker_client):
    public = Client().get(PUBLIC)
    assert public.cookies == {}
    validate_schema(public.json())
    whole = caseworker_client.get(WHOLE["schema"]).json()
    assert _operations(public.json()) == _operations(whole)
