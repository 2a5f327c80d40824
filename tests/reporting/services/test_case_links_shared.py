"""Linking across organisations (issue 19): the association's caseworkers link a case a
member organisation shared with them (both reporters consented to passing on) to one of
the association's cases; a case not shared is refused like one that does not exist; the
link is audited on both cases and ends with the sharing; the member organisation's
caseworkers see that their case is linked, nothing of the association's case."""

import pytest
from django.utils import timezone

from reporting.models import AuditEvent, Case, CaseLink
from reporting.selectors.links import case_links
from reporting.selectors.receipts import reporter_access_for_code
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.links import (
    CaseNotVisible,
    LeadNotVisible,
    LinkNeedsConsent,
    LinkWithinMember,
    case_link,
    case_unlink,
)
from reporting.services.referrals import referral_consent_withdraw
from reporting.services.reports import report_intake, report_submit
from reporting.services.shares import case_share
from reporting.services.tallies import tallies_rebuild
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.reporting.services.test_case_links import confirm, fresh

pytestmark = pytest.mark.django_db

SAME, DUPLICATE = CaseLink.SAME_INCIDENT, CaseLink.DUPLICATE
V = AuditEvent.Verb


@pytest.fixture
def world(make_member, make_member_caseworker, make_staff, association_keyring):
    org_a = make_member("Beratung A (Demo)", partner=False)
    org_b = make_member("Beratung B (Demo)", partner=False)
    return {
        "org_a": org_a,
        "org_b": org_b,
        "worker_a": make_member_caseworker(org_a),
        "worker_b": make_member_caseworker(org_b),
        "caseworker": make_staff(Role.CASEWORKER),
    }


def own_case(worker, organisation, *, consent=True):
    submitted = report_intake(
        submission=submission(consent_referral=consent),
        channel="PHONE",
        actor=worker,
        receipt=True,
        attachments=[],
        member_organisation=organisation,
    )
    case = Case.objects.filter(member_organisation=organisation).latest("id")
    case.receipt_code = submitted.receipt_code
    return case


def shared_case(worker, organisation):
    case = own_case(worker, organisation)
    case_share(case=case, actor=worker, summary="Kurz: Wohnungssuche (fiktiv)")
    return case


def association_case(*, consent=True):
    return report_submit(submission=submission(consent_referral=consent)).report.case


def link(case, lead, actor, kind=SAME):
    case = fresh(case)
    return case_link(
        case=case, lead=fresh(lead), kind=kind, actor=actor, expected_version=case.version
    )


def verbs(case):
    return list(AuditEvent.objects.filter(case=case).order_by("id").values_list("verb", flat=True))


def test_a_case_not_shared_is_refused_like_one_that_does_not_exist(world):
    theirs = own_case(world["worker_a"], world["org_a"])
    ours = association_case()
    with pytest.raises(LeadNotVisible):
        link(ours, theirs, world["caseworker"])
    with pytest.raises(CaseNotVisible):
        link(theirs, ours, world["caseworker"])
    assert fresh(ours).linked_to_id is None and fresh(theirs).linked_to_id is None


def test_a_shared_case_is_linked_both_ways_audited_on_both_cases(world):
    caseworker = world["caseworker"]
    theirs = shared_case(world["worker_a"], world["org_a"])
    ours, second = association_case(), association_case()
    assert link(ours, theirs, caseworker) == fresh(theirs)
    assert fresh(ours).linked_to_id == theirs.pk
    assert V.CASE_LINKED in verbs(ours) and V.LINK_RECEIVED in verbs(theirs)
    # From the shared case: it follows the association's case as its lead.
    case_unlink(case=fresh(ours), actor=caseworker, expected_version=fresh(ours).version)
    link(theirs, second, caseworker, DUPLICATE)
    assert (fresh(theirs).linked_to_id, fresh(theirs).link_kind) == (second.pk, DUPLICATE)
    assert verbs(theirs)[-1] == V.CASE_LINKED and verbs(second)[-1] == V.LINK_RECEIVED
    assert verbs(ours)[-1] == V.CASE_UNLINKED and verbs(theirs).count(V.LINK_REMOVED) == 1


def test_both_reporters_consent_is_needed(world):
    caseworker = world["caseworker"]
    theirs = shared_case(world["worker_a"], world["org_a"])
    without = association_case(consent=False)
    with pytest.raises(LinkNeedsConsent):
        link(without, theirs, caseworker)
    with pytest.raises(LinkNeedsConsent):
        link(theirs, without, caseworker)
    assert not AuditEvent.objects.filter(verb=V.CASE_LINKED).exists()


