"""Institutions named on a case in the staff API: thin actions over
reporting.services.institutions, mixed into the case viewset (its visibility, its 404).
Reading the list is a match query and is audited."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.staff import institution_serializers as s
from api.staff.deadlines import ERRORS, READ_ERRORS, extend_schema
from reporting.selectors.institutions import (
    mention_of_case,
    session_matching_key,
)
from reporting.services import institutions as services
from web.staff_session import session_keys


def _output(case, request) -> dict:
    read = services.case_institutions_read(
        case=case, keys=session_keys(request), actor=request.user
    )
    return {
        "matching_available": read.matching_available,
        "institutions": [
            {
                "id": row.mention.pk,
                "name": row.name,
                "district": row.mention.district,
                "matchable": row.matchable,
                "match": read.matches.get(row.mention.pk),
            }
            for row in read.rows
        ],
    }


class CaseInstitutionActions:
    """Needs `get_object()` (the visible case or a 404) and `validated()`."""

    @extend_schema(
        methods=["GET"],
        operation_id="staff_case_institution_list",
        summary="The institutions named on the case, names opened with the session's keys, "
        "each with what the network matching may tell (audited).",
        responses={200: s.CaseInstitutionsOutputSerializer, **READ_ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        operation_id="staff_case_institution_create",
        summary="Record the institution responsible: the name sealed to the case's owner, "
        "its keyed hash if the session holds the matching key. Answers with the institution "
        "and its match (audited).",
        request=s.InstitutionRecordInputSerializer,
        responses={201: s.InstitutionOutputSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], url_path="institutions")
    def institutions(self, request, pk=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(s.CaseInstitutionsOutputSerializer(_output(case, request)).data)
        data = self.validated(s.InstitutionRecordInputSerializer)
        mention = services.institution_mention_record(
            case=case,
            actor=request.user,
            name=data["name"],
            district=data["district"],
            matching_key=session_matching_key(session_keys(request)),
        )
        # The answer needs no key: the name is the one just sent, the match reads hashes.
        matchable = bool(mention.name_hash)
        output = {
            "id": mention.pk,
            "name": " ".join(data["name"].split()),
            "district": mention.district,
            "matchable": matchable,
            "match": services.institution_match_check(case=case, actor=request.user).get(mention.pk)
            if matchable
            else None,
        }
        return Response(s.InstitutionOutputSerializer(output).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="staff_case_institution_remove",
        summary="Remove a recorded institution.",
        parameters=[OpenApiParameter("institution_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"institutions/(?P<institution_id>[0-9a-f-]{36})/remove",
    )
    def institution_remove(self, request, pk=None, institution_id=None):
        case = self.get_object()
        mention = mention_of_case(case, institution_id)
        if mention is None:
            raise Http404
        services.institution_mention_remove(mention=mention, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
