"""Input and output shapes of the staff API. No rules here: services and selectors decide."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.stateless import StatelessSerializer
from reporting.models import Attachment, AuditEvent, CaseStatus, Organisation
from reporting.selectors.cases import InboxFilters
from reporting.selectors.staff import assignable_caseworkers
from reporting.vocabulary import limits
from reporting.vocabulary.agg import AGG_AUTO, AGG_SETTING_CHOICES, AggScope
from reporting.vocabulary.deadlines import DueFilter
from reporting.vocabulary.documentation import (
    RECORDED_BY_HAND,
    Actor,
    Consequence,
    CounsellingOutcome,
    InterventionKind,
)
from reporting.vocabulary.taxonomy import (
    Area,
    District,
    Form,
    Ground,
    IncidentType,
    PoliceReport,
    ReporterRole,
)
from reporting.vocabulary.workflow import next_statuses

# Database integer columns are signed 64 bit; larger ids can only be wrong.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1


def _codes(choices, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices.choices), max_length=len(choices), **kwargs
    )


def _intervention_kinds(**kwargs) -> serializers.ListField:
    return _codes(
        InterventionKind,
        help_text="The kinds of the case's interventions, each once (what the statistics count).",
        **kwargs,
    )


def _agg_scope(**kwargs) -> serializers.ChoiceField:
    """The case's effective AGG outcome (Case.agg_scope)."""
    return serializers.ChoiceField(
        choices=AggScope.choices,
        help_text="Whether the AGG protects the case: as the caseworker set it, else by the "
        "rule over grounds × areas (docs/statistics.md).",
        **kwargs,
    )


def _optional_code(choices, **kwargs) -> serializers.ChoiceField:
    """One code or "" (not recorded)."""
    return serializers.ChoiceField(choices=[("", ""), *choices.choices], **kwargs)


def _unique(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


class TextField(serializers.CharField):
    """A CharField that takes only strings (no numbers) of valid Unicode (no lone surrogates)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail("invalid")
        return value


# --- errors (documentation only) ------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorOutputSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# --- users -------------------------------------------------------------------------


class UserRefOutputSerializer(StatelessSerializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class StaffOrganisationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)


class MeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    organisation = StaffOrganisationOutputSerializer()
    roles = serializers.ListField(child=serializers.CharField())
    keys_unlocked = serializers.BooleanField(
        help_text="The session holds organisation keys that open cases."
    )
    csrf_token = serializers.CharField(
        help_text="Send as X-CSRFToken header with every POST/PUT (the cookie is HttpOnly)."
    )


# --- case list ---------------------------------------------------------------------


class CaseListFilterInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    district = serializers.ChoiceField(choices=District.choices, required=False)
    ground = serializers.ChoiceField(choices=Ground.choices, required=False)
    area = serializers.ChoiceField(choices=Area.choices, required=False)
    form = serializers.ChoiceField(choices=Form.choices, required=False)
    incident_type = serializers.ChoiceField(
        choices=IncidentType.choices,
        required=False,
        help_text="Cases whose classification names this incident type.",
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    assignee = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="User id of the assignee."
    )
    unassigned = serializers.BooleanField(required=False, default=False)
    needs_translation = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only cases whose report language nobody assigned reads (the whole team "
        "when unassigned) and whose report has no translation yet.",
    )
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    due = serializers.ChoiceField(
        choices=DueFilter.choices,
        required=False,
        help_text="DEADLINE_SOON: a running deadline ends within 14 days (today included); "
        "OVERDUE: a running deadline ended before today; FOLLOW_UP_DUE: the follow-up day "
        "has come. Paused and closed deadlines count for neither.",
    )

    def to_filters(self) -> InboxFilters:
        return InboxFilters(**self.validated_data)


class CaseListOutputSerializer(StatelessSerializer):
    """One inbox row: clear columns only, nothing decrypted."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    version = serializers.IntegerField()
    assignee = UserRefOutputSerializer(allow_null=True)
    unread = serializers.BooleanField(source="unread_for_staff")
    received_on = serializers.DateField()
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    # The case's classification: the caseworker's assessment where there is one, else the
    # reporter's (the detail shows both).
    district = serializers.ChoiceField(choices=District.choices)
    grounds = _codes(Ground)
    areas = _codes(Area)
    forms = _codes(Form)
    incident_types = _codes(IncidentType)
    incident_month = serializers.CharField()
    assessed = serializers.BooleanField(help_text="The classification is the caseworker's.")
    agg_scope = _agg_scope()
    next_deadline_on = serializers.DateField(
        allow_null=True,
        help_text="The last day of the case's next running deadline (paused and closed "
        "deadlines left out); before today: overdue.",
    )
    follow_up_on = serializers.DateField(
        allow_null=True, help_text="The case's follow-up day (Wiedervorlage), if one is set."
    )


# --- case detail -------------------------------------------------------------------


class ReporterClassificationOutputSerializer(StatelessSerializer):
    """What the reporter chose themselves (clear columns of the report)."""

    received_on = serializers.DateField(source="created_on")
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    reporter_role = serializers.ChoiceField(choices=ReporterRole.choices)
    incident_month = serializers.CharField()
    district = serializers.ChoiceField(choices=District.choices)
    grounds = _codes(Ground)
    areas = _codes(Area)
    forms = _codes(Form)
    incident_types = _codes(IncidentType)
    reported_to_police = serializers.ChoiceField(choices=PoliceReport.choices)
    consent_contact = serializers.BooleanField()
    consent_referral = serializers.BooleanField()
    consent_version = serializers.CharField()


class ReportContentOutputSerializer(StatelessSerializer):
    """The decrypted content envelope; absent keys of older documents read as ""."""

    narrative = serializers.CharField()
    incident_date = serializers.CharField(help_text="YYYY-MM-DD or empty.")
    place_detail = serializers.CharField()
    ground_other = serializers.CharField()
    area_other = serializers.CharField()
    form_other = serializers.CharField()

    def to_representation(self, instance):
        return super().to_representation({name: "" for name in self.fields} | dict(instance))


class ContactOutputSerializer(StatelessSerializer):
    email = serializers.CharField()
    phone = serializers.CharField()
    language = serializers.CharField()

    def to_representation(self, instance):
        return super().to_representation({name: "" for name in self.fields} | dict(instance))


class DecryptedTextOutputSerializer(StatelessSerializer):
    id = serializers.UUIDField()
    from_reporter = serializers.BooleanField()
    author = serializers.CharField(help_text="User name of the staff author; empty for reporter.")
    created_at = serializers.DateTimeField()
    body = serializers.CharField()


class AssessmentOutputSerializer(StatelessSerializer):
    grounds = _codes(Ground)
    areas = _codes(Area)
    forms = _codes(Form)
    incident_types = _codes(IncidentType)
    district = serializers.ChoiceField(choices=District.choices)
    incident_month = serializers.CharField()
    is_discrimination = serializers.BooleanField(allow_null=True)
    agg_scope = serializers.ChoiceField(
        choices=AGG_SETTING_CHOICES,
        help_text="AUTO: the rule over grounds × areas (× actor) decides; else the "
        "caseworker's outcome.",
    )
    actor = _optional_code(Actor, help_text="Who was responsible; empty: not recorded yet.")
    multidimensional = serializers.BooleanField(
        help_text="Several grounds acted together, as the caseworker judged it."
    )
    consequences = _codes(Consequence)
    outcome = _optional_code(
        CounsellingOutcome, help_text="How counselling ended; empty while it goes on."
    )
    assessed_by = UserRefOutputSerializer(allow_null=True)
    assessed_at = serializers.DateTimeField()


# CaseStatus appears under several field names; one shared component keeps the schema
# free of duplicate enums (ENUM_NAME_OVERRIDES lives in the settings, outside api/).
STATUS_ENUM = {"$ref": "#/components/schemas/StatusEnum"}


@extend_schema_field(STATUS_ENUM)
class StatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=CaseStatus.choices, **kwargs)


