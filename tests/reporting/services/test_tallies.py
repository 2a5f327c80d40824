"""The statistics tallies follow every change of a case exactly: after any sequence of
submissions, assessments, interventions and status changes they equal a fresh count of
the cases."""

import contextlib
import random

import pytest
from django.db import connection
from django.utils import timezone

from reporting.models import Case, Intervention, StatisticsTally
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.cases import (
    OutcomeMissing,
    case_assess,
    case_transition,
    intervention_add,
    intervention_remove,
)
from reporting.services.reports import report_intake, report_submit
from reporting.services.tallies import tallies_rebuild
from reporting.statistics.counts import NOT_DISCRIMINATION, SPAM, YearCounts
from reporting.vocabulary.documentation import (
    RECORDED_BY_HAND,
    Actor,
    Consequence,
    CounsellingOutcome,
)
from reporting.vocabulary.roles import Role
from reporting.vocabulary.taxonomy import (
    Area,
    Channel,
    District,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)
from reporting.vocabulary.workflow import allowed_next
from tests.factories import submission

pytestmark = pytest.mark.django_db
EXCLUDED_AS = {"SPAM": SPAM, "NOT_DISCRIMINATION": NOT_DISCRIMINATION}
FIGURES = (
    "excluded", "singles", "district_grounds", "grounds_areas", "forms", "agg",
    "incident_types", "channel", "actor", "multidimensional", "consequences", "interventions", "outcome",
    "linked",
)  # fmt: skip


def assert_tallies_match_the_cases(year: int) -> None:
    """On both bases, and with SQLite's streamed count as with PostgreSQL's grouped one."""
    tallied = year_counts(year)
    for streamed in {True, connection.vendor != "postgresql"}:
        scanned = year_counts_scanned(year, streamed=streamed)
        for basis in ("reports", "incidents"):
            ours, theirs = (
                (tallied, scanned) if basis == "reports" else (tallied.incidents, scanned.incidents)
            )
            for name in FIGURES:
                assert dict(getattr(ours, name)) == dict(getattr(theirs, name)), (basis, name)
    assert tallied.incidents.excluded == {}


def test_every_figure_of_the_year_counts_is_compared():
    counted = {
        name for name in YearCounts.__dataclass_fields__ if name not in ("year", "incidents")
    }
    assert counted == set(FIGURES)


# "No consequences known" goes alone (case_assess refuses it beside another).
CONSEQUENCES = [c for c in Consequence.values if c != Consequence.NONE_KNOWN]


def some(rng, choices, most=2) -> list[str]:
    return rng.sample(list(choices.values), rng.randint(0, most))


def submit(rng, staff=None):
    """A report sent online, or with `staff` one they took down by a random channel."""
    sent = submission(
        language=rng.choice(["de", "ar", "uk"]),
        district=rng.choice(list(District.values)),
        grounds=some(rng, Ground) or ["RACISM"],
        areas=some(rng, Area) or ["WORK"],
        forms=some(rng, Form),
        incident_types=some(rng, IncidentType),
        reporter_role=rng.choice(list(ReporterRole.values)),
        reported_to_police=rng.choice(list(PoliceReport.values)),
    )
    channel = rng.choice(list(Channel.values)) if staff is not None else Channel.WEB
    if channel == Channel.WEB:
        return report_submit(submission=sent).report.case
    return report_intake(
        submission=sent, channel=channel, actor=staff, receipt=rng.random() < 0.5
    ).report.case


def assess(rng, case, actor):
    case_assess(
        case=case,
        actor=actor,
        expected_version=case.version,
        grounds=some(rng, Ground, 3),
        areas=some(rng, Area),
        forms=some(rng, Form),
        district=rng.choice(list(District.values)),
        incident_month=rng.choice(["", "2024-12", timezone.localdate().strftime("%Y-%m")]),
        is_discrimination=rng.choice([True, None, False]),
        agg_scope=rng.choice(["AUTO", "AUTO", "PROTECTED", "OUTSIDE", "UNDECIDED"]),
        incident_types=some(rng, IncidentType),
        responsible_actor=rng.choice(["", *Actor.values]),
        multidimensional=rng.choice([True, False]),
        consequences=rng.sample(CONSEQUENCES, rng.randint(0, 2)),
        outcome=rng.choice(["", *CounsellingOutcome.values]),
    )


