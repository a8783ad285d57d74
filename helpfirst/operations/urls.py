"""Operations: page URLs (the readiness probe; /healthz lives in helpfirst.site.urls)."""

from django.urls import path

from helpfirst.operations import views

urlpatterns: list = [path("readyz", views.readyz, name="readyz")]
