"""Field groups of empty forms shared per process (frontend/shared_field_groups.py): the
same markup as Django's own, never a text anybody wrote, never options that differ per
case, never a form with input."""

import datetime

import pytest
from django.forms import BoundField
from django.utils import translation

from frontend import shared_field_groups
from frontend.office.deadline_forms import DeadlineDateForm, DeadlineRecordForm, FollowUpForm
from frontend.office.directory_forms import ExternalReferralForm
from frontend.office.forms import (
    BodyForm,
    CasePanelForm,
    InterventionForm,
    MessageForm,
    TranslationForm,
)
from frontend.shared_field_groups import SharedFieldGroup

DAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def empty_cache():
    shared_field_groups._SHARED.clear()
    yield
    shared_field_groups._SHARED.clear()


class _Case:
    status = "NEW"
    version = 3
    assignee = None
    member_organisation_id = None


def _forms():
    classification = {
        "grounds": ["RACISM", "AGE"], "areas": [], "forms": [], "incident_types": [],
        "responsible_actor": "", "district": "14612", "incident_month": "2025-03",
        "is_discrimination": None, "multidimensional": False, "consequences": [],
        "agg_scope": "auto", "outcome": "",
    }  # fmt: skip
    return [
        BodyForm(prefix="note"),
        MessageForm(prefix="message"),
        InterventionForm(prefix="intervention", initial={"version": 3, "occurred_on": DAY}),
        DeadlineRecordForm(initial={"starts_on": DAY}, auto_id="id_deadline_%s"),
        DeadlineDateForm(
            initial={"deadline": 4, "on": DAY}, auto_id="id_deadline4_%s", action="pause"
        ),
        DeadlineDateForm(
            initial={"deadline": 4, "on": DAY}, auto_id="id_deadline4_%s", action="resume"
        ),
        FollowUpForm(initial={"due_on": DAY, "note": ""}, auto_id="id_follow_up_%s"),
        TranslationForm(texts=[("7", "The reporter's message of 2026-06-01 10:00")]),
        ExternalReferralForm(initial={"referred_on": DAY}),
        CasePanelForm.for_case(_Case(), classification),
    ]


def _plain(field) -> str:
    return BoundField.as_field_group(field)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_shared_group_is_what_django_writes(language):
    with translation.override(language):
        for _ in range(2):  # the first fills the cache, the second reads it
            for form in _forms():
                assert form.bound_field_class is SharedFieldGroup
                for field in form:
                    assert field.as_field_group() == _plain(field), (type(form), field.name)
    assert shared_field_groups._SHARED


@pytest.mark.django_db
def test_each_language_has_its_own():
    with translation.override("de"):
        german = InterventionForm(prefix="intervention")["notes"].as_field_group()
    with translation.override("en"):
        english = InterventionForm(prefix="intervention")["notes"].as_field_group()
    assert "Notes (optional, only for the team)" in english
    assert german != english and "Notes" not in german


def test_a_text_somebody_wrote_is_never_kept():
    form = FollowUpForm(initial={"due_on": DAY, "note": "Rückruf bei Frau Beispiel"})
    assert "Rückruf bei Frau Beispiel" in form["note"].as_field_group()
    assert not any("Rückruf" in str(key) for key in shared_field_groups._SHARED)
    assert not any("Rückruf" in html for html in shared_field_groups._SHARED.values())


def test_a_value_outside_the_choices_is_not_kept():
    form = DeadlineRecordForm(initial={"kind": "<script>", "starts_on": DAY})
    form["kind"].as_field_group()
    assert not any(key[5] == "kind" for key in shared_field_groups._SHARED)


def test_options_chosen_per_page_are_part_of_the_key():
    first = TranslationForm(texts=[("7", "Nachricht vom 2026-06-01 10:00")])
    second = TranslationForm(texts=[("8", "Nachricht vom 2026-06-02 11:00")])
    first_group, second_group = (
        first["message"].as_field_group(),
        second["message"].as_field_group(),
    )
    assert "2026-06-01" in first_group and "2026-06-02" not in first_group
    assert "2026-06-02" in second_group and "2026-06-01" not in second_group
    assert first_group == _plain(first["message"]) and second_group == _plain(second["message"])


@pytest.mark.django_db
def test_the_next_statuses_are_per_case_and_the_assignee_is_read_each_time():
    class Closed(_Case):
        status = "CLOSED"

    new = CasePanelForm.for_case(_Case(), {"responsible_actor": ""})
    closed = CasePanelForm.for_case(Closed(), {"responsible_actor": ""})
    assert new["to_status"].as_field_group() == _plain(new["to_status"])
    assert closed["to_status"].as_field_group() == _plain(closed["to_status"])
    assert new["to_status"].as_field_group() != closed["to_status"].as_field_group()
    new["assignee"].as_field_group()
    assert not any(key[5] == "assignee" for key in shared_field_groups._SHARED)


def test_a_form_with_input_is_rendered_as_usual():
    form = BodyForm({"note-body": ""}, prefix="note")
    form.is_valid()
    group = form["body"].as_field_group()
    assert "errorlist" in group
    assert not shared_field_groups._SHARED


def test_a_full_cache_starts_again(monkeypatch):
    monkeypatch.setattr(shared_field_groups, "_MAX_ENTRIES", 2)
    for day in range(1, 5):
        DeadlineRecordForm(initial={"starts_on": DAY.replace(day=day)})[
            "starts_on"
        ].as_field_group()
    assert len(shared_field_groups._SHARED) <= 2
