from django.contrib import admin

from helpfirst.interactions.models import Interaction


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("kind", "occurred_at", "account", "contact", "journey", "source")
    list_filter = ("team", "kind", "page_type", "source")
    search_fields = ("subject", "url", "external_id")
    raw_id_fields = ("account", "contact", "journey")
    date_hierarchy = "occurred_at"
    show_full_result_count = False
