"""Privacy: page URLs."""

from django.urls import path

from helpfirst.privacy import views

urlpatterns = [
    path("privacy/contacts/<int:pk>/", views.contact_privacy, name="privacy-contact"),
    path(
        "privacy/contacts/<int:pk>/export.json",
        views.contact_export_download,
        name="privacy-contact-export",
    ),
    path("privacy/contacts/<int:pk>/erase/", views.contact_erase, name="privacy-contact-erase"),
    path("privacy/settings/", views.privacy_settings, name="privacy-settings"),
]
