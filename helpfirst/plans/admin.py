from django.contrib import admin

from helpfirst.plans.models import ActionPlan, BuyerLink, PlanStep


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0
    raw_id_fields = ("owner_user", "owner_contact", "updated_by")


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ("journey", "deal_type", "updated_at")
    raw_id_fields = ("journey",)
    inlines = [PlanStepInline]


@admin.register(BuyerLink)
class BuyerLinkAdmin(admin.ModelAdmin):
    list_display = ("prefix", "plan", "created_at", "expires_at", "revoked_at", "view_count")
    readonly_fields = ("token_hash", "prefix")
    raw_id_fields = ("plan", "created_by")
