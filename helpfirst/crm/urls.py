"""CRM connectors: page URLs (the webhook receivers live under /api/crm/webhooks/)."""

from django.urls import path

from helpfirst.crm import views

urlpatterns = [
    path("crm/", views.connection_list_page, name="crm-connections"),
    path("crm/<int:pk>/", views.connection_detail_page, name="crm-connection-detail"),
    path("crm/<int:pk>/revoke/", views.connection_revoke, name="crm-connection-revoke"),
]
