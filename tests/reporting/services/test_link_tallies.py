"""Property tests of linked incidents: after any sequence of intake, linking, marking
duplicates, unlinking, assessments and status changes the tallies equal a full recount
of the cases, the network's totals equal the sum over its organisations (each member
organisation's own cases and the association's), and every incident counts once."""

import contextlib
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.models import Case, CaseLink, CaseShare, Organisation
from reporting.models.cases import COUNTS_AS_INCIDENT, COUNTS_AS_REPORT, CaseQuerySet
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.cases import case_assess, case_transition
from reporting.services.links import case_link, case_unlink
from reporting.services.reports import report_submit
from reporting.services.shares import case_share, case_share_end
from reporting.services.tallies import tallies_rebuild
from reporting.statistics.counts import YearCounts, tallies_of_counts
from reporting.vocabulary.errors import DomainError
from reporting.vocabulary.roles import Role
from reporting.vocabulary.workflow import allowed_next
from tests.factories import submission
from tests.reporting.services.test_tallies import assert_tallies_match_the_cases

pytestmark = pytest.mark.django_db

# One step: (what, a case drawn by index, another case, a choice).
STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["intake", "link", "duplicate", "unlink", "assess", "status", "share", "unshare"]
        ),
        st.integers(0, 30),
        st.integers(0, 30),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=14,
)


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """Each example starts from the same database: its rows are rolled back."""
    with contextlib.suppress(_Rollback), transaction.atomic():
        yield
        raise _Rollback


def _run(steps, actor, owners) -> list[Case]:
    cases: list[Case] = []

    def intake(choice):
        case = report_submit(
            submission=submission(
                consent_referral=choice % 2 == 0,
                grounds=[["RACISM"], ["RELIGION", "GENDER"], ["AGE"]][choice % 3],
            )
        ).report.case
        owner = owners[choice % len(owners)]
        if owner is not None:  # a member organisation's own case (their intake is H1's)
            Case.objects.filter(pk=case.pk).update(member_organisation=owner)
        cases.append(case)

    intake(0)
    for what, i, j, choice in steps:
        if what == "intake":
            intake(choice)
            continue
        case = Case.objects.select_related("report").get(pk=cases[i % len(cases)].pk)
        other = Case.objects.get(pk=cases[j % len(cases)].pk)
        # A refused step (itself, a cycle, no consent, not linked, not allowed) moves nothing.
        with contextlib.suppress(DomainError):
            if what in ("link", "duplicate"):
                kind = CaseLink.SAME_INCIDENT if what == "link" else CaseLink.DUPLICATE
                case_link(
                    case=case, lead=other, kind=kind, actor=actor, expected_version=case.version
                )
            elif what == "unlink":
                case_unlink(case=case, actor=actor, expected_version=case.version)
            elif what == "share":  # a member organisation shares its own case
                case_share(case=case, actor=None, summary="Kurz (fiktiv)")
            elif what == "unshare":  # its reporter withdrew consent: the share ends
                case_share_end(case=case, actor=None)
            elif what == "assess":
                case_assess(
                    case=case,
                    actor=actor,
                    expected_version=case.version,
                    grounds=["RACISM"],
                    areas=["HOUSING", "WORK"][: 1 + choice % 2],
                    forms=["DIRECT"],
                    district="14713",
                    incident_month="",
                    is_discrimination=[True, True, None, False][choice % 4],
                )
            else:
                next_ = allowed_next(case.status)
                case_transition(
                    case=case,
                    actor=actor,
                    to_status=next_[choice % len(next_)],
                    expected_version=case.version,
                )
    return cases


def _sum(parts: list[YearCounts], year: int) -> Counter:
    total = Counter()
    for part in parts:
        total.update(tallies_of_counts(part))
    return +total


@pytest.fixture
def everything_visible(monkeypatch):
    """Cases of every owner visible: the rules of the link itself (consent, sharing, one
    side the association's) decide, not what the caseworker sees."""
    monkeypatch.setattr(CaseQuerySet, "visible_to", lambda self, user: self)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_tallies_equal_a_recount_and_the_network_the_sum_of_its_organisations(
    association_keyring, make_staff, make_member, everything_visible, steps
):
    actor = make_staff(Role.CASEWORKER)
    member = Organisation.objects.filter(kind=Organisation.Kind.MEMBER).first() or make_member(
        "Beratung Ost (fiktiv)", partner=False
    )
    year = timezone.localdate().year
    with rolled_back():
        _run(steps, actor, [None, member, None])
        assert_tallies_match_the_cases(year)
        # Every linked case points at a lead: no chain.
        assert not Case.objects.filter(linked_to__linked_to__isnull=False).exists()
        # The network's tallies are the sum of each organisation's recount.
        owners = [Q(member_organisation__isnull=True), Q(member_organisation=member)]
        parts = [year_counts_scanned(year, where=owner) for owner in owners]
        assert _sum(parts, year) == +tallies_of_counts(year_counts(year))
        # Each incident once: the reports basis counts every report but duplicates, the
        # incidents basis each lead or unlinked case the team confirmed, whatever is
        # linked to it.
        counts = year_counts(year)
        counted = Case.objects.filter(COUNTS_AS_REPORT, excluded_as="").exclude(
            is_discrimination=False
        )
        assert counts.included == counted.count()
        assert (
            counts.confirmed == counted.filter(COUNTS_AS_INCIDENT, is_discrimination=True).count()
        )
        # A rebuild from the cases gives the same tallies.
        kept = +tallies_of_counts(year_counts(year))
        tallies_rebuild([year])
        assert +tallies_of_counts(year_counts(year)) == kept


def _assert_links_across_owners_are_shared() -> None:
    """Every link across owners joins a member organisation's shared case to one of the
    association's: never two member organisations, never a case no longer shared."""
    linked = Case.objects.filter(linked_to__isnull=False)
    for case in linked.select_related("linked_to", "report", "linked_to__report"):
        sides = [case, case.linked_to]
        if case.member_organisation_id == case.linked_to.member_organisation_id:
            continue
        members = [side for side in sides if side.member_organisation_id is not None]
        assert len(members) == 1, "two member organisations' cases linked"
        assert CaseShare.objects.filter(case=members[0], ended_at__isnull=True).exists()
        assert all(side.report.consent_referral for side in sides)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_links_across_organisations_through_shares_keep_the_tallies(
    association_keyring, make_staff, make_member, steps
):
    """As the association's caseworkers see it: two member organisations, whose cases
    they may link only while shared with them."""
    actor = make_staff(Role.CASEWORKER)
    members = list(Organisation.objects.filter(kind=Organisation.Kind.MEMBER)[:2])
    while len(members) < 2:
        members.append(make_member(f"Beratung {len(members)} (fiktiv)", partner=False))
    year = timezone.localdate().year
    with rolled_back():
        _run(steps, actor, [None, members[0], members[1]])
        assert_tallies_match_the_cases(year)
        assert not Case.objects.filter(linked_to__linked_to__isnull=False).exists()
        _assert_links_across_owners_are_shared()
        owners = [Q(member_organisation__isnull=True), *(Q(member_organisation=m) for m in members)]
        parts = [year_counts_scanned(year, where=owner) for owner in owners]
        assert _sum(parts, year) == +tallies_of_counts(year_counts(year))
