import contextlib
from collections.abc import Mapping

from django.conf import settings
from rest_framework import serializers
from rest_framework.fields import SkipField

from api.staff.serializers import TextField
from api.stateless import StatelessSerializer
from reporting.vocabulary import limits
from reporting.vocabulary.submission import ReportSubmission, submission_errors
from reporting.vocabulary.taxonomy import (
    Area,
    District,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)

ERROR_NOT_A_STRING = serializers.CharField.default_error_messages["invalid"]

# Codes of the one list of forms before it split into forms and incident types (migration
# 0020), with the incident type each became. Clients written for the old list may send
# them in `forms` until FORMS_DEPRECATION_ENDS; they are counted as incident types
# (docs/decisions.md, "Old form codes in the public API").
DEPRECATED_FORMS = {
    "VERBAL_ABUSE": IncidentType.VERBAL_ABUSE,
    "THREAT": IncidentType.THREAT,
    "ASSAULT": IncidentType.ASSAULT,
    "EXTREME_VIOLENCE": IncidentType.EXTREME_VIOLENCE,
    "PROPERTY_DAMAGE": IncidentType.PROPERTY_DAMAGE,
    "DENIAL_OF_SERVICE": IncidentType.DISCRIMINATION,
}
FORMS_DEPRECATION_ENDS = "2027-06-30"


