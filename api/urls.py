from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.exceptions import NotFoundView
from api.public import views as public
from api.statistics import urls as statistics

public_patterns = [
    path("reports/", public.ReportSubmitView.as_view(), name="report-submit"),
    path("taxonomy/", public.TaxonomyView.as_view(), name="taxonomy"),
]

urlpatterns = [
    path("v1/public/statistics/", include((statistics.public_urlpatterns, "public_statistics"))),
    path("v1/statistics/", include((statistics.staff_urlpatterns, "staff_statistics"))),
    path("v1/public/", include((public_patterns, "public"))),
    path("v1/", include(("api.staff.urls", "staff"))),
    path("v1/", include(("api.referrals.urls", "referrals"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Last: unknown URLs (ending in "/", so APPEND_SLASH still redirects) get the envelope.
    re_path(r"^(.*/)?$", NotFoundView.as_view(), name="not-found"),
]
