"""The Django admin's site: second factor required, and sign-in, sign-out and password
pages left to the back office (config/urls.py installs it)."""

from urllib.parse import urlencode

from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from web import keysession


class OfficeLoginAdminSite(OTPAdminSite):
    """The admin (second factor required) without a login, logout or password page of
    its own: those of the back office count failed logins, honour the lock and the
    slow-down, unlock and destroy the split-key session and re-wrap the personal key."""

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        next_url = request.GET.get("next", "")
        if not (
            next_url.startswith("/")
            and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(f"{reverse('office:login')}?{urlencode({'next': next_url})}")

    def logout(self, request, extra_context=None):
        """As the back office's logout: the session and the key cookie are destroyed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        response = redirect("office:login")
        keysession.destroy(request, response)
        auth_logout(request)
        return response

    def password_change(self, request, extra_context=None):
        """Django's form would not re-wrap the personal key: the office page does."""
        return redirect("office:password")

    def password_change_done(self, request, extra_context=None):
        return redirect("office:password")
