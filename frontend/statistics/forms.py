from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.services.statistics import FIRST_YEAR, K_DEFAULT, K_MAX, K_MIN, TEXT_MAX


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
