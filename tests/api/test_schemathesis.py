"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis).

The schema comes from the app's own generator in-process; every operation gets a
bounded number of generated requests, sent as a verified caseworker with keys
(session cookie, `ms_key` cookie, CSRF token). No response may be a 5xx, and
every documented response must match its schema.
"""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from reporting.models import Case
from reporting.services.reports import report_submit
from tests.conftest import kept_test_connection
from tests.factories import submission

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
LOGIN_FAILURES = {"not_authenticated", "second_factor_required", "csrf_failed"}


@pytest.fixture
def staff_credentials(caseworker_client, association_keyring):
    """Cookies and headers of a logged-in caseworker; a few cases to find."""
    for district in ("14612", "14713", "ONLINE"):
        report_submit(submission=submission(district=district, consent_referral=True))
    token = caseworker_client.get("/api/v1/me/").json()["csrf_token"]
    cookies = {name: morsel.value for name, morsel in caseworker_client.cookies.items()}
    assert {"sessionid", "ms_key", "csrftoken"} <= set(cookies)
    return {
        "cookies": cookies,
        "headers": {"X-CSRFToken": token},
        "case_ids": sorted(Case.objects.values_list("pk", flat=True)),
    }


def aim_at_existing_cases(case, case_ids: list[int]) -> None:
    """Random ids almost never name a case; send two in three generated ids to real ones."""
    for name in ("id", "case_pk"):
        value = (case.path_parameters or {}).get(name)
        is_case_id = name == "case_pk" or case.path.startswith("/api/v1/cases/")
        if is_case_id and isinstance(value, int) and not isinstance(value, bool) and value % 3:
            case.path_parameters[name] = case_ids[value % len(case_ids)]


# The WSGI handler of config/wsgi.py without its production start-up check (it needs the
# database, which pytest-django opens only for tests). The schema is what /api/schema/
# serves, taken from its generator: the served one needs a staff login, which needs the
# database, and the schema is loaded at collection.
application = get_wsgi_application()
schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
)
schema.app = application


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, staff_credentials):
    aim_at_existing_cases(case, staff_credentials["case_ids"])
    with kept_test_connection():
        response = case.call_and_validate(
            headers=staff_credentials["headers"],
            cookies=staff_credentials["cookies"],
            checks=CHECKS,
        )
    # The login must hold for every generated request, or the run proves little.
    if response.status_code == 403:
        assert response.json()["error"]["code"] not in LOGIN_FAILURES, response.json()
