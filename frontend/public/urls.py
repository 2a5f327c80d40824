from django.urls import path

from frontend.public import views

app_name = "frontend"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("privacy/", views.privacy, name="privacy"),
    path("impressum/", views.impressum, name="impressum"),
    path("help/", views.help_now, name="help"),
    path("report/", views.report_form, name="report"),
    path("report/saved/", views.receipt_confirm, name="receipt_confirm"),
    path("receipt/", views.receipt_login, name="receipt_login"),
    path("receipt/status/", views.receipt_status, name="receipt_status"),
    path("receipt/withdraw/", views.receipt_withdraw_consent, name="receipt_withdraw"),
    path(
        "receipt/withdraw-contact/",
        views.receipt_withdraw_contact,
        name="receipt_withdraw_contact",
    ),
    path("receipt/logout/", views.receipt_logout, name="receipt_logout"),
]
