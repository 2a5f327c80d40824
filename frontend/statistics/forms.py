from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.services.statistics import FIRST_YEAR, TEXT_MAX
from reporting.statistics.funder_export import ERROR_EXPORT_ORGANISATION, range_errors
from reporting.statistics.suppression import K_DEFAULT, K_MAX, K_MIN


def _years():
    last = timezone.localdate().year
    return [(year, str(year)) for year in range(last, FIRST_YEAR - 1, -1)]


class YearForm(forms.Form):
    """Which year the dashboard shows."""

    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int)


class DraftCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int)
    k = forms.IntegerField(
        label=_("Smallest number shown (k)"),
        min_value=K_MIN,
        max_value=K_MAX,
        initial=K_DEFAULT,
        help_text=_("Numbers from 1 to k − 1 are withheld. The default is 5."),
    )


class DraftUpdateForm(forms.Form):
    k = forms.IntegerField(
        label=_("Smallest number shown (k)"),
        min_value=K_MIN,
        max_value=K_MAX,
        help_text=_("Numbers from 1 to k − 1 are withheld. The default is 5."),
    )
    foreword = forms.CharField(
        label=_("Foreword"), widget=forms.Textarea, required=False, max_length=TEXT_MAX
    )
    methodology = forms.CharField(
        label=_("Notes on the method"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Shown before the standard text on counting and withheld numbers."),
    )
    correction_note = forms.CharField(
        label=_("What this edition corrects"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX,
    )


class PublishForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("I have reviewed every table and chart of this draft and approve it."),
        required=True,
    )


class NewEditionForm(forms.Form):
    correction_note = forms.CharField(
        label=_("What the new edition will correct"),
        widget=forms.Textarea,
        max_length=TEXT_MAX,
    )


EXPORT_FORMATS = (("xlsx", "XLSX"), ("csv", "CSV"))
# The browser's date picker takes and sends ISO dates, whatever the page's language.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExportForm(forms.Form):
    """What to export: a date range, how to count it, for whom, and the file type.

    `organisations`: [(value, label)] the user may export (selectors.funder_export
    scopes: "network", "association" or a member organisation's id)."""

    start = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    basis = forms.ChoiceField(
        label=_("Count by"),
        choices=(
            ("received", _("Date the report was received")),
            ("incident", _("Month of the incident")),
        ),
        initial="received",
        widget=forms.RadioSelect,
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        error_messages={"invalid_choice": ERROR_EXPORT_ORGANISATION},
    )
    file = forms.ChoiceField(
        label=_("File"),
        choices=EXPORT_FORMATS,
        initial="xlsx",
        widget=forms.RadioSelect,
        help_text=_("CSV comes in a ZIP file together with the notes on the method."),
    )

    def __init__(self, *args, organisations: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0][0]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None:
            for field, message in range_errors(start, end, timezone.localdate()).items():
                self.add_error(field, message)
        return data
