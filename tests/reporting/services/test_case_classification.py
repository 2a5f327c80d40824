"""The case carries its effective classification (Case.classify): the inbox, the API and
the statistics read it without joining reports and assessments."""

import pytest

from reporting.models import Case
from reporting.services.cases import case_assess
from reporting.services.reports import report_submit
from tests.factories import submission

pytestmark = pytest.mark.django_db


def classification(case: Case) -> dict:
    case.refresh_from_db()
    return {name: getattr(case, name) for name in Case.CLASSIFICATION}


def test_a_new_case_copies_the_reporters_choices(association_keyring):
    report = report_submit(submission=submission()).report
    assert classification(report.case) == {
        "received_on": report.created_on,
        "language": report.language,
        "reporter_role": report.reporter_role,
        "reported_to_police": report.reported_to_police,
        "district": report.district,
        "grounds": report.grounds,
        "areas": report.areas,
        "forms": report.forms,
        "incident_types": report.incident_types,
        "incident_month": report.incident_month,
        "assessed": False,
        "is_discrimination": None,
        "agg_scope": "PROTECTED",  # racism in housing, by the rule
        # Counselling documentation exists only on an assessment.
        "actor": "",
        "multidimensional": None,
        "consequences": [],
        "outcome": "",
        "channel": "WEB",
    }


def test_an_assessment_replaces_the_classification_but_not_the_reports_facts(
    association_keyring, make_staff
):
    from reporting.vocabulary.roles import Role

    report = report_submit(submission=submission()).report
    case = report.case
    case_assess(
        case=case,
        actor=make_staff(Role.CASEWORKER),
        expected_version=case.version,
        grounds=["AGE"],
        areas=["WORK"],
        forms=[],
        district="14511",
        incident_month="",
        is_discrimination=False,
    )
    after = classification(case)
    assert (after["grounds"], after["areas"], after["forms"]) == (["AGE"], ["WORK"], [])
    assert after["agg_scope"] == "PROTECTED"  # age at work, by the rule
    assert (after["district"], after["incident_month"]) == ("14511", "")
    assert (after["assessed"], after["is_discrimination"]) == (True, False)
    # What the reporter did and when stays the reporter's.
    assert (after["received_on"], after["language"]) == (report.created_on, report.language)
    assert after["reporter_role"] == report.reporter_role
    report.refresh_from_db()
    assert report.grounds != ["AGE"]  # the report itself is never changed


def assess(case, actor, **changes):
    values = {
        "grounds": ["RACISM"],
        "areas": ["POLICE_JUSTICE"],
        "forms": [],
        "district": "14511",
        "incident_month": "",
        "is_discrimination": True,
        **changes,
    }
    return case_assess(case=case, actor=actor, expected_version=case.version, **values)


def test_the_agg_scope_follows_ground_and_area_unless_the_caseworker_sets_it(
    association_keyring, make_staff
):
    from reporting.vocabulary.roles import Role

    actor = make_staff(Role.CASEWORKER)
    case = report_submit(submission=submission()).report.case
    assert assess(case, actor).agg_scope == "AUTO"
    assert classification(case)["agg_scope"] == "OUTSIDE"  # a racist police check
    assess(case, actor, agg_scope="PROTECTED")  # they know it was a job at the police
    assert classification(case)["agg_scope"] == "PROTECTED"
    assert case.assessment.agg_scope == "PROTECTED"
    assess(case, actor, areas=["EDUCATION"])  # automatic again
    assert classification(case)["agg_scope"] == "UNDECIDED"


def test_an_unknown_agg_setting_is_refused_and_changes_nothing(association_keyring, make_staff):
    from reporting.services.cases import ERROR_AGG_SCOPE
    from reporting.vocabulary.errors import ValidationFailed
    from reporting.vocabulary.roles import Role

    case = report_submit(submission=submission()).report.case
    before = classification(case)
    with pytest.raises(ValidationFailed) as refused:
        assess(case, make_staff(Role.CASEWORKER), agg_scope="WITHIN_AGG")
    assert refused.value.fields == {"agg_scope": [str(ERROR_AGG_SCOPE)]}
    assert classification(case) == before
    assert not hasattr(case, "assessment")
