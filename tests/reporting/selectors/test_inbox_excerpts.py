"""The inbox's excerpts and the case timeline (issue 21)."""

import datetime

import pytest

from reporting.crypto import PrivateKey
from reporting.models import Case
from reporting.selectors.cases import (
    EXCERPT_LENGTH,
    EntryKind,
    case_detail,
    case_timeline,
    excerpt_of,
    inbox_excerpts,
)
from reporting.services.cases import intervention_add, note_add, staff_message_send
from reporting.services.reports import report_submit
from reporting.services.retention import case_content_destroy
from reporting.vocabulary.roles import Role
from tests.factories import submission


def test_an_excerpt_is_one_line_cut_at_a_word():
    assert excerpt_of("Kurz.\n\nUnd  knapp.") == "Kurz. Und knapp."
    long = "Wort " * 40
    cut = excerpt_of(long)
    assert cut.endswith("Wort…") and len(cut) <= EXCERPT_LENGTH + 1
    assert excerpt_of("x" * 200) == "x" * EXCERPT_LENGTH + "…"  # no word to cut at


@pytest.mark.django_db
def test_excerpts_open_with_the_keys_given_and_skip_what_does_not_open(
    association_keyring, association_private_key
):
    kept = report_submit(submission=submission(narrative="Beim Bäcker.")).report.case
    destroyed = report_submit(submission=submission()).report.case
    case_content_destroy(case_id=destroyed.pk)
    cases = list(Case.objects.order_by("pk"))
    assert inbox_excerpts(cases, [association_private_key]) == {kept.pk: "Beim Bäcker."}
    assert inbox_excerpts(cases, []) == {}
    assert inbox_excerpts(cases, [PrivateKey.generate()]) == {}  # a wrong key: no excerpt


@pytest.mark.django_db
def test_the_timeline_is_oldest_first_across_kinds(make_staff, association_private_key):
    caseworker = make_staff(Role.CASEWORKER)
    case = report_submit(submission=submission()).report.case
    note_add(case=case, actor=caseworker, body="Notiz")
    staff_message_send(case=case, actor=caseworker, body="Antwort")
    intervention_add(case=case, actor=caseworker, kind="COUNSELLING", expected_version=1,
                     occurred_on=case.received_on - datetime.timedelta(days=1))  # fmt: skip
    case = Case.objects.select_related("report").get()
    entries = case_timeline(case_detail(case, [association_private_key]))
    assert [e.kind for e in entries] == [
        EntryKind.INTERVENTION,
        EntryKind.NOTE,
        EntryKind.TO_REPORTER,
    ]
    assert (
        entries[0].title
        and entries[0].at == (case.received_on - datetime.timedelta(days=1)).isoformat()
    )