def intervene(rng, case, actor):
    """Add an intervention, or take one back."""
    recorded = list(Intervention.objects.filter(case=case))
    if recorded and rng.random() < 0.3:
        intervention_remove(
            intervention=rng.choice(recorded), actor=actor, expected_version=case.version
        )
        return
    intervention_add(
        case=case,
        actor=actor,
        kind=rng.choice(RECORDED_BY_HAND)[0],
        occurred_on=timezone.localdate(),
        notes=rng.choice(["", "Gespräch, Termin vereinbart."]),
        expected_version=case.version,
    )


@pytest.mark.parametrize("seed", range(4))
def test_tallies_follow_submissions_assessments_and_status_changes(
    association_keyring, make_staff, seed
):
    rng = random.Random(seed)
    actor = make_staff(Role.CASEWORKER)
    cases = [submit(rng, actor) for _ in range(3)]
    for _ in range(30):
        draw = rng.random()
        if draw < 0.25:
            cases.append(submit(rng, actor))
            continue
        case = Case.objects.select_related("report").get(pk=rng.choice(cases).pk)
        if draw < 0.55:
            assess(rng, case, actor)
        elif draw < 0.75:
            intervene(rng, case, actor)
        else:
            to_status = rng.choice(allowed_next(case.status))
            # Closing counselling without an outcome is refused: nothing moves.
            with contextlib.suppress(OutcomeMissing):
                case_transition(
                    case=case, actor=actor, to_status=to_status, expected_version=case.version
                )
    assert_tallies_match_the_cases(timezone.localdate().year)


def test_a_refused_change_moves_no_tally(association_keyring, make_staff):
    from reporting.vocabulary.errors import Conflict

    case = submit(random.Random(9))
    before = list(StatisticsTally.objects.values_list("figure", "key", "count"))
    with pytest.raises(Conflict):
        case_transition(
            case=case,
            actor=make_staff(Role.CASEWORKER),
            to_status="SPAM",
            expected_version=case.version + 1,
        )
    assert list(StatisticsTally.objects.values_list("figure", "key", "count")) == before


def test_rebuilding_gives_the_same_tallies(association_keyring, make_staff):
    rng = random.Random(3)
    actor = make_staff(Role.CASEWORKER)
    for _ in range(6):
        assess(rng, submit(rng, actor), actor)
    kept = set(
        StatisticsTally.objects.exclude(count=0).values_list("year", "figure", "key", "count")
    )
    tallies_rebuild()
    assert set(StatisticsTally.objects.values_list("year", "figure", "key", "count")) == kept


def test_synthetic_seeding_counts_its_year(association_keyring):
    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.selectors.keys import association_public_keys

    create_synthetic_reports(count=40, year=2024, recipients=association_public_keys(), seed=5)
    assert year_counts(2024).included + sum(year_counts(2024).excluded.values()) == 40
    assert_tallies_match_the_cases(2024)


@pytest.mark.parametrize("verdict", ["SPAM", "NOT_DISCRIMINATION"])
def test_closing_or_reopening_a_case_keeps_its_verdict_out_of_the_reports(
    association_keyring, make_staff, verdict
):
    actor = make_staff(Role.CASEWORKER)
    case = submit(random.Random(11))
    year = case.received_on.year
    case_transition(case=case, actor=actor, to_status="IN_REVIEW", expected_version=case.version)
    for to_status in [verdict, "CLOSED", "IN_REVIEW"]:
        case_transition(case=case, actor=actor, to_status=to_status, expected_version=case.version)
        counts = year_counts(year)
        assert (counts.included, counts.excluded) == (0, {EXCLUDED_AS[verdict]: 1}), to_status
        assert_tallies_match_the_cases(year)
    # Another outcome replaces the verdict: the report counts again.
    case_transition(case=case, actor=actor, to_status="DOCUMENTED", expected_version=case.version)
    assert year_counts(year).included == 1
    assert_tallies_match_the_cases(year)


def test_a_report_taken_by_phone_counts_under_phone(association_keyring, make_staff):
    staff = make_staff(Role.CASEWORKER)
    report = report_intake(
        submission=submission(), channel=Channel.PHONE, actor=staff, receipt=False
    ).report
    assert report.case.channel == Channel.PHONE
    counts = year_counts(report.created_on.year)
    assert dict(counts.channel) == {Channel.PHONE: 1}
    assert_tallies_match_the_cases(report.created_on.year)
