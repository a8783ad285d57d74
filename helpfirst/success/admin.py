from django.contrib import admin

from helpfirst.success.models import (
    BusinessCase,
    FitAtDecision,
    Milestone,
    SuccessPlan,
    ValueCheckpoint,
)


@admin.register(BusinessCase)
class BusinessCaseAdmin(admin.ModelAdmin):
    list_display = ("journey", "updated_by", "updated_at")
    raw_id_fields = ("journey",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class CheckpointInline(admin.TabularInline):
    model = ValueCheckpoint
    extra = 0


@admin.register(SuccessPlan)
class SuccessPlanAdmin(admin.ModelAdmin):
    list_display = ("journey", "started_on", "sentiment", "reference_consent")
    raw_id_fields = ("journey",)
    inlines = [MilestoneInline, CheckpointInline]


@admin.register(FitAtDecision)
class FitAtDecisionAdmin(admin.ModelAdmin):
    list_display = ("journey", "outcome", "fit_verdict", "fit_score", "decided_at")
    list_filter = ("outcome", "fit_verdict")
    raw_id_fields = ("journey",)
