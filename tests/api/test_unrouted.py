"""Requests under /api/ that no API view answers still get the API's JSON error envelope."""

import json

import pytest
from django.test import RequestFactory

from config.error_handlers import server_error
from tests.api.conftest import assert_envelope

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here/",
        # A newline inside an id matches no route (schemathesis found it).
        "/api/v1/cases/n%C3%93%1C%0A%C3%9Ab/suggestions/",
        "/api/v2/cases/",
    ],
)
def test_an_unknown_api_path_gets_a_json_404(client, path):
    response = client.get(path)
    assert response["Content-Type"] == "application/json"
    assert_envelope(response, 404, "not_found")


def test_a_bad_host_gets_a_json_400(client):
    response = client.get("/api/v1/public/taxonomy/", HTTP_HOST="evil.example")
    assert response["Content-Type"] == "application/json"
    assert_envelope(response, 400, "parse_error")


def test_a_server_error_under_api_is_json():
    response = server_error(RequestFactory().get("/api/v1/cases/"))
    assert (response.status_code, response["Content-Type"]) == (500, "application/json")
    assert json.loads(response.content)["error"]["code"] == "error"


def test_pages_outside_the_api_stay_html(client):
    response = client.get("/de/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
