"""Statistics URLs, wired in by config/urls.py inside i18n_patterns:

path("office/statistics/", include((office_urlpatterns, "office_statistics"))),
path("statistics/", include((public_urlpatterns, "statistics"))),
"""

from django.urls import path

from frontend.statistics import exports, office, views

public_urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:year>/", views.report_latest, name="year"),
    path("<int:year>/<int:edition>/", views.report_detail, name="detail"),
    path("<int:year>/<int:edition>/report.json", views.report_json, name="report_json"),
    path("<int:year>/<int:edition>/<slug:table>.csv", views.table_csv, name="table_csv"),
    path("<int:year>/<int:edition>/<slug:table>.json", views.table_json, name="table_json"),
]

office_urlpatterns = [
    path("", office.dashboard, name="dashboard"),
    path("export/", exports.export, name="export"),
    path("reports/", office.report_create, name="report_create"),
    path("reports/<int:pk>/", office.report_review, name="report"),
    path("reports/<int:pk>/<slug:action>/", office.report_action, name="report_action"),
]
