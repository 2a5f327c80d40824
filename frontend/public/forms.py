"""The public report form and the receipt forms."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend import choice_fields
from reporting.vocabulary import limits
from reporting.vocabulary.consent import (
    CONSENT_CONTACT,
    CONSENT_PROCESSING,
    CONSENT_REFERRAL,
    CONSENT_REFERRAL_NAMING,
)
from reporting.vocabulary.django_strings import MONTHS
from reporting.vocabulary.submission import (
    ERROR_CONSENT_PROCESSING,
    ERROR_MONTH_AND_UNKNOWN,
    ERROR_WHEN_REQUIRED,
    ReportSubmission,
    submission_errors,
)
from reporting.vocabulary.taxonomy import (
    SAXON_DISTRICTS,
    Area,
    District,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)

ERROR_PHONE = _("Please use only digits, spaces and + - ( ).")
ERROR_HONEYPOT = _("Your report could not be sent. Please check the form and try again.")

phone_validator = RegexValidator(r"^\+?[0-9 ()\-/]{4,}$", ERROR_PHONE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; checked and cleaned by `attachments_prepare`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


ATTACHMENTS_HELP = _(
    "Photos (JPEG, PNG, WebP) or PDF, up to 5 files of 10 MB each. We remove location and "
    "camera data from photos, and the author's name and other hidden data from PDFs. If the "
    "form shows an error, please choose the files again."
)


def attachments_field():
    return MultipleFileField(
        label=_("Files (optional)"), help_text=ATTACHMENTS_HELP, required=False
    )


def _year_choices():
    this_year = timezone.localdate().year
    years = range(this_year, limits.EARLIEST_INCIDENT_YEAR - 1, -1)
    return [("", _("Year")), *[(str(y), str(y)) for y in years]]


# Form fields whose submission field has another name (the month is three form fields).
SUBMISSION_NAMES = {
    "incident_year": "incident_month",
    "incident_unknown": "incident_month",
    "incident_forms": "forms",
}
FORM_NAMES = {"forms": "incident_forms"}


class ReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "Describe what happened in your own words and in your own language. "
            "Please do not write other people's names."
        ),
        min_length=limits.NARRATIVE_MIN,
        max_length=limits.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    incident_month = choice_fields.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("Month")), *[(str(n), name) for n, name in MONTHS.items()]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    incident_year = choice_fields.TypedChoiceField(
        label=_("Year"), choices=_year_choices, coerce=int, empty_value=None, required=False
    )
    incident_unknown = forms.BooleanField(label=_("I don't know when it happened"), required=False)
    incident_date = forms.DateField(
        label=_("Exact date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    district = choice_fields.ChoiceField(
        label=_("Where did it happen?"),
        help_text=_("Choose the district or city. If it happened online, choose “Online”."),
        choices=[("", _("Please choose")), *District.choices],
    )
    place_detail = forms.CharField(
        label=_("Place (optional)"),
        help_text=_(
            "For example: a bus line, a street, a shop. Please do not write names of people."
        ),
        max_length=limits.PLACE_DETAIL_MAX,
        required=False,
    )
    grounds = choice_fields.MultipleChoiceField(
        label=_("Why do you think it happened?"),
        help_text=_("Choose everything that fits."),
        choices=Ground.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ground_other = forms.CharField(
        label=_("Other reason, in a few words"), max_length=limits.OTHER_TEXT_MAX, required=False
    )
    areas = choice_fields.MultipleChoiceField(
        label=_("In which area of life?"),
        help_text=_("Choose everything that fits."),
        choices=Area.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    area_other = forms.CharField(
        label=_("Other area, in a few words"), max_length=limits.OTHER_TEXT_MAX, required=False
    )
    incident_types = choice_fields.MultipleChoiceField(
        label=_("What was done? (optional)"),
        help_text=_("Choose everything that fits."),
        choices=IncidentType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    incident_forms = choice_fields.MultipleChoiceField(
        label=_("How were you treated worse? (optional)"),
        help_text=_("Choose everything that fits."),
        choices=Form.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    form_other = forms.CharField(
        label=_("Something else, in a few words"),
        max_length=limits.OTHER_TEXT_MAX,
        required=False,
    )
    reporter_role = choice_fields.ChoiceField(
        label=_("Who is reporting?"), choices=ReporterRole.choices, widget=forms.RadioSelect
    )
    reported_to_police = choice_fields.ChoiceField(
        label=_("Was it reported to the police?"),
        choices=PoliceReport.choices,
        widget=forms.RadioSelect,
        initial=PoliceReport.NOT_SAID,
    )
    contact_email = forms.EmailField(
        label=_("E-mail (optional)"), max_length=limits.EMAIL_MAX, required=False
    )
    contact_phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=limits.PHONE_MAX,
        required=False,
        validators=[phone_validator],
    )
    contact_language = choice_fields.ChoiceField(
        label=_("In which language should we answer?"),
        choices=settings.LANGUAGES,
        required=False,
    )
    attachments = attachments_field()
    consent_contact = forms.BooleanField(label=CONSENT_CONTACT, required=False)
    consent_referral = forms.BooleanField(label=CONSENT_REFERRAL, required=False)
    consent_referral_naming = forms.BooleanField(label=CONSENT_REFERRAL_NAMING, required=False)
    # The only required tick; never ticked in advance.
    consent_processing = forms.BooleanField(
        label=CONSENT_PROCESSING, error_messages={"required": ERROR_CONSENT_PROCESSING}
    )
    # Honeypot: hidden by the stylesheet; people leave it empty, simple bots do not.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["contact_language"].initial = language
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        # The <form> has autocomplete="off": after sending, Back must not put what was typed
        # into the fields again for whoever holds the phone next. The contact fields keep
        # their keyboards (type) but not "email"/"tel": those would override the form's "off"
        # and let the browser restore or remember the reporter's contact details.
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "off"})
        self.fields["contact_phone"].widget.attrs.update({"autocomplete": "off", "type": "tel"})

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        month, year = data.get("incident_month"), data.get("incident_year")
        unknown = data.get("incident_unknown")
        if unknown and (month or year):
            self.add_error("incident_month", ERROR_MONTH_AND_UNKNOWN)
        elif not (unknown or (month and year)) and not (
            self.has_error("incident_month") or self.has_error("incident_year")
        ):
            self.add_error("incident_month", ERROR_WHEN_REQUIRED)
        # All errors in one go: each rule across fields runs when the fields it needs are
        # valid, whatever is wrong elsewhere. Fields with errors are left out of the
        # submission (placeholders) and named in `skip`, so no rule reads them.
        invalid = {SUBMISSION_NAMES.get(name, name) for name in self.errors}
        for name, messages in submission_errors(self.to_submission(), skip=invalid).items():
            for message in messages:
                self.add_error(FORM_NAMES.get(name, name), message)
        return data

    def to_submission(self) -> ReportSubmission:
        """The cleaned data as a submission; invalid fields give empty placeholders."""
        data = self.cleaned_data
        month = data.get("incident_month")
        year = data.get("incident_year")
        incident_month = (
            f"{year:04d}-{month:02d}" if month and year and not data.get("incident_unknown") else ""
        )
        return ReportSubmission(
            language=self.language,
            narrative=data.get("narrative", ""),
            incident_month=incident_month,
            incident_date=data.get("incident_date"),
            district=data.get("district", ""),
            place_detail=data.get("place_detail", ""),
            grounds=data.get("grounds", []),
            ground_other=data.get("ground_other", ""),
            areas=data.get("areas", []),
            area_other=data.get("area_other", ""),
            forms=data.get("incident_forms", []),
            form_other=data.get("form_other", ""),
            incident_types=data.get("incident_types", []),
            reporter_role=data.get("reporter_role", ""),
            reported_to_police=data.get("reported_to_police", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_language=data.get("contact_language") or self.language,
            consent_contact=data.get("consent_contact", False),
            consent_referral=data.get("consent_referral", False),
            consent_referral_naming=data.get("consent_referral_naming", False),
            consent_processing=data.get("consent_processing", False),
        )


class HelpDistrictForm(forms.Form):
    """Counselling services near the reporter, chosen without JavaScript (GET)."""

    district = choice_fields.ChoiceField(
        label=_("Where are you?"),
        choices=[("", _("All of Saxony")), *((d.value, d.label) for d in SAXON_DISTRICTS)],
        required=False,
    )


class ReceiptConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=400)
    last_four = forms.CharField(
        label=_("The last four digits of your code"), max_length=16, strip=True
    )


class ReceiptLoginForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("16 digits. Spaces and dashes do not matter."),
        max_length=64,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        )


class WithdrawConsentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Yes, withdraw my consent. Organisations that received my report lose access to it."
        )
    )


class WithdrawContactForm(forms.Form):
    prefix = "contact"  # beside WithdrawConsentForm on the status page: ids stay unique

    confirm = forms.BooleanField(
        label=_(
            "Yes, delete my contact details. I will read your answers here with my receipt code."
        )
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        help_text=_("Please do not write other people's names."),
        max_length=limits.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = attachments_field()
