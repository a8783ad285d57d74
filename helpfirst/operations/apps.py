from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "helpfirst.operations"
    label = "operations"
    verbose_name = "Operations"
