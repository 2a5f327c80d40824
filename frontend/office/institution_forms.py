"""The form of the case page's institution panel (frontend/office/views/institutions.py)."""

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from frontend import choice_fields
from reporting.vocabulary.institutions import INSTITUTION_NAME_MAX
from reporting.vocabulary.taxonomy import District


class InstitutionForm(django_forms.Form):
    # The service checks the length (its error names the limit); the field only keeps
    # the browser from sending far more.
    name = django_forms.CharField(
        label=_("Name of the institution"),
        help_text=_("E.g. the office, school, landlord or company. Sealed like a note."),
        max_length=INSTITUTION_NAME_MAX * 2,
        error_messages={"required": _("Enter the institution's name.")},
    )
    district = choice_fields.ChoiceField(label=_("District"), choices=District.choices)


class MentionForm(django_forms.Form):
    mention = django_forms.UUIDField(widget=django_forms.HiddenInput)
