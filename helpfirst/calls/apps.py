from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "helpfirst.calls"
    label = "calls"
    verbose_name = "Calls"
