from django.urls import path

from frontend.office import views

app_name = "office"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/second-factor/", views.otp_view, name="otp"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.inbox, name="inbox"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("attachments/<uuid:pk>/", views.attachment_download, name="attachment"),
    path(
        "cases/<int:pk>/<str:action>/",
        views.case_action,
        name="case_action",
    ),
]