def test_two_member_organisations_cases_are_never_linked(world):
    a = shared_case(world["worker_a"], world["org_a"])
    b = shared_case(world["worker_b"], world["org_b"])
    with pytest.raises(LinkWithinMember):
        link(a, b, world["caseworker"])
    # Not through an association case either: the incident's lead is a member's case.
    ours = association_case()
    link(ours, a, world["caseworker"])
    with pytest.raises(LinkWithinMember):
        link(b, ours, world["caseworker"])
    assert fresh(b).linked_to_id is None


def test_withdrawing_consent_ends_the_link_with_the_sharing(world):
    caseworker = world["caseworker"]
    theirs = shared_case(world["worker_a"], world["org_a"])
    ours, third = association_case(), association_case()
    for case in (theirs, ours, third):
        confirm(case, caseworker)
    link(ours, theirs, caseworker)  # the member's case leads
    other_mine = shared_case(world["worker_a"], world["org_a"])
    link(other_mine, third, caseworker)  # a second shared case, led by the association's
    year = timezone.localdate().year
    assert year_counts(year).confirmed == 2

    referral_consent_withdraw(access=reporter_access_for_code(theirs.receipt_code))

    assert fresh(ours).linked_to_id is None and fresh(ours).link_kind == ""
    assert fresh(other_mine).linked_to_id == third.pk  # its sharing stands
    assert verbs(ours)[-1] == V.CASE_UNLINKED and verbs(theirs)[-2:] == [
        V.SHARE_ENDED,
        V.LINK_REMOVED,
    ]
    counts = year_counts(year)
    assert counts.confirmed == 3 and counts == year_counts_scanned(year)
    before = counts
    tallies_rebuild()
    assert year_counts(year) == before


def test_the_member_caseworker_sees_the_link_not_the_associations_case(world):
    caseworker, worker_a = world["caseworker"], world["worker_a"]
    theirs = shared_case(worker_a, world["org_a"])
    ours = association_case()
    link(theirs, ours, caseworker)
    mine = case_links(fresh(theirs), worker_a)
    assert mine.lead is None and mine.others == [] and mine.elsewhere == 1
    # The association sees the shared case in its panel, by number.
    seen = case_links(fresh(ours), caseworker)
    assert [c.pk for c in seen.others] == [theirs.pk] and seen.elsewhere == 0
    # Another member organisation's caseworker learns nothing.
    assert case_links(fresh(ours), world["worker_b"]).others == []


def test_the_member_caseworker_may_undo_the_link_of_their_case(world):
    theirs = shared_case(world["worker_a"], world["org_a"])
    ours = association_case()
    link(theirs, ours, world["caseworker"])
    case_unlink(case=fresh(theirs), actor=world["worker_a"], expected_version=fresh(theirs).version)
    assert fresh(theirs).linked_to_id is None and verbs(ours)[-1] == V.LINK_REMOVED
    # but cannot link it back: the association's case is not theirs to see.
    with pytest.raises(LeadNotVisible):
        link(theirs, ours, world["worker_a"])


def test_the_association_does_not_link_two_cases_of_one_member(world):
    worker_a, caseworker = world["worker_a"], world["caseworker"]
    first = shared_case(worker_a, world["org_a"])
    second = shared_case(worker_a, world["org_a"])
    with pytest.raises(LinkWithinMember):
        link(first, second, caseworker)
    link(first, second, worker_a)  # the organisation itself may
    with pytest.raises(CaseNotVisible):
        case_unlink(case=fresh(first), actor=caseworker, expected_version=fresh(first).version)
    assert fresh(first).linked_to_id == second.pk


def test_the_associations_reporter_withdrawing_consent_ends_the_link_too(world):
    caseworker = world["caseworker"]
    theirs = shared_case(world["worker_a"], world["org_a"])
    submitted = report_submit(submission=submission(consent_referral=True))
    ours = submitted.report.case
    link(ours, theirs, caseworker)

    referral_consent_withdraw(access=reporter_access_for_code(submitted.receipt_code))

    assert fresh(ours).linked_to_id is None
    assert verbs(ours)[-1] == V.CASE_UNLINKED and verbs(theirs)[-1] == V.LINK_REMOVED
    assert fresh(theirs).share.is_active  # the member's sharing is its reporter's matter
