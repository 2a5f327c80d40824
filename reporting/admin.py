from contextvars import ContextVar
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from reporting.models import CaseEvent, Organisation, OrganisationKey, StaffProfile
from reporting.services.staff_keys import user_password_reset
from web import keysession

# The administrator whose request is saving a KeyAwareAdminPasswordChangeForm.
_acting_administrator = ContextVar("acting_administrator", default=None)


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


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(OrganisationKey)
class OrganisationKeyAdmin(admin.ModelAdmin):
    list_display = ["key_id", "organisation", "is_active", "created_at"]
    readonly_fields = ["key_id", "organisation", "is_active", "created_at"]
    exclude = ["public_key", "recovery_wrapped_private_key", "recovery_kdf"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a key destroys everything sealed to it


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    """Administrators see and lift login lockouts here."""

    list_display = ["user", "organisation", "failed_logins", "last_failed_login_at", "locked_until"]
    list_filter = ["organisation"]
    search_fields = ["user__username"]
    actions = ["unlock"]

    @admin.action(description="Unlock the selected accounts")
    def unlock(self, request, queryset):
        queryset.update(failed_logins=0, last_failed_login_at=None, locked_until=None)


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, never content."""

    list_display = ["created_at", "actor", "verb", "case", "subject", "from_status", "to_status"]
    list_filter = ["verb"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KeyAwareAdminPasswordChangeForm(AdminPasswordChangeForm):
    """An administrator's reset gives the user a new key pair: grants are lost."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["password1"].help_text = (
            "Warning: after this reset the user holds no organisation key and cannot read "
            "any report until a key holder grants the keys again (manage.py keys recover)."
        )

    def save(self, commit=True):
        user_password_reset(
            user=self.user,
            new_password=self.cleaned_data["password1"],
            actor=_acting_administrator.get(),
        )
        return self.user


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    change_password_form = KeyAwareAdminPasswordChangeForm

    def user_change_password(self, request, id, form_url=""):
        """The reset's KEYS_DROPPED event names the administrator who did it."""
        token = _acting_administrator.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_administrator.reset(token)
