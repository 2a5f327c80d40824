"""Statistics API URLs, wired in by api/urls.py (before the "v1/public/" and "v1/" includes):

    from api.statistics import urls as statistics

    path("v1/public/statistics/", include((statistics.public_urlpatterns, "public_statistics"))),
    path("v1/statistics/", include((statistics.staff_urlpatterns, "staff_statistics"))),

The namespaces must not be "statistics": that one names the public HTML pages.
"""

from django.urls import path

from api.statistics import views

staff_urlpatterns = [
    path("", views.LiveStatisticsView.as_view(), name="live"),
    path("case-work/", views.CaseWorkView.as_view(), name="case-work"),
    path("export/", views.ExportView.as_view(), name="export"),
]

public_urlpatterns = [
    path("", views.PublishedListView.as_view(), name="list"),
    path("<int:year>/", views.PublishedLatestView.as_view(), name="latest"),
    path("<int:year>/<int:edition>/", views.PublishedReportView.as_view(), name="edition"),
]
