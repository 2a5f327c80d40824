from django.urls import path

from frontend.office.views import account, cases, deadlines, keys, referrals

app_name = "office"

urlpatterns = [
    path("login/", account.login_view, name="login"),
    path("login/second-factor/", account.otp_view, name="otp"),
    path("logout/", account.logout_view, name="logout"),
    path("password/", account.password_view, name="password"),
    path("keys/", keys.key_grants, name="keys"),
    path("", cases.inbox, name="inbox"),
    path("cases/<int:pk>/", cases.case_page, name="case"),
    path("cases/<int:pk>/history/", cases.case_history, name="case_history"),
    path("attachments/<uuid:pk>/", cases.attachment_download, name="attachment"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<uuid:pk>/", referrals.referral_page, name="referral"),
    path("referrals/<uuid:pk>/step/", referrals.referral_step_view, name="referral_step"),
    path(
        "cases/<int:pk>/deadlines/<str:action>/",
        deadlines.deadline_action,
        name="deadline_action",
    ),
    path(
        "cases/<int:pk>/<str:action>/",
        cases.case_action,
        name="case_action",
    ),
]
