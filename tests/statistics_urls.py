"""The project's URLs plus the statistics URLs, until config/urls.py includes them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from api.statistics import urls as api_statistics
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns
from frontend.statistics import urls as statistics

urlpatterns = [
    path(
        "api/v1/statistics/",
        include((api_statistics.staff_urlpatterns, "staff_statistics")),
    ),
    path(
        "api/v1/public/statistics/",
        include((api_statistics.public_urlpatterns, "public_statistics")),
    ),
    *project_urlpatterns,
]
urlpatterns += i18n_patterns(
    path("office/statistics/", include((statistics.office_urlpatterns, "office_statistics"))),
    path("statistics/", include((statistics.public_urlpatterns, "statistics"))),
    prefix_default_language=True,
)
