from django.contrib import admin

from helpfirst.calls.models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "journey", "occurred_at", "helping_score", "talk_ratio")
    list_filter = ("team", "input_format", "redaction", "has_sides")
    search_fields = ("title", "journey__title", "account__name")
    raw_id_fields = ("journey", "account", "owner", "uploaded_by", "interaction")
    filter_horizontal = ("contacts",)
    readonly_fields = ("analysis", "coaching_moments", "utterances", "created_at")
