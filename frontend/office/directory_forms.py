"""Forms of the directory entry a partner keeps and of a referral outside the network."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.shared_field_groups import SharedFieldGroup
from reporting.models.organisations import CONTACT_PERSONS_MAX, OPENING_HOURS_MAX
from reporting.services.referrals import BODY_NAME_MAX
from reporting.vocabulary import limits


class ExternalReferralForm(forms.Form):
    bound_field_class = SharedFieldGroup  # empty on every case page but the date
    body_name = forms.CharField(
        label=_("Body outside the network"),
        help_text=_("For example a statewide counselling service."),
        max_length=BODY_NAME_MAX,
    )
    referred_on = forms.DateField(
        label=_("Passed on on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    summary = forms.CharField(
        label=_("Summary to hand over"),
        help_text=_(
            "Shown once to print or copy; nothing is sent from here. Only this text is "
            "passed on, never the whole report. Leave out names."
        ),
        max_length=limits.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "external")
        kwargs.setdefault("initial", {"referred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class OrganisationEntryForm(forms.Form):
    is_paused = forms.BooleanField(
        label=_("Paused: we are not taking new cases"),
        help_text=_("While paused, the association neither suggests nor refers cases to you."),
        required=False,
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=OPENING_HOURS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_persons = forms.CharField(
        label=_("Contact persons"),
        help_text=_("Names and roles, one per line. Staff of the organisation only."),
        max_length=CONTACT_PERSONS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
