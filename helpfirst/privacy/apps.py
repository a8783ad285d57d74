from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "helpfirst.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from helpfirst.privacy import redaction, retention

        redaction.connect()
        retention.register_builtin_targets()
