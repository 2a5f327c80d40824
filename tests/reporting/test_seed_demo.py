"""`make run` seeds the demo; running it again seeds nothing twice (issue 2)."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reporting.demo.counselling import DEMO_SERVICES
from reporting.models import Case, CounsellingService, KeyGrant, Organisation, Report
from reporting.permissions import can_work_on_cases, handles_referrals

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {
        "reports": Report.objects.count(),
        "cases": Case.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": get_user_model().objects.count(),
        "grants": KeyGrant.objects.count(),
    }


def test_the_demo_is_seeded_once_with_working_logins():
    first = io.StringIO()
    call_command("seed_demo", count=20, stdout=first)
    seeded = _counts()
    assert seeded["organisations"] == 67 and seeded["reports"] >= 20
    assert seeded["cases"] == seeded["reports"]
    assert "demo-fallarbeit" in first.getvalue() and "recovery code" in first.getvalue()
    # The demo association is the fictional operator (settings.DEMO_OPERATOR).
    association = Organisation.objects.get(kind=Organisation.Kind.ASSOCIATION)
    assert association.name == settings.OPERATOR["name"] == settings.DEMO_OPERATOR["name"]
    services = CounsellingService.objects.all()
    assert services.count() == len(DEMO_SERVICES)
    assert all(service.name.endswith("(fiktiv)") for service in services)
    users = get_user_model().objects.select_related("staff__organisation")
    assert can_work_on_cases(users.get(username="demo-fallarbeit"))
    assert handles_referrals(users.get(username="demo-partner-01"))

    again = io.StringIO()
    call_command("seed_demo", count=20, stdout=again)
    assert _counts() == seeded
    assert "nothing seeded" in again.getvalue()


def test_production_refuses_to_serve_without_an_association_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    from reporting.readiness import refuse_to_serve_without_keys

    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="keys init"):
        refuse_to_serve_without_keys()
    settings.DEBUG = True  # make run: a developer may start before `keys init`
    refuse_to_serve_without_keys()


def test_production_serves_once_the_key_exists(settings, association_keyring):
    from reporting.readiness import refuse_to_serve_without_keys

    settings.DEBUG = False
    refuse_to_serve_without_keys()  # no exception
