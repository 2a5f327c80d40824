"""The only anonymous part of the API (DESIGN §2)."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.parsers import SafeJSONParser
from api.public.serializers import (
    ReportSubmitInputSerializer,
    ReportSubmitOutputSerializer,
    TaxonomyOutputSerializer,
)
from api.staff.serializers import ErrorOutputSerializer
from api.throttling import submission_count
from reporting.crypto import format_receipt_code
from reporting.selectors.taxonomy import taxonomy_labels
from reporting.services.reports import report_submit
from reporting.vocabulary.errors import ServiceUnavailable

logger = logging.getLogger(__name__)


class PublicAPIView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [SafeJSONParser]


class ReportSubmitView(PublicAPIView):
    @extend_schema(
        operation_id="public_report_submit",
        request=ReportSubmitInputSerializer,
        responses={
            201: ReportSubmitOutputSerializer,
            400: OpenApiResponse(
                ErrorOutputSerializer,
                description="Malformed JSON, wrong types or invalid input: code "
                "`validation_failed` (or `parse_error`), translated messages by field.",
            ),
            429: OpenApiResponse(
                ErrorOutputSerializer,
                description="Too many valid submissions from this client (shared with the "
                "HTML form); only submissions that passed validation count. See Retry-After.",
            ),
            503: OpenApiResponse(
                ErrorOutputSerializer,
                description="The report could not be stored just now (no association key "
                "yet, or the database is unavailable); nothing was stored. Try again later.",
            ),
        },
        summary="Submit an anonymous report; the receipt code is returned once.",
    )
    def post(self, request):
        serializer = ReportSubmitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission_count(request)
        try:
            submitted = report_submit(
                submission=serializer.to_submission(serializer.validated_data)
            )
        except DatabaseError:  # as the HTML form: a 503 the client may retry, not a 500
            logger.exception("Report could not be stored")
            raise ServiceUnavailable from None
        # The shape of ReportSubmitOutputSerializer (two strings), without building one.
        data = {
            "receipt_code": submitted.receipt_code,
            "receipt_code_display": format_receipt_code(submitted.receipt_code),
        }
        return Response(data, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class TaxonomyLanguageSerializer(serializers.Serializer):
    lang = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)


class TaxonomyView(PublicAPIView):
    @extend_schema(
        operation_id="public_taxonomy",
        parameters=[
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                enum=[code for code, _name in settings.LANGUAGES],
                description="Language of the labels (default: German).",
            )
        ],
        responses={200: TaxonomyOutputSerializer},
        summary="Taxonomy codes with translated labels.",
    )
    def get(self, request):
        params = TaxonomyLanguageSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        language = params.validated_data.get("lang") or settings.LANGUAGE_CODE
        with translation.override(language):
            data = TaxonomyOutputSerializer(taxonomy_labels(language)).data
        return Response(data)
