"""Form copies share their choice lists but stay independent of each other."""

from frontend.office.forms import AssessmentForm, TransitionForm


def test_replacing_one_forms_choices_leaves_other_forms_alone():
    narrowed, other = TransitionForm(), TransitionForm()
    narrowed.fields["to_status"].choices = [("CLOSED", "Closed")]
    assert [value for value, _label in narrowed.fields["to_status"].widget.choices] == ["CLOSED"]
    assert len(other.fields["to_status"].choices) > 1
    assert len(other.fields["to_status"].widget.choices) > 1
    assert len(TransitionForm().fields["to_status"].choices) > 1


def test_copies_share_the_declared_choices_and_copy_the_widget():
    first, second = AssessmentForm(), AssessmentForm()
    declared = AssessmentForm.base_fields["grounds"]
    assert first.fields["grounds"].choices is declared.choices
    assert first.fields["grounds"] is not second.fields["grounds"]
    assert first.fields["grounds"].widget is not second.fields["grounds"].widget
    first.fields["grounds"].widget.attrs["class"] = "changed"
    assert "class" not in second.fields["grounds"].widget.attrs
