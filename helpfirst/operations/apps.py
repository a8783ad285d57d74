from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "helpfirst.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from helpfirst.operations import checks  # noqa: F401 - registers the system checks
