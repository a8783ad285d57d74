"""Audit log: page URLs."""

from django.urls import path

from helpfirst.audit import views

urlpatterns = [path("audit/", views.audit_log, name="audit-log")]
