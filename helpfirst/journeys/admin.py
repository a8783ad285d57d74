from django.contrib import admin

from helpfirst.journeys.models import Journey, JourneyStakeholder, StageChange


class StakeholderInline(admin.TabularInline):
    model = JourneyStakeholder
    extra = 0
    raw_id_fields = ("contact",)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "changed_by", "changed_at", "reason")
    can_delete = False


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ("title", "account", "owner", "buying_stage", "expected_value", "updated_at")
    list_filter = ("team", "buying_stage", "owner")
    search_fields = ("title", "account__name", "stated_needs")
    raw_id_fields = ("account",)
    inlines = [StakeholderInline, StageChangeInline]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ("journey", "from_stage", "to_stage", "changed_by", "changed_at")
    list_filter = ("to_stage",)
    raw_id_fields = ("journey",)
