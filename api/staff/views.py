"""The staff API: thin views over reporting selectors and services (DESIGN §2).

Visibility lives on querysets: a case the user may not see, or a collection
they may not see at all, is a 404, never a 403 that confirms it exists.
"""

import uuid

from django.http import Http404
from django.middleware.csrf import get_token
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_spectacular.utils import extend_schema as _extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from api.staff import serializers as s
from api.staff.base import StaffAPI
from api.staff.deadlines import CaseDeadlineActions
from api.staff.institutions import CaseInstitutionActions
from api.staff.links import CaseLinkActions
from api.staff.pagination import CasePagination, StaffPagination
from api.staff.shares import CaseShareActions, SharedCaseViewSet
from reporting.models import Case
from reporting.selectors.cases import (
    case_counts_by_status,
    case_detail,
    case_list_for_user,
    events_of_case,
    intervention_of_case,
    visible_case,
)
from reporting.selectors.events import events_visible_to
from reporting.services import cases as case_services
from web.downloads import attachment_response, open_visible_attachment
from web.staff_session import session_keys

ERRORS = {
    400: OpenApiResponse(s.ErrorOutputSerializer, description="Invalid input (field errors)."),
    403: OpenApiResponse(
        s.ErrorOutputSerializer,
        description="Not logged in, second factor missing, CSRF failed or keys locked.",
    ),
    404: OpenApiResponse(s.ErrorOutputSerializer, description="Not found or not visible."),
}
CONFLICT = {409: OpenApiResponse(s.ErrorOutputSerializer, description="Stale version.")}
READ_ERRORS = {code: ERRORS[code] for code in (403, 404)}


def extend_schema(**kwargs):
    return _extend_schema(tags=["staff"], **kwargs)


