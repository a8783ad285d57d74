from django.contrib import admin

from helpfirst.capture.models import CaptureEvent, CaptureSource


@admin.register(CaptureSource)
class CaptureSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "team", "enabled", "last_success_at", "error_count")
    list_filter = ("kind", "enabled", "team")
    search_fields = ("name",)


@admin.register(CaptureEvent)
class CaptureEventAdmin(admin.ModelAdmin):
    list_display = ("source", "at", "ok", "stored", "duplicates", "rejected")
    list_filter = ("ok",)
