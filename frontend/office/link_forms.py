"""The forms of the case page's panel of linked cases (office/_case_links_panel.html)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend import choice_fields
from frontend.office.forms import VersionedForm
from reporting.models import CaseLink

ERROR_CASE_NUMBER = _("Enter the number of a case, for example 128.")
# The other case's number: the largest an id can be (a larger one is no case, not a 500).
MAX_CASE_NUMBER = 2**63 - 1

LINK_CHOICES = [
    (CaseLink.SAME_INCIDENT.value, _("Same incident as case no. …")),
    (CaseLink.DUPLICATE.value, _("Duplicate of case no. …")),
]


class CaseNumberField(forms.IntegerField):
    """A case number as the office writes it: "128" or "#128"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("#").strip()
        return super().to_python(value)


class CaseLinkForm(VersionedForm):
    kind = choice_fields.ChoiceField(
        label=_("This report is"),
        choices=LINK_CHOICES,
        initial=CaseLink.SAME_INCIDENT,
        widget=forms.RadioSelect,
    )
    lead = CaseNumberField(
        label=_("Case no."),
        min_value=1,
        max_value=MAX_CASE_NUMBER,
        error_messages={
            "required": ERROR_CASE_NUMBER,
            "invalid": ERROR_CASE_NUMBER,
            "min_value": ERROR_CASE_NUMBER,
            "max_value": ERROR_CASE_NUMBER,
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
    )


class CaseUnlinkForm(VersionedForm):
    """Remove the link of this case, or of a case linked to it (`case`)."""

    case = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_CASE_NUMBER)
