from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "helpfirst.audit"
    label = "audit"
    verbose_name = "Audit log"
