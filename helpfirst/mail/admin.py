from django.contrib import admin

from helpfirst.mail.models import MailSettings


@admin.register(MailSettings)
class MailSettingsAdmin(admin.ModelAdmin):
    list_display = ("team", "store_bodies", "drop_local_part", "drop_domain", "updated_at")
    search_fields = ("team__name", "drop_local_part")
