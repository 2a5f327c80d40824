"""A report as submitted, and the rules that involve more than one field.

The HTML form and the API check types, choices and lengths with their own
field classes; both then call `submission_errors`, so the rules that make a
report coherent live in one place and give the same translated messages.
"""

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.vocabulary import limits
from reporting.vocabulary.taxonomy import Area, District, Form, Ground, PoliceReport, ReporterRole

MONTH_PATTERN = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")

ERROR_WHEN_INCOMPLETE = _("Please choose the year as well, or leave the month empty.")
ERROR_MONTH_IN_FUTURE = _("This month is in the future.")
ERROR_DATE_IN_FUTURE = _("This date is in the future.")
ERROR_DATE_MISMATCH = _("The date does not fall in the month and year you chose.")
ERROR_CONTACT_NEEDS_CONSENT = _(
    "You gave contact details: please tick that we may contact you, or remove them."
)
ERROR_CONSENT_NEEDS_CONTACT = _(
    "Please give an e-mail address or a phone number so that we can contact you."
)
ERROR_MONTH_FORMAT = _("Use the form YYYY-MM, for example 2026-03.")
ERROR_YEAR_RANGE = _("Choose a year from %(first)s to %(last)s.")
ERROR_CONSENT_PROCESSING = _(
    "Please tick that you agree. Without your consent we cannot take your report."
)

# (codes field, its "other" text field, the "Other" code)
OTHER_TEXTS = (
    ("grounds", "ground_other", Ground.OTHER.value),
    ("areas", "area_other", Area.OTHER.value),
    ("forms", "form_other", Form.OTHER.value),
)


@dataclass(frozen=True, kw_only=True)
class ReportSubmission:
    language: str
    narrative: str
    incident_month: str = ""  # "YYYY-MM", or "" when the reporter does not know or say
    incident_date: datetime.date | None = None
    # Only the narrative (and the consent) is required; what the reporter skips is "not said".
    district: str = District.UNKNOWN
    place_detail: str = ""
    grounds: list[str] = field(default_factory=list)
    ground_other: str = ""
    areas: list[str] = field(default_factory=list)
    area_other: str = ""
    forms: list[str] = field(default_factory=list)
    form_other: str = ""
    incident_types: list[str] = field(default_factory=list)
    reporter_role: str = ReporterRole.NOT_SAID
    reported_to_police: str = PoliceReport.NOT_SAID
    contact_email: str = ""
    contact_phone: str = ""
    contact_language: str = ""
    consent_contact: bool = False
    consent_referral: bool = False
    consent_referral_naming: bool = False
    # Explicit consent to processing what the reporter writes (GDPR Art. 9(2)(a)):
    # the one consent every report needs.
    consent_processing: bool = False

    def __post_init__(self):
        """Codes without repeats; an "other" text counts as ticking "Other".

        A reporter who typed "Other reason, in a few words" but missed the checkbox
        meant "Other": the text is kept rather than dropped, for the form and the API alike.
        """
        for codes_name, text_name, other in OTHER_TEXTS:
            codes = list(dict.fromkeys(getattr(self, codes_name)))
            if getattr(self, text_name).strip() and other not in codes:
                codes.append(other)
            object.__setattr__(self, codes_name, codes)
        object.__setattr__(self, "incident_types", list(dict.fromkeys(self.incident_types)))

    def content_document(self) -> dict:
        """What goes into the sealed `content` envelope."""
        return {
            "narrative": self.narrative,
            "incident_date": self.incident_date.isoformat() if self.incident_date else "",
            "place_detail": self.place_detail,
            "ground_other": self.ground_other if Ground.OTHER in self.grounds else "",
            "area_other": self.area_other if Area.OTHER in self.areas else "",
            "form_other": self.form_other if Form.OTHER in self.forms else "",
        }

    def contact_document(self) -> dict | None:
        """What goes into the sealed `contact` envelope, or None without contact."""
        if not (self.contact_email or self.contact_phone):
            return None
        return {
            "email": self.contact_email,
            "phone": self.contact_phone,
            "language": self.contact_language or self.language,
        }


def submission_errors(
    submission: ReportSubmission, *, skip: Collection[str] = ()
) -> dict[str, list[str]]:
    """Rules across fields. Keys are field names shared by form and API.

    `skip` names fields the caller already found invalid (their values in `submission`
    are placeholders): a rule that needs one of them does not run, every other rule
    does, so a reporter sees all errors at once rather than one round after another.
    """
    errors: dict[str, list[str]] = {}
    skip = frozenset(skip)

    def add(name: str, message) -> None:
        errors.setdefault(name, []).append(str(message))

    def needs(*names: str) -> bool:
        return skip.isdisjoint(names)

    today = timezone.localdate()
    month = submission.incident_month if needs("incident_month") else ""
    month_ok = False
    if month:
        match = MONTH_PATTERN.match(month)
        if not match:
            add("incident_month", ERROR_MONTH_FORMAT)
        elif int(match[1]) < limits.EARLIEST_INCIDENT_YEAR:
            add(
                "incident_month",
                ERROR_YEAR_RANGE % {"first": limits.EARLIEST_INCIDENT_YEAR, "last": today.year},
            )
        elif (int(match[1]), int(match[2])) > (today.year, today.month):
            add("incident_month", ERROR_MONTH_IN_FUTURE)
        else:
            month_ok = True
    if submission.incident_date and needs("incident_date"):
        if submission.incident_date > today:
            add("incident_date", ERROR_DATE_IN_FUTURE)
        elif month_ok and submission.incident_date.strftime("%Y-%m") != month:
            add("incident_date", ERROR_DATE_MISMATCH)
    if not submission.consent_processing and needs("consent_processing"):
        add("consent_processing", ERROR_CONSENT_PROCESSING)
    if needs("contact_email", "contact_phone", "consent_contact"):
        has_contact = bool(submission.contact_email or submission.contact_phone)
        if has_contact and not submission.consent_contact:
            add("consent_contact", ERROR_CONTACT_NEEDS_CONSENT)
        if submission.consent_contact and not has_contact:
            add("contact_email", ERROR_CONSENT_NEEDS_CONTACT)
    return errors
