from django.contrib import admin

from helpfirst.crm.models import CrmConnection, WebhookDelivery


@admin.register(CrmConnection)
class CrmConnectionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "team", "created_at", "revoked_at", "last_delivery_at")
    list_filter = ("kind",)
    exclude = ("secret",)  # never shown after creation


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event_id", "connection", "object_type", "object_id", "status", "received_at")
    list_filter = ("status", "object_type")
