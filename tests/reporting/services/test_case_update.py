"""The case page's one save of status, assignee and classification (issue 21)."""

import pytest

from reporting.models import AuditEvent, Case, CaseStatus
from reporting.selectors.cases import classification_of
from reporting.services.cases import OutcomeMissing, case_transition, case_update
from reporting.services.reports import report_submit
from reporting.vocabulary.errors import Conflict, TransitionNotAllowed
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


@pytest.fixture
def case(association_keyring):
    return report_submit(submission=submission()).report.case


def _fresh(case):
    return Case.objects.select_related("assessment").get(pk=case.pk)


def _verbs(case):
    return list(AuditEvent.objects.filter(case=case).order_by("id").values_list("verb", flat=True))


def test_status_assignee_and_classification_in_one_save(case, caseworker):
    wanted = classification_of(case) | {"grounds": ["AGE"], "is_discrimination": True}
    changed = case_update(case=case, actor=caseworker, expected_version=1,
                          to_status=CaseStatus.IN_REVIEW, assignee=caseworker,
                          classification=wanted)  # fmt: skip
    assert changed == ["assignee", "classification", "status"]
    case = _fresh(case)
    assert (case.status, case.assignee, case.grounds) == ("IN_REVIEW", caseworker, ["AGE"])
    assert case.assessment.is_discrimination is True
    # Each part through its own service: each wrote its audit row.
    assert _verbs(case)[-3:] == ["ASSIGNED", "ASSESSED", "TRANSITION"]


def test_what_did_not_change_is_not_written(case, caseworker):
    unchanged = classification_of(case)
    unchanged["grounds"] = list(reversed(unchanged["grounds"]))  # the order means nothing
    before = _verbs(case)
    assert case_update(case=case, actor=caseworker, expected_version=1, to_status=case.status,
                       assignee=None, classification=unchanged) == []  # fmt: skip
    case = _fresh(case)
    assert (case.version, _verbs(case)) == (1, before)
    assert not hasattr(case, "assessment")  # the reporter's classification still applies


def test_a_refused_status_leaves_nothing_saved(case, caseworker):
    with pytest.raises(TransitionNotAllowed):
        case_update(case=case, actor=caseworker, expected_version=1, to_status=CaseStatus.CLOSED,
                    assignee=caseworker, classification=classification_of(case) | {"grounds": ["AGE"]})  # fmt: skip
    case = _fresh(case)
    assert (case.version, case.assignee, case.status) == (1, None, CaseStatus.NEW)
    assert not hasattr(case, "assessment")
    assert "ASSIGNED" not in _verbs(case)


def test_closing_counselling_with_the_outcome_in_the_same_save(case, caseworker):
    for status in (CaseStatus.IN_REVIEW, CaseStatus.IN_COUNSELLING):
        case_transition(
            case=case, actor=caseworker, to_status=status, expected_version=case.version
        )
    case = _fresh(case)
    with pytest.raises(OutcomeMissing):
        case_update(case=case, actor=caseworker, expected_version=case.version, to_status=CaseStatus.CLOSED,
                    assignee=None, classification=classification_of(case))  # fmt: skip
    case = _fresh(case)
    # The classification goes first, so its outcome lets counselling close.
    case_update(case=case, actor=caseworker, expected_version=case.version, to_status=CaseStatus.CLOSED,
                assignee=None, classification=classification_of(case) | {"outcome": "APOLOGY"})  # fmt: skip
    assert _fresh(case).status == CaseStatus.CLOSED


def test_a_stale_version_is_a_conflict(case, caseworker):
    case_transition(case=case, actor=caseworker, to_status="IN_REVIEW", expected_version=1)
    stale = Case.objects.get(pk=case.pk)
    with pytest.raises(Conflict):
        case_update(case=stale, actor=caseworker, expected_version=1, to_status="IN_REVIEW",
                    assignee=caseworker, classification=classification_of(stale))  # fmt: skip
    assert _fresh(case).assignee is None
