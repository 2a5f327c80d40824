"""Linking cases: always to the lead, never a chain or a cycle, only visible cases, other
owners only with both reporters' consent, audited on both sides, optimistic locking; the
tallies move with the link."""

import pytest
from django.utils import timezone

from reporting.models import AuditEvent, Case, CaseLink, CaseShare, StatisticsTally
from reporting.models.cases import CaseQuerySet
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.cases import case_assess
from reporting.services.links import (
    CaseNotVisible,
    LeadNotVisible,
    LinkCycle,
    LinkNeedsConsent,
    LinkToItself,
    NotLinked,
    case_link,
    case_unlink,
)
from reporting.services.reports import report_submit
from reporting.vocabulary.errors import Conflict, ValidationFailed
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db

SAME, DUPLICATE = CaseLink.SAME_INCIDENT, CaseLink.DUPLICATE


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def new_case(**overrides) -> Case:
    return report_submit(submission=submission(**overrides)).report.case


def fresh(case: Case) -> Case:
    return Case.objects.select_related("report").get(pk=case.pk)


def link(case, lead, kind, actor) -> Case:
    case = fresh(case)
    return case_link(
        case=case, lead=fresh(lead), kind=kind, actor=actor, expected_version=case.version
    )


def confirm(case, actor) -> None:
    """Assess the case as discrimination: it counts on the basis of incidents."""
    case = fresh(case)
    case_assess(
        case=case,
        actor=actor,
        expected_version=case.version,
        grounds=["RACISM"],
        areas=["HOUSING"],
        forms=["DIRECT"],
        district="14713",
        incident_month="",
        is_discrimination=True,
    )


def test_three_linked_reports_are_one_incident_and_three_reports(caseworker):
    a, b, c = new_case(), new_case(), new_case()
    for case in (a, b, c):
        confirm(case, caseworker)
    year = timezone.localdate().year
    assert (year_counts(year).included, year_counts(year).confirmed) == (3, 3)
    link(b, a, SAME, caseworker)
    link(c, a, SAME, caseworker)
    counts = year_counts(year)
    assert (counts.included, counts.confirmed) == (3, 1)
    assert counts == year_counts_scanned(year)


def test_a_duplicate_is_no_report_and_unlinking_counts_it_again(caseworker):
    a, b = new_case(), new_case()
    confirm(b, caseworker)
    year = timezone.localdate().year
    link(b, a, DUPLICATE, caseworker)
    assert (year_counts(year).included, year_counts(year).confirmed) == (1, 0)
    assert year_counts(year) == year_counts_scanned(year)
    case_unlink(case=fresh(b), actor=caseworker, expected_version=fresh(b).version)
    assert (year_counts(year).included, year_counts(year).confirmed) == (2, 1)
    assert fresh(b).linked_to is None and fresh(b).link_kind == ""


def test_linking_to_a_linked_case_links_to_its_lead(caseworker):
    a, b, c = new_case(), new_case(), new_case()
    link(b, a, SAME, caseworker)
    assert link(c, b, SAME, caseworker).pk == a.pk
    assert fresh(c).linked_to_id == a.pk


def test_a_lead_linked_elsewhere_takes_its_cases_along(caseworker):
    a, b, c = new_case(), new_case(), new_case()
    link(b, a, SAME, caseworker)
    link(a, c, SAME, caseworker)
    assert {x.pk: x.linked_to_id for x in map(fresh, (a, b, c))} == {
        a.pk: c.pk, b.pk: c.pk, c.pk: None
    }  # fmt: skip
    assert not Case.objects.filter(linked_to__linked_to__isnull=False).exists()  # no chain


def test_linking_to_itself_or_into_a_cycle_is_refused(caseworker):
    a, b = new_case(), new_case()
    with pytest.raises(LinkToItself):
        link(a, a, SAME, caseworker)
    link(b, a, SAME, caseworker)
    with pytest.raises(LinkCycle) as refused:
        link(a, b, SAME, caseworker)
    assert refused.value.fields == {"lead": [str(LinkCycle.message)]}
    assert fresh(a).linked_to is None


def test_a_wrong_kind_is_a_field_error(caseworker):
    a, b = new_case(), new_case()
    with pytest.raises(ValidationFailed) as refused:
        link(b, a, "SAME", caseworker)
    assert list(refused.value.fields) == ["kind"]


