"""The public report form and the receipt forms."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.forms.utils import ErrorDict
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
    ERROR_WHEN_INCOMPLETE,
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
ERROR_CONFIRM_MISMATCH = _("These are not the last four digits of your code. Please look again.")
# Our own words where Django's would do: Django ships no catalogue for some public languages.
PLEASE_TICK = _("Please tick the box to confirm.")

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
    return [("", SKIP), *[(str(y), str(y)) for y in years]]


# The empty choice of every optional question: skipping counts as "not said".
SKIP = _("I don't know / skip")

ERROR_NARRATIVE_REQUIRED = _("Please tell us in a few sentences what happened.")
ERROR_NARRATIVE_SHORT = _("Please write a little more: at least %(limit_value)d characters.")
ERROR_NARRATIVE_LONG = _(
    "Your text is too long. Please shorten it to %(limit_value)d characters or send the "
    "rest later as a message."
)
ERROR_TEXT_LONG = _("Please shorten this to %(limit_value)d characters.")
ERROR_CHOICE = _("Please choose one of the answers shown.")
ERROR_DATE = _("Please give the date as day.month.year, for example 17.03.2026.")
ERROR_EMAIL = _("Please check the e-mail address. It looks like name@example.org.")

_TEXT_ERRORS = {"max_length": ERROR_TEXT_LONG}
_CHOICE_ERRORS = {"invalid_choice": ERROR_CHOICE, "invalid_list": ERROR_CHOICE}

# Form fields whose submission field has another name (the month is two form fields).
SUBMISSION_NAMES = {"incident_year": "incident_month", "incident_forms": "forms"}
FORM_NAMES = {"forms": "incident_forms"}

# The optional parts of the form, each folded under its own question; a part opens
# again when the reporter typed something in it or it has an error.
OPTIONAL_PARTS = {
    "more": (
        "incident_month", "incident_year", "incident_date", "district", "place_detail",
        "grounds", "ground_other", "areas", "area_other", "incident_types", "incident_forms",
        "form_other", "reporter_role", "reported_to_police",
    ),
    "files": ("attachments",),
    "contact": (
        "contact_email", "contact_phone", "consent_contact", "consent_referral",
        "consent_referral_naming",
    ),
}  # fmt: skip
# Answers that mean the same as skipping the question.
_NOT_SAID = frozenset({"", PoliceReport.NOT_SAID, ReporterRole.NOT_SAID})


def _optional_choice(label, choices, **kwargs):
    return choice_fields.ChoiceField(
        label=label, choices=choices, required=False, error_messages=_CHOICE_ERRORS, **kwargs
    )


def _optional_choices(label, choices):
    return choice_fields.MultipleChoiceField(
        label=label,
        help_text=_("Choose everything that fits."),
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_CHOICE_ERRORS,
    )


def _other_text(label):
    return forms.CharField(
        label=label,
        max_length=limits.OTHER_TEXT_MAX,
        required=False,
        error_messages=_TEXT_ERRORS,
    )


class ReportForm(forms.Form):
    """Only the narrative and the consent are required; every other question may be
    skipped, and a skipped question is stored as "not said"."""

    plain_errors = True  # each message is worded for its field (frontend/_errors.html)

    narrative = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "Describe what happened in your own words and in your own language. "
            "Please do not write other people's names."
        ),
        min_length=limits.NARRATIVE_MIN,
        max_length=limits.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": ERROR_NARRATIVE_REQUIRED,
            "min_length": ERROR_NARRATIVE_SHORT,
            "max_length": ERROR_NARRATIVE_LONG,
        },
    )
    incident_month = choice_fields.TypedChoiceField(
        label=_("Month"),
        choices=[("", SKIP), *[(str(n), name) for n, name in MONTHS.items()]],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=_CHOICE_ERRORS,
    )
    incident_year = choice_fields.TypedChoiceField(
        label=_("Year"),
        choices=_year_choices,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=_CHOICE_ERRORS,
    )
    incident_date = forms.DateField(
        label=_("Exact date, if you know it"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": ERROR_DATE},
    )
    district = _optional_choice(
        _("District or city"),
        [("", SKIP), *((d.value, d.label) for d in District if d != District.UNKNOWN)],
        help_text=_("If it happened online, choose “Online”."),
    )
    place_detail = forms.CharField(
        label=_("Place, in a few words"),
        help_text=_(
            "For example: a bus line, a street, a shop. Please do not write names of people."
        ),
        max_length=limits.PLACE_DETAIL_MAX,
        required=False,
        error_messages=_TEXT_ERRORS,
    )
    grounds = _optional_choices(_("Why do you think it happened?"), Ground.choices)
    ground_other = _other_text(_("Other reason, in a few words"))
    areas = _optional_choices(_("In which area of life?"), Area.choices)
    area_other = _other_text(_("Other area, in a few words"))
    incident_types = _optional_choices(_("What was done?"), IncidentType.choices)
    incident_forms = _optional_choices(_("How were you treated worse?"), Form.choices)
    form_other = _other_text(_("Something else, in a few words"))
    reporter_role = _optional_choice(
        _("Who is reporting?"),
        [*((r.value, r.label) for r in ReporterRole if r != ReporterRole.NOT_SAID),
         (ReporterRole.NOT_SAID.value, SKIP)],
        widget=forms.RadioSelect,
        initial=ReporterRole.NOT_SAID,
    )  # fmt: skip
    reported_to_police = _optional_choice(
        _("Was it reported to the police?"),
        PoliceReport.choices,
        widget=forms.RadioSelect,
        initial=PoliceReport.NOT_SAID,
    )
    contact_email = forms.EmailField(
        label=_("E-mail"),
        max_length=limits.EMAIL_MAX,
        required=False,
        error_messages={"invalid": ERROR_EMAIL, **_TEXT_ERRORS},
    )
    contact_phone = forms.CharField(
        label=_("Phone"),
        max_length=limits.PHONE_MAX,
        required=False,
        validators=[phone_validator],
        # The keyboard of a phone number, but not autocomplete="tel": that would override
        # the form's "off" and let the browser restore or remember the reporter's number.
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages=_TEXT_ERRORS,
    )
    contact_language = _optional_choice(
        _("In which language should we answer?"), settings.LANGUAGES
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
        # Labels are questions or names: no colon after them ("ماذا حدث؟:" reads wrong, as
        # Django only knows the Latin question mark).
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["contact_language"].initial = language
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        # The <form> has autocomplete="off": after sending, Back must not put what was typed
        # into the fields again for whoever holds the phone next; "email" would override it.
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "off"})

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))

    def show_as_typed(self) -> None:
        """Show what was typed again (in another language) without judging it yet: a
        language switch is not a send, so it shows no errors."""
        self._errors = ErrorDict(renderer=self.renderer)

    @property
    def open_parts(self) -> dict[str, bool]:
        """Which optional parts to show unfolded: those with an answer or an error."""
        if not self.is_bound:
            return {}
        errors = self._errors or {}
        return {
            part: any(
                name in errors or name in self.files
                or any(value not in _NOT_SAID for value in self.data.getlist(name))
                for name in names
            )
            for part, names in OPTIONAL_PARTS.items()
        }  # fmt: skip

    def clean(self):
        data = super().clean()
        month, year = data.get("incident_month"), data.get("incident_year")
        if month and not year and not self.has_error("incident_year"):
            self.add_error("incident_year", ERROR_WHEN_INCOMPLETE)
        # All errors in one go: each rule across fields runs when the fields it needs are
        # valid, whatever is wrong elsewhere. Fields with errors are left out of the
        # submission (placeholders) and named in `skip`, so no rule reads them.
        invalid = {SUBMISSION_NAMES.get(name, name) for name in self.errors}
        for name, messages in submission_errors(self.to_submission(), skip=invalid).items():
            for message in messages:
                self.add_error(FORM_NAMES.get(name, name), message)
        return data

    def to_submission(self) -> ReportSubmission:
        """The cleaned data as a submission; invalid or skipped fields are "not said"."""
        data = self.cleaned_data
        month = data.get("incident_month")
        year = data.get("incident_year")
        return ReportSubmission(
            language=self.language,
            narrative=data.get("narrative", ""),
            incident_month=f"{year:04d}-{month:02d}" if month and year else "",
            incident_date=data.get("incident_date"),
            district=data.get("district") or District.UNKNOWN,
            place_detail=data.get("place_detail", ""),
            grounds=data.get("grounds", []),
            ground_other=data.get("ground_other", ""),
            areas=data.get("areas", []),
            area_other=data.get("area_other", ""),
            forms=data.get("incident_forms", []),
            form_other=data.get("form_other", ""),
            incident_types=data.get("incident_types", []),
            reporter_role=data.get("reporter_role") or ReporterRole.NOT_SAID,
            reported_to_police=data.get("reported_to_police") or PoliceReport.NOT_SAID,
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
    plain_errors = True

    token = forms.CharField(widget=forms.HiddenInput, max_length=400)
    last_four = forms.CharField(
        label=_("The last four digits of your code"),
        max_length=16,
        strip=True,
        error_messages={
            "required": _("Please type the last four digits of your code."),
            **_TEXT_ERRORS,
        },
    )


class ReceiptLoginForm(forms.Form):
    plain_errors = True

    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("16 digits. Spaces and dashes do not matter."),
        max_length=64,
        error_messages={"required": _("Please type your receipt code."), **_TEXT_ERRORS},
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
        ),
        error_messages={"required": PLEASE_TICK},
    )


class WithdrawContactForm(forms.Form):
    prefix = "contact"  # beside WithdrawConsentForm on the status page: ids stay unique

    confirm = forms.BooleanField(
        label=_(
            "Yes, delete my contact details. I will read your answers here with my receipt code."
        ),
        error_messages={"required": PLEASE_TICK},
    )


class MessageForm(forms.Form):
    plain_errors = True

    body = forms.CharField(
        label=_("Your message"),
        help_text=_("Please do not write other people's names."),
        max_length=limits.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please write your message."), **_TEXT_ERRORS},
    )
    attachments = attachments_field()
