"""visible_case's compiled fast path carries the visibility rule in its SQL."""

import pytest

from reporting.models import Case
from reporting.models.cases import CaseQuerySet
from reporting.selectors import cases as selectors
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(association_keyring):
    return [report_submit(submission=submission()).report.case for _ in range(2)]


def test_a_caseworker_reads_a_case_and_others_get_none(two_cases, make_staff):
    case = two_cases[0]
    assert selectors.visible_case(make_staff(Role.CASEWORKER), case.pk).pk == case.pk
    assert selectors.visible_case(make_staff(Role.PARTNER, grant=False), case.pk) is None
    assert selectors.visible_case(make_staff(Role.STATISTICS, grant=False), case.pk) is None


def test_the_fast_path_cannot_return_a_case_its_scope_hides(two_cases, make_staff, monkeypatch):
    """A narrower rule in the queryset (as member organisations will have) reaches the
    compiled SQL: the fast path is built from `in_scope`, not beside it."""
    hidden, shown = two_cases
    original = CaseQuerySet.in_scope
    monkeypatch.setattr(
        CaseQuerySet,
        "in_scope",
        lambda self, scope: original(self, scope).exclude(pk=hidden.pk),
    )
    selectors._case_with_relations.cache_clear()
    try:
        caseworker = make_staff(Role.CASEWORKER)
        assert Case.objects.visible_to(caseworker).filter(pk=hidden.pk).count() == 0
        assert selectors.visible_case(caseworker, hidden.pk) is None
        assert selectors.visible_case(caseworker, shown.pk).pk == shown.pk
    finally:
        selectors._case_with_relations.cache_clear()
