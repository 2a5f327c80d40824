"""Counselling documentation (issue 22): the assessment's actor, multidimensional flag,
consequences and outcome, the close rule, and interventions as dated, sealed, audited
rows whose kinds the case and its tallies follow."""

import datetime

import pytest
from django.utils import timezone

from reporting.crypto import open_sealed
from reporting.models import AuditEvent, Case, Intervention
from reporting.selectors.statistics import year_counts
from reporting.services.cases import (
    ERROR_INTERVENTION_KIND,
    ERROR_NO_CONSEQUENCES_ALONE,
    InterventionNotRemovable,
    OutcomeMissing,
    case_assess,
    case_transition,
    intervention_add,
    intervention_remove,
)
from reporting.services.referrals import referral_send
from reporting.services.reports import report_submit
from reporting.vocabulary.errors import Conflict, ValidationFailed
from reporting.vocabulary.roles import Role
from reporting.vocabulary.submission import ERROR_DATE_IN_FUTURE
from tests.factories import submission
from tests.reporting.services.test_tallies import assert_tallies_match_the_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(association_keyring):
    return report_submit(submission=submission(grounds=["RACISM", "GENDER"])).report.case


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def assess(case, actor, **changes):
    values = {
        "grounds": ["RACISM"],
        "areas": ["PUBLIC_SPACE"],
        "forms": ["DIRECT"],
        "district": "14612",
        "incident_month": "",
        "is_discrimination": True,
        **changes,
    }
    return case_assess(case=case, actor=actor, expected_version=case.version, **values)


def assert_tallies_match(case):
    assert_tallies_match_the_cases(case.received_on.year)


def step(case, actor, to_status):
    case_transition(case=case, actor=actor, to_status=to_status, expected_version=case.version)


def test_the_documentation_is_saved_on_the_assessment_and_carried_by_the_case(case, caseworker):
    assessment = assess(
        case,
        caseworker,
        incident_types=["VERBAL_ABUSE", "THREAT"],
        responsible_actor="SHOP_SERVICE",
        multidimensional=True,
        consequences=["PSYCHOLOGICAL_STRAIN", "WITHDRAWAL"],
        outcome="APOLOGY",
    )
    assert (assessment.actor, assessment.multidimensional, assessment.outcome) == (
        "SHOP_SERVICE",
        True,
        "APOLOGY",
    )
    case.refresh_from_db()
    assert case.incident_types == ["THREAT", "VERBAL_ABUSE"]
    assert (case.actor, case.multidimensional, case.outcome) == ("SHOP_SERVICE", True, "APOLOGY")
    assert case.consequences == ["PSYCHOLOGICAL_STRAIN", "WITHDRAWAL"]
    counts = year_counts(case.received_on.year)
    assert counts.confirmed == 1
    assert dict(counts.actor) == {"SHOP_SERVICE": 1}
    assert_tallies_match(case)


def test_the_actor_narrows_the_agg_rule(case, caseworker):
    # Racism in public space: who acted decides.
    assess(case, caseworker)
    assert Case.objects.get(pk=case.pk).agg_scope == "UNDECIDED"
    assess(case, caseworker, responsible_actor="SHOP_SERVICE")  # a door keeper's refusal
    assert Case.objects.get(pk=case.pk).agg_scope == "PROTECTED"
    assess(case, caseworker, responsible_actor="POLICE")  # an identity check
    assert Case.objects.get(pk=case.pk).agg_scope == "OUTSIDE"
    assess(case, caseworker, responsible_actor="PRIVATE_PERSON")  # a passer-by
    assert Case.objects.get(pk=case.pk).agg_scope == "OUTSIDE"
    assess(case, caseworker, responsible_actor="UNKNOWN")  # the area decides again
    assert Case.objects.get(pk=case.pk).agg_scope == "UNDECIDED"
    assert_tallies_match(case)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"responsible_actor": "NEIGHBOUR"}, "actor", None),
        ({"outcome": "WON"}, "outcome", None),
        (
            {"consequences": ["NONE_KNOWN", "HEALTH"]},
            "consequences",
            str(ERROR_NO_CONSEQUENCES_ALONE),
        ),
    ],
)
def test_wrong_documentation_is_refused_and_changes_nothing(
    case, caseworker, changes, field, message
):
    version = case.version
    with pytest.raises(ValidationFailed) as refused:
        assess(case, caseworker, **changes)
    assert list(refused.value.fields) == [field]
    if message:
        assert refused.value.fields[field] == [message]
    case.refresh_from_db()
    assert case.version == version and not case.assessed


