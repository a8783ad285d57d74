from django.contrib import admin

from helpfirst.privacy.models import PrivacySettings, RetentionPolicy


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(admin.ModelAdmin):
    list_display = ("team", "redact_card_numbers", "updated_at")


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ("team", "target", "keep_for", "unit", "enabled", "last_applied_at")
    list_filter = ("target", "enabled")
