from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from reporting.models import CaseEvent, Organisation, OrganisationKey, StaffProfile
from reporting.services.staff_keys import user_password_reset


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

    list_display = ["user", "organisation", "failed_logins", "locked_until"]
    list_filter = ["organisation"]
    search_fields = ["user__username"]
    actions = ["unlock"]

    @admin.action(description="Unlock the selected accounts")
    def unlock(self, request, queryset):
        queryset.update(failed_logins=0, locked_until=None)


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
        user_password_reset(user=self.user, new_password=self.cleaned_data["password1"], actor=None)
        return self.user


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    change_password_form = KeyAwareAdminPasswordChangeForm
