from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.public import views as public

public_patterns = [
    path("reports/", public.ReportSubmitView.as_view(), name="report-submit"),
    path("taxonomy/", public.TaxonomyView.as_view(), name="taxonomy"),
]

urlpatterns = [
    path("v1/public/", include((public_patterns, "public"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
