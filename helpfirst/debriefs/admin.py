from django.contrib import admin

from helpfirst.debriefs.models import Debrief


@admin.register(Debrief)
class DebriefAdmin(admin.ModelAdmin):
    list_display = ("journey", "kind", "outcome", "author", "created_at")
    list_filter = ("team", "kind", "outcome")
    search_fields = ("journey__title", "what_happened", "why", "do_differently")
    raw_id_fields = ("journey", "interaction", "problem")
