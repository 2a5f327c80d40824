"""Staff sign-in: password, then second factor; own password change; sign-out."""

from urllib.parse import urlencode

from django.contrib.auth import login, logout, update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from frontend.form_errors import form_add_domain_error
from frontend.office.decorators import staff_verified
from frontend.office.forms import LoginForm, OwnPasswordForm, SecondFactorForm
from frontend.office.menu import landing_url
from reporting.services.second_factor import has_confirmed_totp
from reporting.services.staff_keys import user_password_change
from reporting.services.staff_login import staff_password_login, staff_second_factor
from reporting.vocabulary.errors import DomainError
from web import keysession
from web.staff_session import store_keys

ERROR_LOGIN = _("User name or password is wrong.")
ERROR_LOCKED = _("This account is locked for a while after too many failed logins.")
ERROR_SLOWED_DOWN = _("Several failed attempts in a row: please wait a moment and try again.")


def next_url(request) -> str | None:
    """A `next` path on this site (the admin sends its login here), or None."""
    url = request.GET.get("next", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def with_next(request, url_name: str) -> str:
    """The URL of the next login step, passing the `next` path on."""
    target = next_url(request)
    return reverse(url_name) + (f"?{urlencode({'next': target})}" if target else "")


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    """Password step. Every answer to a refused login is the same for every user name:
    wrong, wrong and please wait (slow-down), or locked (staff_password_login)."""
    request.no_store = True
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = staff_password_login(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if result.user is not None:
            login(request, result.user)  # rotates the session id
            response = redirect(with_next(request, "office:otp"))
            store_keys(request, response, result.keys, result.own_key)
            request.session["office_key_count"] = len(result.keys)
            return response
        form.add_error(None, ERROR_LOCKED if result.locked else ERROR_LOGIN)
        if result.slowed_down:
            form.add_error(None, ERROR_SLOWED_DOWN)
    return render(request, "office/login.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def otp_view(request):
    request.no_store = True
    if not request.user.is_authenticated:
        return redirect("office:login")
    if not has_confirmed_totp(request.user):
        return redirect(with_next(request, "office:otp_enrol"))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = staff_second_factor(user=request.user, code=form.cleaned_data["code"])
        except DomainError as refused:
            form_add_domain_error(form, refused)
            return render(request, "office/otp.html", {"form": form})
        otp_login(request, device)
        return redirect(next_url(request) or landing_url(request.user))
    return render(request, "office/otp.html", {"form": form})


@staff_verified
@require_http_methods(["GET", "HEAD", "POST"])
def password_view(request):
    """Own password change: the same key pair is re-wrapped, so grants stay."""
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(
            user=request.user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password"],
        )
        update_session_auth_hash(request, request.user)
        return render(request, "office/password.html", {"form": None, "changed": True})
    return render(request, "office/password.html", {"form": form})


@require_POST
def logout_view(request):
    response = redirect("office:login")
    keysession.destroy(request, response)
    logout(request)
    return response
