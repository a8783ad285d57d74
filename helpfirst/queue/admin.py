from django.contrib import admin

from helpfirst.queue.models import Snooze, StageSuggestionDecision


@admin.register(Snooze)
class SnoozeAdmin(admin.ModelAdmin):
    list_display = ("journey", "until", "by", "reason", "created_at")
    raw_id_fields = ("journey",)


@admin.register(StageSuggestionDecision)
class StageSuggestionDecisionAdmin(admin.ModelAdmin):
    list_display = ("journey", "suggested_stage", "decision", "chosen_stage", "by", "at")
    list_filter = ("decision",)
    raw_id_fields = ("journey",)
