"""Capture health: page URLs."""

from django.urls import path

from helpfirst.capture import views

urlpatterns = [
    path("capture/", views.capture_health_page, name="capture-health"),
]
