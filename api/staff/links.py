"""Linked cases in the staff API: thin actions over reporting.services.links, mixed into
the case viewset (its visibility, its 404, its error envelope)."""

from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.utils import extend_schema as _extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from api.staff.serializers import (
    MAX_ID,
    CaseStateOutputSerializer,
    ErrorOutputSerializer,
    VersionedInputSerializer,
)
from api.stateless import StatelessSerializer
from reporting.models import Case, CaseLink
from reporting.selectors.links import case_links
from reporting.services.links import LeadNotVisible, case_link, case_unlink

ERRORS = {
    code: OpenApiResponse(ErrorOutputSerializer, description=description)
    for code, description in (
        (400, "Invalid input (field errors): the other case is not one you may see, the "
         "case itself, linked to this one, or of another organisation without consent."),
        (403, "Not logged in, second factor missing, CSRF failed or keys locked."),
        (404, "Not found or not visible."),
        (409, "Stale version."),
    )
}  # fmt: skip


def extend_schema(**kwargs):
    return _extend_schema(tags=["staff"], **kwargs)


class CaseLinkInputSerializer(VersionedInputSerializer):
    lead = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The number of the other case: the incident's lead, or a case linked to it.",
    )
    kind = serializers.ChoiceField(choices=CaseLink.choices)


class LinkedCaseOutputSerializer(StatelessSerializer):
    id = serializers.IntegerField()
    link_kind = serializers.ChoiceField(choices=CaseLink.choices)


class CaseLinksOutputSerializer(StatelessSerializer):
    """The case's link: the lead it is linked to, or the cases linked to it as lead."""

    id = serializers.IntegerField(source="case.pk")
    version = serializers.IntegerField(source="case.version")
    linked_to = serializers.IntegerField(allow_null=True, source="case.linked_to_id")
    link_kind = serializers.CharField(
        allow_blank=True, source="case.link_kind", help_text="SAME_INCIDENT, DUPLICATE or ''."
    )
    linked_cases = LinkedCaseOutputSerializer(
        many=True,
        source="others",
        help_text="The other cases of the same incident or duplicates (those you may see).",
    )


class CaseLinkActions:
    """Needs `get_object()` (the visible case or a 404) and `validated()`."""

    @extend_schema(
        methods=["GET"],
        operation_id="staff_case_links",
        summary="The case's link and the cases linked to it (those the user may see).",
        responses={200: CaseLinksOutputSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    )
    @extend_schema(
        methods=["POST"],
        operation_id="staff_case_link",
        summary="Link the case to another case's incident, or mark it a duplicate of it.",
        request=CaseLinkInputSerializer,
        responses={200: CaseStateOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], url_path="link")
    def link(self, request, pk=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(CaseLinksOutputSerializer(case_links(case, request.user)).data)
        data = self.validated(CaseLinkInputSerializer)
        lead = Case.objects.filter(pk=data["lead"]).first()
        if lead is None:
            raise LeadNotVisible  # the service says the same of a case it may not see
        case_link(
            case=case,
            lead=lead,
            kind=data["kind"],
            actor=request.user,
            expected_version=data["version"],
        )
        return Response(CaseStateOutputSerializer(case).data)

    @extend_schema(
        operation_id="staff_case_unlink",
        summary="Remove the case's link: a report and an incident of its own again.",
        request=VersionedInputSerializer,
        responses={200: CaseStateOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="unlink")
    def unlink(self, request, pk=None):
        case = self.get_object()
        data = self.validated(VersionedInputSerializer)
        case_unlink(case=case, actor=request.user, expected_version=data["version"])
        return Response(CaseStateOutputSerializer(case).data)
