"""Shapes of the institutions named on a case in the staff API (api/staff/institutions.py)."""

from rest_framework import serializers

from api.stateless import StatelessSerializer
from reporting.vocabulary.institutions import INSTITUTION_NAME_MAX
from reporting.vocabulary.taxonomy import District


class InstitutionRecordInputSerializer(serializers.Serializer):
    # The service checks the length and that something beyond legal forms is left.
    name = serializers.CharField(max_length=INSTITUTION_NAME_MAX * 2, allow_blank=True)
    district = serializers.ChoiceField(choices=District.choices)


class InstitutionMatchOutputSerializer(StatelessSerializer):
    disclosed = serializers.BooleanField(
        help_text="False below the threshold of different reporters, or without other "
        "owners' cases: nothing more is told."
    )
    other_cases = serializers.IntegerField(
        help_text="Different reporters among other organisations' cases naming it."
    )
    organisations = serializers.ListField(
        child=serializers.CharField(), help_text="Whom to contact."
    )
    own_cases = serializers.ListField(
        child=serializers.IntegerField(), help_text="Your organisation's other cases naming it."
    )


class InstitutionOutputSerializer(StatelessSerializer):
    id = serializers.UUIDField()
    name = serializers.CharField(help_text="Opened with the session's keys.")
    district = serializers.ChoiceField(choices=District.choices)
    matchable = serializers.BooleanField(help_text="Recorded with the matching key.")
    match = InstitutionMatchOutputSerializer(allow_null=True)


class CaseInstitutionsOutputSerializer(StatelessSerializer):
    matching_available = serializers.BooleanField(
        help_text="The session holds the matching key (new names can be matched)."
    )
    institutions = InstitutionOutputSerializer(many=True)