class StaffViewSet(StaffAPI, GenericViewSet):
    """Session (password + second factor) and the key cookie; nothing else."""

    pagination_class = StaffPagination

    def validated(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class MeViewSet(StaffViewSet):
    """The logged-in staff user."""

    @extend_schema(
        operation_id="staff_me",
        summary="The logged-in staff user and whether this session can decrypt.",
        responses={200: s.MeOutputSerializer, 403: ERRORS[403]},
    )
    def retrieve(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "organisation": user.staff.organisation,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "keys_unlocked": bool(session_keys(request)),
            "csrf_token": get_token(request._request),
        }
        return Response(s.MeOutputSerializer(data).data)


class CaseViewSet(
    CaseDeadlineActions, CaseLinkActions, CaseInstitutionActions, CaseShareActions, StaffViewSet
):
    """Case work of the association; every change takes the case version last seen."""

    # Every write calls a `reporting.services.cases` function, which writes the audit event.

    pagination_class = CasePagination
    lookup_value_regex = "[0-9]+"

    def get_object(self) -> Case:
        """The case of the URL with its report, assignee and assessment, or a 404."""
        case = visible_case(self.request.user, int(self.kwargs["pk"]))
        if case is None:
            raise Http404
        self.check_object_permissions(self.request, case)
        return case

    def _require_case_access(self) -> None:
        if Case.objects.visible_to(self.request.user).query.is_empty():
            raise Http404

    @extend_schema(
        operation_id="staff_case_list",
        summary="Inbox: visible cases, unread first, newest first (nothing decrypted).",
        parameters=[s.CaseListFilterInputSerializer],
        responses={200: s.CaseListOutputSerializer(many=True), **ERRORS},
    )
    def list(self, request):
        self._require_case_access()
        filters = s.CaseListFilterInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(case_list_for_user(request.user, filters.to_filters()))
        return self.paginator.get_paginated_response(
            s.CaseListOutputSerializer(page, many=True).data,
            status_counts=case_counts_by_status(request.user),
        )

    @extend_schema(
        operation_id="staff_case_retrieve",
        summary="One case, decrypted with the session's keys; the view is audited.",
        responses={200: s.CaseDetailOutputSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk=None):
        case = self.get_object()
        detail = case_detail(case, session_keys(request))
        case_services.case_view_record(case=case, actor=request.user)
        return Response(s.CaseDetailOutputSerializer(detail).data)

    @extend_schema(
        operation_id="staff_case_transition",
        summary="Change the status (see allowed_transitions).",
        request=s.CaseTransitionInputSerializer,
        responses={200: s.CaseStateOutputSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case = self.get_object()
        data = self.validated(s.CaseTransitionInputSerializer)
        case_services.case_transition(
            case=case,
            actor=request.user,
            to_status=data["to_status"],
            expected_version=data["version"],
        )
        return Response(s.CaseStateOutputSerializer(case).data)

    @extend_schema(
        operation_id="staff_case_assign",
        summary="Assign the case to a caseworker, or unassign it (null).",
        request=s.CaseAssignInputSerializer,
        responses={200: s.CaseStateOutputSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        case = self.get_object()
        serializer = s.CaseAssignInputSerializer(
            data=request.data, organisation_id=case.member_organisation_id
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case_services.case_assign(
            case=case,
            actor=request.user,
            assignee=data["assignee"],
            expected_version=data["version"],
        )
        return Response(s.CaseStateOutputSerializer(case).data)

    @extend_schema(
        operation_id="staff_case_assessment_update",
        summary="Save the caseworker's classification of the case.",
        request=s.CaseAssessmentInputSerializer,
        responses={200: s.CaseStateOutputSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["put"])
    def assessment(self, request, pk=None):
        case = self.get_object()
        data = dict(self.validated(s.CaseAssessmentInputSerializer))
        case_services.case_assess(
            case=case, actor=request.user, expected_version=data.pop("version"), **data
        )
        return Response(s.CaseStateOutputSerializer(case).data)

    @extend_schema(
        operation_id="staff_case_note_create",
        summary="Add an internal note (sealed to the association, never shown to the reporter).",
        request=s.BodyInputSerializer,
        responses={201: s.DecryptedTextOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        case = self.get_object()
        body = self.validated(s.BodyInputSerializer)["body"]
        note = case_services.note_add(case=case, actor=request.user, body=body)
        return self._created_text(note, body)

    @extend_schema(
        operation_id="staff_case_message_create",
        summary="Send a message to the reporter (shown on their receipt status page).",
        request=s.BodyInputSerializer,
        responses={201: s.DecryptedTextOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        case = self.get_object()
        body = self.validated(s.BodyInputSerializer)["body"]
        message = case_services.staff_message_send(case=case, actor=request.user, body=body)
        return self._created_text(message, body)

    @extend_schema(
        operation_id="staff_case_intervention_create",
        summary="Record an intervention: what the counsellors did, on which day (notes sealed).",
        request=s.InterventionInputSerializer,
        responses={201: s.InterventionOutputSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def interventions(self, request, pk=None):
        case = self.get_object()
        data = self.validated(s.InterventionInputSerializer)
        intervention = case_services.intervention_add(
            case=case,
            actor=request.user,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            notes=data["notes"],
            expected_version=data["version"],
        )
        output = {
            "id": intervention.pk,
            "kind": intervention.kind,
            "occurred_on": intervention.occurred_on,
            "author": request.user.get_username(),
            "notes": data["notes"].strip(),
        }
        return Response(s.InterventionOutputSerializer(output).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="staff_case_intervention_remove",
        summary="Remove an intervention recorded by mistake (not a referral's).",
        parameters=[OpenApiParameter("intervention_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        request=s.VersionedInputSerializer,
        responses={200: s.CaseStateOutputSerializer, **ERRORS, **CONFLICT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"interventions/(?P<intervention_id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
        r"[0-9a-f]{4}-[0-9a-f]{12})/remove",
    )
    def intervention_remove(self, request, pk=None, intervention_id=None):
        case = self.get_object()
        intervention = intervention_of_case(case, uuid.UUID(intervention_id))
        if intervention is None:
            raise Http404
        data = self.validated(s.VersionedInputSerializer)
        case_services.intervention_remove(
            intervention=intervention, actor=request.user, expected_version=data["version"]
        )
        case.refresh_from_db()
        return Response(s.CaseStateOutputSerializer(case).data)

    def _created_text(self, item, body: str) -> Response:
        data = {
            "id": item.pk,
            "from_reporter": False,
            "author": self.request.user.get_username(),
            "created_at": item.created_at,
            "body": body.strip(),
        }
        return Response(s.DecryptedTextOutputSerializer(data).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="staff_case_event_list",
        summary="Audit events of the case, newest first (never content).",
        responses={200: s.AuditEventOutputSerializer(many=True), **READ_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=StaffPagination)
    def events(self, request, pk=None):
        case = self.get_object()
        page = self.paginate_queryset(events_of_case(case))
        return self.get_paginated_response(s.AuditEventOutputSerializer(page, many=True).data)


class EventViewSet(mixins.ListModelMixin, StaffViewSet):
    """The whole audit trail; administrators only (everyone else: 404)."""

    serializer_class = s.AuditEventOutputSerializer

    def get_queryset(self):
        return events_visible_to(self.request.user)

    @extend_schema(
        operation_id="staff_event_list",
        summary="All audit events, newest first (administrators of the association only).",
        responses={200: s.AuditEventOutputSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        if self.get_queryset().query.is_empty():
            raise Http404
        return super().list(request, *args, **kwargs)


class SharedCaseListViewSet(SharedCaseViewSet, StaffViewSet):
    """Cases member organisations shared with the association (api/staff/shares.py)."""


class FileNegotiation(BaseContentNegotiation):
    """A download answers in the file's own type whatever the client accepts; an error
    in the JSON envelope (never a 406 for `Accept: application/pdf`)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# What `reporting.services.attachments.attachments_prepare` lets through.
ATTACHMENT_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


class AttachmentViewSet(StaffViewSet):
    """Reporters' files, decrypted for staff who may see the case; every download audited."""

    lookup_value_regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    content_negotiation_class = FileNegotiation

    @extend_schema(
        operation_id="staff_attachment_download",
        summary="Download one attachment, decrypted with the session's keys; audited.",
        description=(
            "Always sent as an attachment (`Content-Disposition: attachment`) with a "
            "sandboxing Content-Security-Policy and `X-Content-Type-Options: nosniff`; the "
            "case detail lists the files of a case with their download paths."
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={
            **{
                (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")
                for media_type in ATTACHMENT_TYPES
            },
            **READ_ERRORS,
        },
    )
    def retrieve(self, request, pk=None):
        try:
            attachment_id = uuid.UUID(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        opened = open_visible_attachment(request.user, attachment_id, session_keys(request))
        return attachment_response(opened)
