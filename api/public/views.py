"""The only anonymous part of the API (DESIGN §2)."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
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
from api.throttling import SubmissionThrottle
from reporting.crypto import format_receipt_code
from reporting.selectors.taxonomy import taxonomy_labels
from reporting.services.reports import report_submit


class PublicAPIView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [SafeJSONParser]


class ReportSubmitView(PublicAPIView):
    throttle_classes = [SubmissionThrottle]

    @extend_schema(
        operation_id="public_report_submit",
        request=ReportSubmitInputSerializer,
        responses={201: ReportSubmitOutputSerializer},
        summary="Submit an anonymous report; the receipt code is returned once.",
    )
    def post(self, request):
        serializer = ReportSubmitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submitted = report_submit(submission=serializer.to_submission(serializer.validated_data))
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
