from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from api.exceptions import NotFoundView
from api.public import views as public
from api.statistics import urls as statistics

public_patterns = [
    path("reports/", public.ReportSubmitView.as_view(), name="report-submit"),
    path("taxonomy/", public.TaxonomyView.as_view(), name="taxonomy"),
]

# The anonymous part of the API (DESIGN §2): routed below, and described on its own for
# integrators, who may not read the whole schema (staff only).
public_api_patterns = [
    path("v1/public/statistics/", include((statistics.public_urlpatterns, "public_statistics"))),
    path("v1/public/", include((public_patterns, "public"))),
]
public_schema = SpectacularAPIView.as_view(
    patterns=[path("api/", include(public_api_patterns))],
    authentication_classes=[],
    permission_classes=[AllowAny],
    custom_settings={
        "TITLE": "Meldestelle public API",
        "DESCRIPTION": "Anonymous discrimination reports: submission, taxonomy and the "
        "published statistics. Needs no account and sets no cookie.",
    },
)

urlpatterns = [
    path("v1/public/schema/", public_schema, name="public-schema"),
    *public_api_patterns,
    path("v1/statistics/", include((statistics.staff_urlpatterns, "staff_statistics"))),
    path("v1/", include(("api.staff.urls", "staff"))),
    path("v1/", include(("api.referrals.urls", "referrals"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Last: unknown URLs (ending in "/", so APPEND_SLASH still redirects) get the envelope.
    re_path(r"^(.*/)?$", NotFoundView.as_view(), name="not-found"),
]
