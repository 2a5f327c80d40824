from contextvars import ContextVar

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from reporting.models import (
    AuditEvent,
    CounsellingService,
    Organisation,
    OrganisationKey,
    StaffProfile,
)
from reporting.services.organisations import (
    organisation_delete_by_administrator,
    organisation_save_by_administrator,
)
from reporting.services.second_factor import second_factor_reset
from reporting.services.staff_accounts import staff_unlock
from reporting.services.staff_keys import user_password_reset

# The administrator whose request is saving a KeyAwareAdminPasswordChangeForm.
_acting_administrator = ContextVar("acting_administrator", default=None)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_email", "is_active", "is_paused"]
    list_filter = ["kind", "is_active", "is_paused"]
    search_fields = ["name"]

    # Directory changes are audited like a partner's own (who, which organisation).
    def save_model(self, request, obj, form, change):
        organisation_save_by_administrator(organisation=obj, actor=request.user)

    def delete_model(self, request, obj):
        organisation_delete_by_administrator(organisation=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for organisation in queryset:
            organisation_delete_by_administrator(organisation=organisation, actor=request.user)


class CounsellingServiceForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False
    )
    website = forms.URLField(assume_scheme="https", required=False)

    class Meta:
        model = CounsellingService
        fields = [
            "name", "help_with", "languages", "phone", "website", "address", "districts",
            "is_active",
        ]  # fmt: skip


@admin.register(CounsellingService)
class CounsellingServiceAdmin(admin.ModelAdmin):
    """The directory reporters see on "Help now" and after sending a report."""

    form = CounsellingServiceForm
    list_display = ["name", "phone", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "help_with"]


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
        staff_unlock(profiles=queryset, actor=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second factor (the user sets up an app at next login)")
    def reset_second_factor(self, request, queryset):
        count = second_factor_reset(users=queryset, actor=request.user)
        self.message_user(request, f"Second factor reset for {count} account(s).")

    def user_change_password(self, request, id, form_url=""):
        """The reset's KEYS_DROPPED event names the administrator who did it."""
        token = _acting_administrator.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_administrator.reset(token)
