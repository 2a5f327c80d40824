from django.contrib import admin

from reporting.models import Organisation, OrganisationKey


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
