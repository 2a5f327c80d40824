"""Sharing a member organisation's own case with the association in the staff API (issue
19): thin views over reporting.services.shares and reporting.selectors.shares.

The member organisation's caseworkers share their own case (the case viewset's 404 for
anyone else's); the association's caseworkers list what members shared: codes and the
summary the member wrote, never the case's content. Anyone else gets a 404 for the
list."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.utils import extend_schema as _extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.staff.serializers import (
    MAX_ID,
    ErrorOutputSerializer,
    _codes,
)
from api.stateless import StatelessSerializer
from reporting.models import CaseLink, CaseStatus
from reporting.selectors.shares import share_summary, shares_visible_to
from reporting.services.shares import case_share
from reporting.vocabulary.limits import MESSAGE_MAX
from reporting.vocabulary.taxonomy import Area, District, Form, Ground
from web.staff_session import session_keys

ERRORS = {
    code: OpenApiResponse(ErrorOutputSerializer, description=description)
    for code, description in (
        (400, "Invalid input (field errors)."),
        (403, "Not logged in, second factor missing, CSRF failed or keys locked."),
        (404, "Not found or not visible, or not a member organisation's own case."),
        (409, "The reporter has not consented to passing on, or the case was shared before."),
    )
}  # fmt: skip
READ_ERRORS = {code: ERRORS[code] for code in (403, 404)}


def extend_schema(**kwargs):
    return _extend_schema(tags=["staff"], **kwargs)


class CaseShareInputSerializer(StatelessSerializer):
    summary = serializers.CharField(
        max_length=MESSAGE_MAX,
        help_text="What the association learns of the case; sealed to its keys and yours.",
    )


class CaseShareOutputSerializer(StatelessSerializer):
    case = serializers.IntegerField(source="case_id")
    shared_at = serializers.DateTimeField()


class SharedCaseOutputSerializer(StatelessSerializer):
    """One shared case as the association sees it: its number, codes and the summary."""

    id = serializers.IntegerField(source="case.pk")
    member_organisation = serializers.CharField(source="case.member_organisation.name")
    shared_at = serializers.DateTimeField()
    received_on = serializers.DateField(source="case.received_on")
    status = serializers.ChoiceField(choices=CaseStatus.choices, source="case.status")
    district = serializers.ChoiceField(choices=District.choices, source="case.district")
    grounds = _codes(Ground, source="case.grounds")
    areas = _codes(Area, source="case.areas")
    forms = _codes(Form, source="case.forms")
    summary = serializers.CharField(
        allow_null=True,
        source="summary_text",
        help_text="null where the session holds no key that opens it.",
    )
    version = serializers.IntegerField(source="case.version")
    linked_to = serializers.IntegerField(
        allow_null=True,
        source="case.linked_to_id",
        help_text="The case it is linked to: link it with POST /cases/{own case}/link/.",
        max_value=MAX_ID,
    )
    link_kind = serializers.ChoiceField(
        choices=[*CaseLink.choices, ("", "")], source="case.link_kind"
    )


class CaseShareActions:
    """Mixed into the case viewset: needs `get_object()` (the visible case or a 404)."""

    @extend_schema(
        operation_id="staff_case_share",
        summary="Share a member organisation's own case with the association (with the "
        "reporter's consent): the association sees its codes and this summary.",
        request=CaseShareInputSerializer,
        responses={201: CaseShareOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="share")
    def share(self, request, pk=None):
        case = self.get_object()
        data = self.validated(CaseShareInputSerializer)
        shared = case_share(case=case, actor=request.user, summary=data["summary"])
        return Response(CaseShareOutputSerializer(shared).data, status=status.HTTP_201_CREATED)


class SharedCaseViewSet(mixins.ListModelMixin):
    """Mixed with StaffViewSet in api/staff/views.py."""

    def get_queryset(self):
        return shares_visible_to(self.request.user)

    @extend_schema(
        operation_id="staff_shared_case_list",
        summary="Member organisations' cases shared with the association, newest first "
        "(the association's caseworkers only): codes and the summary, never the content.",
        responses={200: SharedCaseOutputSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        shares = self.get_queryset()
        if shares.query.is_empty():
            raise Http404
        page = self.paginate_queryset(shares)
        keys = session_keys(request)
        for share in page:
            share.summary_text = share_summary(share, keys)
        return self.get_paginated_response(SharedCaseOutputSerializer(page, many=True).data)