class _StringsOnly:
    """JSON strings only: DRF's string and choice fields would take 12345 as "12345"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(ERROR_NOT_A_STRING, code="invalid")
        return super().to_internal_value(data)


class StringChoiceField(_StringsOnly, serializers.ChoiceField):
    pass


class StringRegexField(_StringsOnly, serializers.RegexField):
    pass


class StringEmailField(_StringsOnly, serializers.EmailField):
    pass


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only, not "yes", "1" or 1: consent must be unambiguous."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


# Placeholders for fields that failed validation; `submission_errors(skip=…)` reads none.
_PLACEHOLDERS = {
    "language": "",
    "narrative": "",
    "incident_month": "",
}


def _other_text() -> TextField:
    return TextField(
        required=False,
        allow_blank=True,
        max_length=limits.OTHER_TEXT_MAX,
        help_text="A non-empty text counts as choosing OTHER.",
    )


class ReportSubmitInputSerializer(StatelessSerializer):
    language = StringChoiceField(choices=settings.LANGUAGES)
    narrative = TextField(min_length=limits.NARRATIVE_MIN, max_length=limits.NARRATIVE_MAX)
    incident_month = StringRegexField(
        r"^[0-9]{4}-(0[1-9]|1[0-2])$",  # ASCII digits only: the month is a clear column
        allow_null=True,
        required=False,
        default=None,
        help_text="YYYY-MM (from 2000-01 to this month), or null (or left out) when the reporter "
        "does not know or say.",
    )
    incident_date = serializers.DateField(required=False, allow_null=True)
    district = StringChoiceField(choices=District.choices, default=District.UNKNOWN)
    place_detail = TextField(required=False, allow_blank=True, max_length=limits.PLACE_DETAIL_MAX)
    grounds = serializers.ListField(
        child=StringChoiceField(choices=Ground.choices),
        max_length=len(Ground),
        required=False,
        default=list,
        help_text="Optional: empty means not said; ground_other alone means OTHER.",
    )
    ground_other = _other_text()
    areas = serializers.ListField(
        child=StringChoiceField(choices=Area.choices),
        max_length=len(Area),
        required=False,
        default=list,
        help_text="Optional: empty means not said; area_other alone means OTHER.",
    )
    area_other = _other_text()
    forms = serializers.ListField(
        child=StringChoiceField(
            choices=[*Form.choices, *((code, code) for code in DEPRECATED_FORMS)]
        ),
        required=False,
        default=list,
        max_length=len(Form) + len(DEPRECATED_FORMS),
        help_text="How someone was treated worse (§ 3 AGG). Deprecated, accepted until "
        f"{FORMS_DEPRECATION_ENDS} only: the former form codes "
        + ", ".join(f"{old} (now {new})" for old, new in DEPRECATED_FORMS.items())
        + " are moved to `incident_types`; send them there.",
    )
    form_other = _other_text()
    incident_types = serializers.ListField(
        child=StringChoiceField(choices=IncidentType.choices),
        required=False,
        default=list,
        max_length=len(IncidentType),
        help_text="What was done (RIAS/MIA incident types); `forms` says how someone was "
        "treated worse (§ 3 AGG).",
    )
    reporter_role = StringChoiceField(choices=ReporterRole.choices, default=ReporterRole.NOT_SAID)
    reported_to_police = StringChoiceField(
        choices=PoliceReport.choices, default=PoliceReport.NOT_SAID
    )
    contact_email = StringEmailField(required=False, allow_blank=True, max_length=limits.EMAIL_MAX)
    contact_phone = StringRegexField(
        r"^\+?[0-9 ()\-/]{4,}$", required=False, allow_blank=True, max_length=limits.PHONE_MAX
    )
    contact_language = StringChoiceField(
        choices=settings.LANGUAGES, required=False, allow_blank=True
    )
    consent_contact = StrictBooleanField(default=False)
    consent_referral = StrictBooleanField(default=False)
    consent_referral_naming = StrictBooleanField(
        default=False,
        help_text=(
            "With consent_referral only: the reporter's receipt page may show the name of "
            "the organisation the report is passed to. Ignored without consent_referral."
        ),
    )

    consent_processing = StrictBooleanField(
        help_text=(
            "Required and must be true: the reporter's explicit consent to processing what "
            "they wrote, including special categories of data (GDPR Art. 9(2)(a)). Its "
            "wording in the reporter's language is `consents.processing` of the taxonomy."
        )
    )

    def to_internal_value(self, data):
        """Field errors and the rules across fields in one answer, as in the HTML form.

        DRF runs `validate` only when every field is valid; here the rules whose fields
        are valid also run when others are not.
        """
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not (isinstance(data, Mapping) and isinstance(exc.detail, dict)):
                raise
            invalid = set(exc.detail)
            valid = {}
            for name, field in self.fields.items():
                if name in invalid or field.read_only:
                    continue
                with contextlib.suppress(SkipField):
                    valid[name] = field.run_validation(field.get_value(data))
            cross = submission_errors(self.to_submission(valid), skip=invalid)
            raise serializers.ValidationError({**exc.detail, **cross}) from None

    def validate(self, attrs):
        submission = self.to_submission(attrs)
        errors = submission_errors(submission)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @staticmethod
    def to_submission(attrs) -> ReportSubmission:
        """Codes are deduplicated and "other" texts tick "Other" in ReportSubmission;
        deprecated form codes become the incident types they were split into."""
        forms = attrs.get("forms", [])
        moved = [DEPRECATED_FORMS[code] for code in forms if code in DEPRECATED_FORMS]
        return ReportSubmission(
            **{
                **_PLACEHOLDERS,
                **attrs,
                "incident_month": attrs.get("incident_month") or "",
                "forms": [code for code in forms if code not in DEPRECATED_FORMS],
                "incident_types": [*attrs.get("incident_types", []), *moved],
            }
        )


class ReportSubmitOutputSerializer(serializers.Serializer):
    receipt_code = serializers.CharField(
        help_text="16 digits, shown once. The service cannot recover it."
    )
    receipt_code_display = serializers.CharField(help_text="The code in groups of four.")


class TaxonomyEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class GroundEntrySerializer(TaxonomyEntrySerializer):
    agg = serializers.BooleanField(
        help_text="Ground named in § 1 AGG. Whether the AGG protects a report depends on "
        "the area of life too (docs/statistics.md)."
    )


class ConsentWordingsSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="The wording version a report stores.")
    processing = serializers.CharField(help_text="Required: the text for consent_processing.")
    contact = serializers.CharField()
    referral = serializers.CharField()
    referral_naming = serializers.CharField()


class TaxonomyOutputSerializer(serializers.Serializer):
    language = serializers.CharField()
    grounds = GroundEntrySerializer(many=True)
    areas = TaxonomyEntrySerializer(many=True)
    forms = TaxonomyEntrySerializer(many=True)
    incident_types = TaxonomyEntrySerializer(many=True)
    reporter_roles = TaxonomyEntrySerializer(many=True)
    reported_to_police = TaxonomyEntrySerializer(many=True)
    districts = TaxonomyEntrySerializer(many=True)
    consents = ConsentWordingsSerializer()