def test_a_stale_version_is_a_conflict_and_moves_nothing(caseworker):
    a, b = new_case(), new_case()
    before = list(StatisticsTally.objects.values_list("figure", "key", "count"))
    with pytest.raises(Conflict):
        case_link(
            case=fresh(b), lead=fresh(a), kind=DUPLICATE, actor=caseworker,
            expected_version=fresh(b).version + 1,
        )  # fmt: skip
    assert fresh(b).linked_to is None
    assert list(StatisticsTally.objects.values_list("figure", "key", "count")) == before


def test_both_cases_must_be_visible(caseworker, make_member, make_staff):
    member = make_member("Beratung Nord (fiktiv)")
    theirs, ours = new_case(), new_case()
    Case.objects.filter(pk=theirs.pk).update(member_organisation=member)
    with pytest.raises(LeadNotVisible) as refused:
        link(ours, theirs, SAME, caseworker)
    assert list(refused.value.fields) == ["lead"]
    with pytest.raises(CaseNotVisible):
        link(theirs, ours, SAME, caseworker)
    partner = make_staff(Role.PARTNER, organisation=member)
    with pytest.raises(CaseNotVisible):
        link(ours, new_case(), SAME, partner)


def test_another_owners_case_needs_both_consents(caseworker, make_member, monkeypatch):
    """Once a case of another owner is visible (a member organisation shares it), the
    link still needs both reporters' consent to passing on."""
    monkeypatch.setattr(CaseQuerySet, "visible_to", lambda self, user: self)
    member = make_member("Beratung Süd (fiktiv)")
    theirs = new_case(consent_referral=True)
    Case.objects.filter(pk=theirs.pk).update(member_organisation=member)
    CaseShare.objects.create(case=theirs, consent_version="1", shared_at=timezone.now())
    without, with_consent = new_case(), new_case(consent_referral=True)
    with pytest.raises(LinkNeedsConsent):
        link(without, theirs, SAME, caseworker)
    link(with_consent, theirs, SAME, caseworker)
    assert fresh(with_consent).linked_to_id == theirs.pk
    # Linked through its lead: the same owner's case still needs the consent.
    with pytest.raises(LinkNeedsConsent):
        link(without, with_consent, SAME, caseworker)
    # A lead's own cases move only where consent allows it too.
    case_unlink(
        case=fresh(with_consent), actor=caseworker, expected_version=fresh(with_consent).version
    )
    link(without, with_consent, SAME, caseworker)
    with pytest.raises(LinkNeedsConsent):
        link(with_consent, theirs, DUPLICATE, caseworker)


def test_link_and_unlink_are_audited_on_both_cases_naming_the_other(caseworker):
    a, b, c, d = new_case(), new_case(), new_case(), new_case()
    link(b, a, SAME, caseworker)
    link(b, c, DUPLICATE, caseworker)
    case_unlink(case=fresh(b), actor=caseworker, expected_version=fresh(b).version)
    link(d, b, SAME, caseworker)
    link(b, a, SAME, caseworker)  # d follows b to a

    def events(case):
        return list(
            AuditEvent.objects.filter(case=case, actor=caseworker)
            .order_by("id")
            .values_list("verb", "other_case")
        )

    V = AuditEvent.Verb
    assert events(b) == [
        (V.CASE_LINKED, a.pk),
        (V.CASE_LINKED, c.pk),
        (V.CASE_UNLINKED, c.pk),
        (V.LINK_RECEIVED, d.pk),
        (V.CASE_LINKED, a.pk),
        (V.LINK_REMOVED, d.pk),
    ]
    assert events(a) == [
        (V.LINK_RECEIVED, b.pk),
        (V.LINK_REMOVED, b.pk),
        (V.LINK_RECEIVED, b.pk),
        (V.LINK_RECEIVED, d.pk),
    ]
    assert events(c) == [(V.LINK_RECEIVED, b.pk), (V.LINK_REMOVED, b.pk)]
    assert events(d) == [(V.CASE_LINKED, b.pk), (V.CASE_LINKED, a.pk)]


def test_unlinking_a_case_of_its_own_is_refused(caseworker):
    a = new_case()
    with pytest.raises(NotLinked):
        case_unlink(case=fresh(a), actor=caseworker, expected_version=fresh(a).version)


def test_linking_bumps_the_version(caseworker):
    a, b = new_case(), new_case()
    version = fresh(b).version
    link(b, a, SAME, caseworker)
    assert fresh(b).version == version + 1