@extend_schema_field({"type": "array", "items": STATUS_ENUM})
class AllowedTransitionsField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, case):
        return next_statuses(case)


@extend_schema_field(AssessmentOutputSerializer(allow_null=True))
class AssessmentField(serializers.Field):
    """The assessment of a case or null; a missing reverse one-to-one is not an error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, case):
        assessment = getattr(case, "assessment", None)
        return AssessmentOutputSerializer(assessment).data if assessment else None


class CaseStateOutputSerializer(StatelessSerializer):
    """The case after a change: what a client needs for the next versioned request."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    version = serializers.IntegerField()
    assignee = UserRefOutputSerializer(allow_null=True)
    allowed_transitions = AllowedTransitionsField()
    assessment = AssessmentField()
    agg_scope = _agg_scope()
    intervention_kinds = _intervention_kinds()
    first_triaged_at = serializers.DateTimeField(allow_null=True)
    first_replied_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


@extend_schema_field({"type": "string", "format": "uri-reference"})
class AttachmentDownloadField(serializers.Field):
    """The path of the file's download endpoint (same session and key cookie)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "id")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, pk):
        return reverse("staff:attachment-detail", kwargs={"pk": str(pk)})


class AttachmentOutputSerializer(StatelessSerializer):
    """One file of the case (`reporting.selectors.cases.AttachmentRow`)."""

    id = serializers.UUIDField()
    family = serializers.ChoiceField(choices=Attachment.Family.choices)
    size_bucket = serializers.ChoiceField(choices=Attachment.SizeBucket.choices)
    name = serializers.CharField(help_text="File name as the reporter sent it (cleaned).")
    content_type = serializers.CharField()
    message = serializers.UUIDField(
        source="message_id",
        allow_null=True,
        help_text="The reporter's message the file came with; null: with the report.",
    )
    download = AttachmentDownloadField()


class InterventionOutputSerializer(StatelessSerializer):
    """One intervention of the case (`reporting.selectors.cases.InterventionRow`)."""

    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=InterventionKind.choices)
    occurred_on = serializers.DateField()
    author = serializers.CharField(help_text="User name of who recorded it; empty if deleted.")
    notes = serializers.CharField(help_text="Decrypted; only for the association.")


class CaseDetailOutputSerializer(StatelessSerializer):
    """One decrypted case (`reporting.selectors.cases.CaseDetail`): state and content."""

    id = serializers.IntegerField(source="case.pk")
    status = serializers.ChoiceField(choices=CaseStatus.choices, source="case.status")
    version = serializers.IntegerField(source="case.version")
    assignee = UserRefOutputSerializer(allow_null=True, source="case.assignee")
    allowed_transitions = AllowedTransitionsField(source="case")
    assessment = AssessmentField(source="case")
    agg_scope = _agg_scope(source="case.agg_scope")
    intervention_kinds = _intervention_kinds(source="case.intervention_kinds")
    first_triaged_at = serializers.DateTimeField(allow_null=True, source="case.first_triaged_at")
    first_replied_at = serializers.DateTimeField(allow_null=True, source="case.first_replied_at")
    updated_at = serializers.DateTimeField(allow_null=True, source="case.updated_at")
    unread = serializers.BooleanField(source="case.unread_for_staff")
    reporter_classification = ReporterClassificationOutputSerializer(source="case.report")
    content = ReportContentOutputSerializer()
    contact = ContactOutputSerializer(allow_null=True)
    messages = DecryptedTextOutputSerializer(many=True)
    notes = DecryptedTextOutputSerializer(many=True)
    attachments = AttachmentOutputSerializer(many=True)
    interventions = InterventionOutputSerializer(many=True)


# --- writes ------------------------------------------------------------------------


class VersionedInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text="The case version you last saw."
    )


class CaseTransitionInputSerializer(VersionedInputSerializer):
    to_status = StatusField()


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Only a JSON integer is an id: DRF would cast 1.5, true or "1" to user 1."""

    def to_internal_value(self, data):
        if type(data) is not int:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class CaseAssignInputSerializer(VersionedInputSerializer):
    assignee = StrictPrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(),
        allow_null=True,
        help_text="User id of a caseworker of the association, or null to unassign.",
    )

    def __init__(self, *args, organisation_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A member organisation's own case: its member caseworkers.
        self.fields["assignee"].queryset = assignable_caseworkers(organisation_id)


class CaseAssessmentInputSerializer(VersionedInputSerializer):
    grounds = _codes(Ground)
    areas = _codes(Area)
    forms = _codes(Form)
    district = serializers.ChoiceField(choices=District.choices)
    incident_month = serializers.RegexField(
        r"^([0-9]{4}-(0[1-9]|1[0-2]))?$",
        max_length=7,
        allow_blank=True,
        help_text="YYYY-MM, or empty when unknown.",
    )
    is_discrimination = serializers.BooleanField(
        allow_null=True, help_text="null: not yet decided."
    )
    agg_scope = serializers.ChoiceField(
        choices=AGG_SETTING_CHOICES,
        required=False,
        default=AGG_AUTO,
        help_text="Whether the AGG protects the case. AUTO (also when left out): the rule "
        "over grounds × areas × actor decides (docs/statistics.md); else the outcome you set.",
    )
    # Counselling documentation: left out, it is "not recorded" (as before issue 22).
    incident_types = _codes(IncidentType, required=False, default=list)
    actor = _optional_code(
        Actor,
        required=False,
        default="",
        source="responsible_actor",
        help_text="Who was responsible; empty: not recorded yet. Narrows the AGG rule.",
    )
    multidimensional = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Several grounds acted together (your judgement; suggested with two grounds).",
    )
    consequences = _codes(Consequence, required=False, default=list)
    outcome = _optional_code(
        CounsellingOutcome,
        required=False,
        default="",
        help_text="How counselling ended; needed to close a case in counselling.",
    )

    def validate(self, attrs):
        for name in ("grounds", "areas", "forms", "incident_types", "consequences"):
            attrs[name] = _unique(attrs[name])
        return attrs


class InterventionInputSerializer(VersionedInputSerializer):
    kind = serializers.ChoiceField(
        choices=RECORDED_BY_HAND,
        help_text="What was done. A referral is recorded by referring the case.",
    )
    occurred_on = serializers.DateField(help_text="The day it was done; not in the future.")
    notes = TextField(
        max_length=limits.MESSAGE_MAX,
        required=False,
        default="",
        allow_blank=True,
        help_text="Sealed to the association; never shown to the reporter.",
    )


class BodyInputSerializer(serializers.Serializer):
    body = TextField(max_length=limits.MESSAGE_MAX)


# --- audit -------------------------------------------------------------------------


class AuditEventOutputSerializer(StatelessSerializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id", allow_null=True)
    verb = serializers.ChoiceField(choices=AuditEvent.Verb.choices)
    actor = UserRefOutputSerializer(allow_null=True)
    subject = UserRefOutputSerializer(allow_null=True)
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    other_case = serializers.IntegerField(
        source="other_case_shown",
        allow_null=True,
        help_text="The other case of a link event (empty where another organisation owns it).",
    )
    detail = serializers.CharField(
        help_text="What an export covered: basis, first and last day, organisation."
    )
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    created_at = serializers.DateTimeField()
