"""Forms of the case page's deadlines and follow-up (frontend/office/views/deadlines.py)."""

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from frontend import choice_fields
from frontend.shared_field_groups import SharedFieldGroup
from reporting.services.deadlines import FOLLOW_UP_NOTE_MAX
from reporting.vocabulary.deadlines import DeadlineKind


class DateInput(django_forms.DateInput):
    """The browser's date picker, which reads and sends ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# The case page's deadline forms are the same on every case of a day (shared_field_groups).


class DeadlineRecordForm(django_forms.Form):
    bound_field_class = SharedFieldGroup
    kind = choice_fields.ChoiceField(label=_("Kind of deadline"), choices=DeadlineKind.choices)
    starts_on = django_forms.DateField(
        label=_("Started to run on"),
        help_text=_("The day of the event, e.g. the day the decision or rejection arrived."),
        widget=DateInput,
    )


class DeadlineForm(django_forms.Form):
    bound_field_class = SharedFieldGroup
    deadline = django_forms.IntegerField(widget=django_forms.HiddenInput, min_value=1)


# The day a pause or resumption takes effect, named by what it means.
ON_LABELS = {"pause": _("Paused from"), "resume": _("Runs again from")}


class DeadlineDateForm(DeadlineForm):
    on = django_forms.DateField(widget=DateInput)  # labelled by its action

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = ON_LABELS[action]


class FollowUpForm(django_forms.Form):
    bound_field_class = SharedFieldGroup  # not with a note: a text is never shared
    due_on = django_forms.DateField(label=_("Follow-up on"), widget=DateInput)
    note = django_forms.CharField(
        label=_("Note (internal, sealed)"),
        required=False,
        max_length=FOLLOW_UP_NOTE_MAX,
        widget=django_forms.Textarea(attrs={"rows": 2}),
    )


class EmptyForm(django_forms.Form):
    """A button alone (clearing the follow-up): the CSRF token is its only field."""
