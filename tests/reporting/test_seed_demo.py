"""`make run` seeds the demo; running it again seeds nothing twice (issue 2)."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reporting.demo.counselling import DEMO_SERVICES
from reporting.models import Case, CounsellingService, KeyGrant, Organisation, Report
from reporting.permissions import can_work_on_cases, documents_own_cases, handles_referrals
from reporting.selectors.institutions import keys_without_matching_grant

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
    # Issue 19: two member caseworkers, each with their organisation's own cases.
    for username in ("demo-fall-01", "demo-fall-02"):
        worker = users.get(username=username)
        assert documents_own_cases(worker) and username in first.getvalue()
        own = Case.objects.visible_to(worker)
        assert own.count() >= 3
        assert set(own.values_list("member_organisation", flat=True)) == {
            worker.staff.organisation_id
        }
        assert KeyGrant.objects.filter(
            user=worker, organisation_key__organisation=worker.staff.organisation
        ).exists()
    assert not Case.objects.visible_to(users.get(username="demo-fallarbeit")).filter(
        member_organisation__isnull=False
    )
    # Institution matching works in the demo from the first login: every key holds it.
    assert not keys_without_matching_grant().exists()

    again = io.StringIO()
    call_command("seed_demo", count=20, stdout=again)
    assert _counts() == seeded
    assert "nothing seeded" in again.getvalue()


def test_production_refuses_to_serve_without_an_association_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    from web.readiness import refuse_to_serve_without_keys

    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="keys init"):
        refuse_to_serve_without_keys()
    settings.DEBUG = True  # make run: a developer may start before `keys init`
    refuse_to_serve_without_keys()


def test_production_serves_once_the_key_exists(settings, association_keyring):
    from web.readiness import refuse_to_serve_without_keys

    settings.DEBUG = False
    refuse_to_serve_without_keys()  # no exception


def test_the_demo_lies_in_the_past_with_a_realistic_mix_of_work():
    """On 7 December the demo listed reports received on 14, 22 and 24 December."""
    import datetime

    import time_machine
    from django.db.models import Q, Sum

    from reporting.models import AuditEvent, CaseStatus, Message, Referral

    today = datetime.date(2026, 12, 7)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)):
        call_command("seed_demo", count=600, stdout=io.StringIO())
        now = datetime.datetime.now(tz=datetime.UTC)

    assert not Report.objects.filter(created_on__gt=today).exists()
    assert not Case.objects.filter(received_on__gt=today).exists()
    assert not Case.objects.filter(
        Q(first_triaged_at__gt=now) | Q(first_replied_at__gt=now) | Q(updated_at__gt=now)
    ).exists()
    months = set(Report.objects.exclude(incident_month="").values_list("incident_month", flat=True))
    assert months and max(months) <= "2026-12"
    for model in (Message, Referral, AuditEvent):
        assert not model.objects.filter(created_at__gt=now).exists(), model
    this_year = Case.objects.filter(received_on__year=2026)
    assert this_year.filter(received_on__month=12).exists()  # the draw reaches today

    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        CaseStatus.NEW,
        CaseStatus.IN_REVIEW,
        CaseStatus.REFERRED,
        CaseStatus.CLOSED,
    } <= statuses
    ages = {
        (today - received).days for received in Case.objects.values_list("received_on", flat=True)
    }
    assert min(ages) < 7 and max(ages) > 300
    messages = Message.objects.values_list("author_side", "read_by_staff")
    assert {("STAFF", True), ("REPORTER", True), ("REPORTER", False)} <= set(messages)
    assert Case.objects.exclude(status=CaseStatus.NEW).filter(unread_for_staff=True).exists()
    assert Case.objects.exclude(assignee=None).exists()
    # The demo's bulk rows are counted on their cases, as the services count theirs.
    work = Case.objects.aggregate(
        reporter=Sum("messages_from_reporter"), referrals=Sum("referrals_in_network")
    )
    assert work == {
        "reporter": Message.objects.filter(author_side="REPORTER").count(),
        "referrals": Referral.objects.count(),
    }
    referral_statuses = set(Referral.objects.values_list("status", flat=True))
    assert {
        Referral.Status.SENT,
        Referral.Status.ACCEPTED,
        Referral.Status.DECLINED,
    } <= referral_statuses
    # Every referred case has its referral; a declined referral handed the case back.
    assert not Case.objects.filter(status=CaseStatus.REFERRED, referrals=None).exists()
    assert not Case.objects.filter(
        status=CaseStatus.REFERRED, referrals__status=Referral.Status.DECLINED
    ).exists()


def test_synthetic_reports_of_this_year_end_today(association_keyring):
    import datetime

    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.selectors.keys import association_public_keys

    recipients = association_public_keys()
    create_synthetic_reports(count=200, year=2026, recipients=recipients, seed=4)
    received = list(Case.objects.values_list("received_on", flat=True))
    assert max(received) <= datetime.date(2026, 6, 17)
    assert min(received) < datetime.date(2026, 2, 1) < datetime.date(2026, 5, 15) < max(received)
    with pytest.raises(ValueError, match="future"):
        create_synthetic_reports(count=1, year=2027, recipients=recipients, seed=4)


def test_a_synthetic_report_is_written_in_its_language(
    association_keyring, association_private_key
):
    """A caseworker trying the demo sees an Arabic report in Arabic, not in Russian."""
    import json

    from reporting.crypto import open_sealed
    from reporting.demo.synthetic import _NARRATIVES, create_synthetic_reports
    from reporting.selectors.keys import association_public_keys

    create_synthetic_reports(count=60, year=2025, recipients=association_public_keys(), seed=4)
    languages = set()
    for report in Report.objects.all():
        content = open_sealed(
            bytes(report.content), keys=association_private_key, context=report.context("content")
        )
        assert json.loads(content)["narrative"] in _NARRATIVES[report.language]
        languages.add(report.language)
    assert len(languages) > 5


def test_the_demo_has_three_linked_witness_reports_and_a_duplicate():
    import datetime

    import time_machine
    from django.utils import timezone

    from reporting.models import CaseLink
    from reporting.selectors.statistics import year_counts, year_counts_scanned

    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)):
        call_command("seed_demo", count=20, stdout=io.StringIO())
        today = timezone.localdate()
    linked = Case.objects.filter(linked_to__isnull=False)
    assert sorted(linked.values_list("link_kind", flat=True)) == [
        CaseLink.DUPLICATE, CaseLink.SAME_INCIDENT, CaseLink.SAME_INCIDENT
    ]  # fmt: skip
    lead = Case.objects.get(pk=linked.first().linked_to_id)
    assert lead.linked_to is None and lead.is_discrimination is True
    assert set(linked.values_list("linked_to", flat=True)) == {lead.pk}
    group = Case.objects.filter(pk__in=[lead.pk, *linked.values_list("pk", flat=True)])
    assert max(group.values_list("received_on", flat=True)) <= today
    assert year_counts(today.year) == year_counts_scanned(today.year)
