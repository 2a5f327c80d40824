from django.conf import settings
from rest_framework import serializers

from api.stateless import StatelessSerializer
from reporting import limits
from reporting.submission import ReportSubmission, submission_errors
from reporting.taxonomy import Area, District, Form, Ground, PoliceReport, ReporterRole


class ReportSubmitInputSerializer(StatelessSerializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    narrative = serializers.CharField(
        min_length=limits.NARRATIVE_MIN, max_length=limits.NARRATIVE_MAX
    )
    incident_month = serializers.RegexField(
        r"^[0-9]{4}-(0[1-9]|1[0-2])$",  # ASCII digits only: the month is a clear column
        allow_null=True,
        help_text="YYYY-MM, or null when the reporter does not know.",
    )
    incident_date = serializers.DateField(required=False, allow_null=True)
    district = serializers.ChoiceField(choices=District.choices)
    place_detail = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.PLACE_DETAIL_MAX
    )
    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=Ground.choices), max_length=len(Ground)
    )
    ground_other = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.OTHER_TEXT_MAX
    )
    areas = serializers.ListField(
        child=serializers.ChoiceField(choices=Area.choices), max_length=len(Area)
    )
    area_other = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.OTHER_TEXT_MAX
    )
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=Form.choices),
        required=False,
        default=list,
        max_length=len(Form),
    )
    form_other = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.OTHER_TEXT_MAX
    )
    reporter_role = serializers.ChoiceField(choices=ReporterRole.choices)
    reported_to_police = serializers.ChoiceField(
        choices=PoliceReport.choices, default=PoliceReport.NOT_SAID
    )
    contact_email = serializers.EmailField(
        required=False, allow_blank=True, max_length=limits.EMAIL_MAX
    )
    contact_phone = serializers.RegexField(
        r"^\+?[0-9 ()\-/]{4,}$", required=False, allow_blank=True, max_length=limits.PHONE_MAX
    )
    contact_language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, allow_blank=True
    )
    consent_contact = serializers.BooleanField(default=False)
    consent_referral = serializers.BooleanField(default=False)

    def validate(self, attrs):
        submission = self.to_submission(attrs)
        errors = submission_errors(submission)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @staticmethod
    def to_submission(attrs) -> ReportSubmission:
        return ReportSubmission(
            **{
                **attrs,
                "incident_month": attrs.get("incident_month") or "",
                "grounds": list(dict.fromkeys(attrs["grounds"])),
                "areas": list(dict.fromkeys(attrs["areas"])),
                "forms": list(dict.fromkeys(attrs.get("forms", []))),
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
    agg = serializers.BooleanField(help_text="Ground named in § 1 AGG.")


class TaxonomyOutputSerializer(serializers.Serializer):
    language = serializers.CharField()
    grounds = GroundEntrySerializer(many=True)
    areas = TaxonomyEntrySerializer(many=True)
    forms = TaxonomyEntrySerializer(many=True)
    reporter_roles = TaxonomyEntrySerializer(many=True)
    reported_to_police = TaxonomyEntrySerializer(many=True)
    districts = TaxonomyEntrySerializer(many=True)
