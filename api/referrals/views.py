"""Organisations, suggestions and referrals for the staff API (issue: referrals)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.referrals import serializers as s
from api.staff.serializers import ErrorOutputSerializer
from api.staff.views import ERRORS, READ_ERRORS, StaffViewSet, extend_schema
from reporting.models import Case, Referral
from reporting.permissions import handles_referrals
from reporting.selectors.referrals import (
    member_organisations,
    organisations_visible_to,
    referral_detail,
    referral_suggestions,
)
from reporting.services.referrals import referral_send, referral_step
from web.staff_session import session_keys

CONFLICT = {409: OpenApiResponse(ErrorOutputSerializer, description="No consent or no key holder.")}


class OrganisationViewSet(mixins.ListModelMixin, StaffViewSet):
    """Member organisations: caseworkers see the directory, partners their own only."""

    serializer_class = s.OrganisationOutputSerializer

    def get_queryset(self):
        return organisations_visible_to(self.request.user)

    @extend_schema(
        operation_id="organisations_list",
        responses={200: s.OrganisationOutputSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class CaseReferralViewSet(StaffViewSet):
    """Suggestions for a case and referring it (caseworkers of the association)."""

    serializer_class = s.ReferralOutputSerializer
    pagination_class = None  # a short ranked list, not a collection

    def _case(self, case_pk) -> Case:
        return get_object_or_404(
            Case.objects.visible_to(self.request.user).select_related("report"), pk=case_pk
        )

    @extend_schema(
        operation_id="case_referral_suggestions",
        responses={200: s.SuggestionOutputSerializer(many=True), **READ_ERRORS},
    )
    def suggestions(self, request, case_pk=None):
        suggestions = referral_suggestions(self._case(case_pk))
        for suggestion in suggestions:
            suggestion.organisation.can_receive = suggestion.can_receive
        return Response(s.SuggestionOutputSerializer(suggestions, many=True).data)

    @extend_schema(
        operation_id="case_referral_create",
        request=s.ReferralCreateInputSerializer,
        responses={201: s.ReferralOutputSerializer, **ERRORS, **CONFLICT},
    )
    def create(self, request, case_pk=None):
        case = self._case(case_pk)
        data = self.validated(s.ReferralCreateInputSerializer)
        organisation = get_object_or_404(member_organisations(), pk=data["organisation"])
        referral = referral_send(
            case=case, organisation=organisation, summary=data["summary"], actor=request.user
        )
        return Response(s.ReferralOutputSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StaffViewSet):
    """Referrals the user may see: partners only their organisation's (404 otherwise)."""

    serializer_class = s.ReferralOutputSerializer

    def get_queryset(self):
        return Referral.objects.visible_to(self.request.user).select_related("organisation")

    @extend_schema(
        operation_id="referrals_list",
        responses={200: s.ReferralOutputSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="referrals_retrieve",
        responses={200: s.ReferralDetailOutputSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, *args, **kwargs):
        referral = self.get_object()
        detail = referral_detail(referral, session_keys(request))
        data = s.ReferralOutputSerializer(referral).data
        data["summary"] = detail.summary
        data["steps"] = s.ReferralStepOutputSerializer(detail.steps, many=True).data
        return Response(data)

    @extend_schema(
        operation_id="referrals_step",
        request=s.ReferralStepInputSerializer,
        responses={201: s.ReferralOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        referral = self.get_object()
        if not handles_referrals(request.user):
            raise Http404  # partners act; caseworkers only read
        data = self.validated(s.ReferralStepInputSerializer)
        referral_step(
            referral=referral,
            actor=request.user,
            status=data.get("status") or None,
            text=data.get("text", ""),
            outcome=data.get("outcome", ""),
        )
        referral.refresh_from_db()
        return Response(s.ReferralOutputSerializer(referral).data, status=status.HTTP_201_CREATED)
