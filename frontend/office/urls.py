from django.urls import path

from frontend.office import key_views, referral_views, views

app_name = "office"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/second-factor/", views.otp_view, name="otp"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_view, name="password"),
    path("keys/", key_views.key_grants, name="keys"),
    path("", views.inbox, name="inbox"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/history/", views.case_history, name="case_history"),
    path("attachments/<uuid:pk>/", views.attachment_download, name="attachment"),
    path("referrals/", referral_views.referral_list, name="referrals"),
    path("referrals/<uuid:pk>/", referral_views.referral_page, name="referral"),
    path("referrals/<uuid:pk>/step/", referral_views.referral_step_view, name="referral_step"),
    path(
        "cases/<int:pk>/<str:action>/",
        views.case_action,
        name="case_action",
    ),
]
