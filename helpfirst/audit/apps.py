from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "helpfirst.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from helpfirst.audit import capture, guard

        connection_created.connect(guard.register_sqlite_function, dispatch_uid="audit-guard")
        capture.connect()
