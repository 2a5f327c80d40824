from rest_framework import serializers

from reporting.models import Organisation, Referral
from reporting.vocabulary import limits
from reporting.vocabulary.taxonomy import Area, District, Ground


class OrganisationOutputSerializer(serializers.ModelSerializer):
    districts = serializers.ListField(child=serializers.ChoiceField(choices=District.choices))
    languages = serializers.ListField(child=serializers.CharField())
    expertise_grounds = serializers.ListField(child=serializers.ChoiceField(choices=Ground.choices))
    expertise_areas = serializers.ListField(child=serializers.ChoiceField(choices=Area.choices))
    can_receive = serializers.BooleanField(help_text="A partner holds the organisation's key.")

    class Meta:
        model = Organisation
        fields = [
            "id", "name", "contact_email", "districts", "languages",
            "expertise_grounds", "expertise_areas", "is_active", "can_receive",
            "is_paused", "opening_hours", "contact_persons",
        ]  # fmt: skip


class SuggestionOutputSerializer(serializers.Serializer):
    organisation = OrganisationOutputSerializer()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    can_receive = serializers.BooleanField()
    unavailable = serializers.CharField(
        help_text="Why it cannot receive a referral; empty if it can."
    )


class ReferralCreateInputSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    summary = serializers.CharField(max_length=limits.MESSAGE_MAX)


class ReferralStepInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Referral.Status.ACCEPTED, Referral.Status.DECLINED, Referral.Status.CLOSED],
        required=False,
        allow_null=True,
        help_text="Omit or null for an update without a status change.",
    )
    text = serializers.CharField(max_length=limits.MESSAGE_MAX, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=Referral.Outcome.choices, required=False, allow_blank=True
    )


class ReferralStepOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    author = serializers.CharField()
    created_at = serializers.DateTimeField()
    body = serializers.CharField()


class ReferralOutputSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.IntegerField()
    case_id = serializers.IntegerField()

    class Meta:
        model = Referral
        fields = [
            "id", "case_id", "organisation_id", "organisation", "status", "outcome",
            "consent_version", "created_at", "updated_at",
        ]  # fmt: skip


class ReferralDetailOutputSerializer(ReferralOutputSerializer):
    summary = serializers.CharField(allow_null=True, help_text="Null after withdrawal.")
    steps = ReferralStepOutputSerializer(many=True)

    class Meta(ReferralOutputSerializer.Meta):
        fields = [*ReferralOutputSerializer.Meta.fields, "summary", "steps"]
