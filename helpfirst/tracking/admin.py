from django.contrib import admin

from helpfirst.tracking.models import TrackedLink, TrackedSite, VisitEvent, Visitor


@admin.register(TrackedSite)
class TrackedSiteAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "ip_policy", "consent_required", "enabled")
    list_filter = ("team", "enabled")


@admin.register(Visitor)
class VisitorAdmin(admin.ModelAdmin):
    list_display = ("visitor_id", "site", "contact", "identified_by", "last_seen_at")
    raw_id_fields = ("contact",)


@admin.register(VisitEvent)
class VisitEventAdmin(admin.ModelAdmin):
    list_display = ("kind", "url", "page_type", "occurred_at", "promoted")
    raw_id_fields = ("visitor",)


@admin.register(TrackedLink)
class TrackedLinkAdmin(admin.ModelAdmin):
    list_display = ("destination", "contact", "reference", "clicks", "created_at")
    raw_id_fields = ("contact", "journey")
