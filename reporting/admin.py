from django.contrib import admin

from reporting.models import CaseEvent, Organisation, OrganisationKey, StaffProfile


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
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
