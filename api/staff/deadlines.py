"""Deadlines and the follow-up of a case in the staff API: thin actions over
reporting.services.deadlines, mixed into the case viewset (its visibility, its 404)."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_spectacular.utils import extend_schema as _extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.staff import deadline_serializers as s
from api.staff.serializers import ErrorOutputSerializer
from reporting.selectors.deadlines import case_deadlines, deadline_of_case
from reporting.services import deadlines as services
from web.staff_session import session_keys

ERRORS = {
    code: OpenApiResponse(ErrorOutputSerializer, description=description)
    for code, description in (
        (400, "Invalid input (field errors)."),
        (403, "Not logged in, second factor missing, CSRF failed or keys locked."),
        (404, "Not found or not visible."),
    )
}
READ_ERRORS = {code: ERRORS[code] for code in (403, 404)}


def extend_schema(**kwargs):
    return _extend_schema(tags=["staff"], **kwargs)


class CaseDeadlineActions:
    """Needs `get_object()` (the visible case or a 404) and `validated()`."""

    @extend_schema(
        methods=["GET"],
        operation_id="staff_case_deadline_list",
        summary="The case's deadlines, open ones first, and its follow-up with the note "
        "opened with the session's keys.",
        responses={200: s.CaseDeadlinesOutputSerializer, **READ_ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        operation_id="staff_case_deadline_create",
        summary="Record a deadline; its period is the kind's as configured now.",
        request=s.DeadlineRecordInputSerializer,
        responses={201: s.DeadlineOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], url_path="deadlines")
    def deadlines(self, request, pk=None):
        case = self.get_object()
        if request.method == "GET":
            panel = case_deadlines(case, session_keys(request))
            follow_up = panel.follow_up
            data = {
                "deadlines": [row.deadline for row in panel.rows],
                "follow_up": {"due_on": follow_up.due_on, "note": panel.follow_up_note}
                if follow_up
                else None,
            }
            return Response(s.CaseDeadlinesOutputSerializer(data).data)
        data = self.validated(s.DeadlineRecordInputSerializer)
        deadline = services.deadline_record(
            case=case, actor=request.user, kind=data["kind"], starts_on=data["starts_on"]
        )
        return Response(s.DeadlineOutputSerializer(deadline).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="staff_case_deadline_step",
        summary="Pause, resume or close a deadline (pause and resume take the day).",
        parameters=[
            OpenApiParameter("deadline_id", OpenApiTypes.INT, OpenApiParameter.PATH),
            OpenApiParameter(
                "step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["pause", "resume", "close"]
            ),
        ],
        request=s.DeadlineDayInputSerializer,
        responses={200: s.DeadlineOutputSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deadlines/(?P<deadline_id>[0-9]{1,18})/(?P<step>pause|resume|close)",
    )
    def deadline_step(self, request, pk=None, deadline_id=None, step=None):
        case = self.get_object()
        deadline = deadline_of_case(case, int(deadline_id))
        if deadline is None:
            raise Http404
        if step == "close":
            deadline = services.deadline_close(deadline=deadline, actor=request.user)
        else:
            on = self.validated(s.DeadlineDayInputSerializer)["on"]
            change = services.deadline_pause if step == "pause" else services.deadline_resume
            deadline = change(deadline=deadline, actor=request.user, on=on)
        return Response(s.DeadlineOutputSerializer(deadline).data)

    @extend_schema(
        methods=["PUT"],
        operation_id="staff_case_follow_up_set",
        summary="Set or move the follow-up day, with a short note sealed to the association.",
        request=s.FollowUpInputSerializer,
        responses={200: s.FollowUpOutputSerializer, **ERRORS},
    )
    @extend_schema(
        methods=["DELETE"],
        operation_id="staff_case_follow_up_clear",
        summary="Clear the follow-up day and its note.",
        request=None,
        responses={204: None, **ERRORS},
    )
    @action(detail=True, methods=["put", "delete"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        case = self.get_object()
        if request.method == "DELETE":
            services.follow_up_clear(case=case, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = self.validated(s.FollowUpInputSerializer)
        follow_up = services.follow_up_set(
            case=case, actor=request.user, due_on=data["due_on"], note=data["note"]
        )
        output = {"due_on": follow_up.due_on, "note": data["note"].strip()}
        return Response(s.FollowUpOutputSerializer(output).data)