def test_a_case_in_counselling_closes_only_with_an_outcome(case, caseworker):
    step(case, caseworker, "IN_REVIEW")
    step(case, caseworker, "IN_COUNSELLING")
    with pytest.raises(OutcomeMissing) as refused:
        step(case, caseworker, "CLOSED")
    assert list(refused.value.fields) == ["outcome"]
    case.refresh_from_db()
    assert case.status == "IN_COUNSELLING"
    assess(case, caseworker, outcome="MEDIATION_SUCCESSFUL")
    step(case, caseworker, "CLOSED")
    assert Case.objects.get(pk=case.pk).status == "CLOSED"
    assert_tallies_match(case)


@pytest.mark.parametrize("outcome_status", ["SPAM", "NOT_DISCRIMINATION", "DOCUMENTED"])
def test_other_cases_close_without_an_outcome(case, caseworker, outcome_status):
    step(case, caseworker, "IN_REVIEW")
    step(case, caseworker, outcome_status)
    step(case, caseworker, "CLOSED")
    assert Case.objects.get(pk=case.pk).status == "CLOSED"


def test_an_intervention_is_dated_sealed_audited_and_counted(
    case, caseworker, association_private_key
):
    assess(case, caseworker)
    day = timezone.localdate() - datetime.timedelta(days=3)
    intervention = intervention_add(
        case=case,
        actor=caseworker,
        kind="COMPLAINT_LETTER",
        occurred_on=day,
        notes="  Brief an die Filialleitung geschickt.  ",
        expected_version=case.version,
    )
    stored = Intervention.objects.get(pk=intervention.pk)
    assert (stored.kind, stored.occurred_on, stored.author) == ("COMPLAINT_LETTER", day, caseworker)
    assert b"Filialleitung" not in bytes(stored.notes)
    opened = open_sealed(
        bytes(stored.notes), keys=association_private_key, context=stored.context()
    )
    assert opened == b"Brief an die Filialleitung geschickt."
    intervention_add(
        case=case,
        actor=caseworker,
        kind="COUNSELLING",
        occurred_on=day,
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.intervention_kinds == ["COUNSELLING", "COMPLAINT_LETTER"]
    assert Intervention.objects.get(kind="COUNSELLING").notes is None
    assert AuditEvent.objects.filter(case=case, verb="INTERVENTION_ADDED").count() == 2
    assert_tallies_match(case)

    intervention_remove(intervention=stored, actor=caseworker, expected_version=case.version)
    case.refresh_from_db()
    assert case.intervention_kinds == ["COUNSELLING"]
    assert not Intervention.objects.filter(pk=stored.pk).exists()
    assert AuditEvent.objects.filter(case=case, verb="INTERVENTION_REMOVED").count() == 1
    assert dict(year_counts(case.received_on.year).interventions) == {1: 1}  # COUNSELLING
    assert_tallies_match(case)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "REFERRAL"}, "kind", str(ERROR_INTERVENTION_KIND)),
        ({"kind": "PRAYER"}, "kind", str(ERROR_INTERVENTION_KIND)),
        ({"occurred_on": datetime.date(2999, 1, 1)}, "occurred_on", str(ERROR_DATE_IN_FUTURE)),
        ({"notes": "x" * 20_000}, "notes", None),
    ],
)
def test_a_wrong_intervention_is_refused(case, caseworker, changes, field, message):
    values = {"kind": "COUNSELLING", "occurred_on": timezone.localdate(), **changes}
    with pytest.raises(ValidationFailed) as refused:
        intervention_add(case=case, actor=caseworker, expected_version=case.version, **values)
    assert list(refused.value.fields) == [field]
    if message:
        assert refused.value.fields[field] == [message]
    assert not Intervention.objects.exists()


def test_a_stale_intervention_saves_nothing(case, caseworker):
    with pytest.raises(Conflict):
        intervention_add(
            case=case,
            actor=caseworker,
            kind="COUNSELLING",
            occurred_on=timezone.localdate(),
            expected_version=case.version + 1,
        )
    assert not Intervention.objects.exists()
    assert not AuditEvent.objects.filter(verb="INTERVENTION_ADDED").exists()


def test_a_referral_records_its_intervention_which_stays(
    association_keyring, make_member, caseworker
):
    case = report_submit(submission=submission(consent_referral=True)).report.case
    assess(case, caseworker)
    org = make_member("Beratung D (fiktiv)")
    referral = referral_send(case=case, organisation=org, summary="Bitte melden.", actor=caseworker)
    intervention = Intervention.objects.get(case=case)
    assert (intervention.kind, intervention.referral) == ("REFERRAL", referral)
    assert intervention.occurred_on == timezone.localdate()
    case.refresh_from_db()
    assert case.intervention_kinds == ["REFERRAL"]
    assert_tallies_match(case)
    with pytest.raises(InterventionNotRemovable):
        intervention_remove(
            intervention=intervention, actor=caseworker, expected_version=case.version
        )
    assert Intervention.objects.filter(pk=intervention.pk).exists()
