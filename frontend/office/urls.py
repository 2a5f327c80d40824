from django.urls import path

from frontend.office.views import (
    account,
    cases,
    deadlines,
    enrolment,
    external_referrals,
    institutions,
    intake,
    keys,
    links,
    own_cases,
    referrals,
    translations,
)

app_name = "office"

urlpatterns = [
    path("login/", account.login_view, name="login"),
    path("login/second-factor/", account.otp_view, name="otp"),
    path("login/second-factor/set-up/", enrolment.enrolment_view, name="otp_enrol"),
    path("logout/", account.logout_view, name="logout"),
    path("password/", account.password_view, name="password"),
    path("keys/", keys.key_grants, name="keys"),
    path("", cases.inbox, name="inbox"),
    path("intake/", intake.intake, name="intake"),
    path("figures/", own_cases.own_figures, name="own_figures"),
    path("shared/", own_cases.shared_cases, name="shared_cases"),
    path(
        "shared/<int:pk>/links/<str:action>/",
        links.shared_case_link_action,
        name="shared_case_link_action",
    ),
    path("languages/", translations.languages_read, name="languages"),
    path("translations/", translations.interpreter_requests, name="interpreter_requests"),
    path("translations/<uuid:pk>/", translations.interpreter_request, name="interpreter_request"),
    path(
        "cases/<int:pk>/translation/",
        translations.case_translation_add,
        name="case_translation_add",
    ),
    path(
        "cases/<int:pk>/interpreter/",
        translations.case_translation_request,
        name="case_translation_request",
    ),
    path("cases/<int:pk>/", cases.case_page, name="case"),
    path("cases/<int:pk>/history/", cases.case_history, name="case_history"),
    path("attachments/<uuid:pk>/", cases.attachment_download, name="attachment"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<uuid:pk>/", referrals.referral_page, name="referral"),
    path("referrals/<uuid:pk>/step/", referrals.referral_step_view, name="referral_step"),
    path("organisation/", external_referrals.organisation_entry, name="organisation"),
    path(
        "cases/<int:pk>/external-referral/",
        external_referrals.external_referral,
        name="external_referral",
    ),
    path(
        "cases/<int:pk>/deadlines/<str:action>/",
        deadlines.deadline_action,
        name="deadline_action",
    ),
    path("cases/<int:pk>/links/<str:action>/", links.case_link_action, name="case_link_action"),
    path(
        "cases/<int:pk>/institutions/<str:action>/",
        institutions.institution_action,
        name="institution_action",
    ),
    path(
        "cases/<int:pk>/<str:action>/",
        cases.case_action,
        name="case_action",
    ),
]
