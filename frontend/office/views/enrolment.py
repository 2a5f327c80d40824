"""Setting up the authenticator app: after the password step, for a staff user who has
none (a new account, or one an administrator reset). The page is only ever about the
signed-in user; anybody else, and a user who has an app already, gets a 404."""

import base64

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from frontend.form_errors import form_add_domain_error
from frontend.office.forms import EnrolmentCodeForm
from frontend.office.menu import landing_url
from frontend.office.qr import qr_svg
from frontend.office.views.account import next_url
from reporting.services.second_factor import (
    AlreadyEnrolled,
    totp_enrolment_confirm,
    totp_enrolment_device,
)
from reporting.vocabulary.errors import DomainError

SECRET_GROUP = 4  # characters per group of the secret typed by hand


def _secret_for_typing(device) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + SECRET_GROUP] for i in range(0, len(secret), SECRET_GROUP))


@require_http_methods(["GET", "HEAD", "POST"])
def enrolment_view(request):
    request.no_store = True  # the page shows the secret and, once, the backup codes
    user = request.user
    if not user.is_authenticated:
        return redirect("office:login")
    if not hasattr(user, "staff"):
        raise Http404
    try:
        device = totp_enrolment_device(user=user)
    except AlreadyEnrolled:
        raise Http404 from None
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = totp_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except DomainError as refused:
            form_add_domain_error(form, refused)
        else:
            otp_login(request, device)
            return render(
                request,
                "office/otp_backup_codes.html",
                {"codes": codes, "continue_url": next_url(request) or landing_url(user)},
            )
    return render(
        request,
        "office/otp_enrol.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": _secret_for_typing(device),
            "account": user.get_username(),
        },
    )
