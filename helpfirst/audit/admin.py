from django.contrib import admin

from helpfirst.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, so nobody adds, changes or deletes entries."""

    list_display = ("at", "username", "action", "object_type", "object_id", "label", "via")
    list_filter = ("action", "object_type", "via")
    search_fields = ("username", "object_type", "object_id", "label")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
