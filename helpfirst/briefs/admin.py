from django.contrib import admin

from helpfirst.briefs.models import FollowUpTemplate


@admin.register(FollowUpTemplate)
class FollowUpTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "active", "updated_at")
    list_filter = ("active",)
