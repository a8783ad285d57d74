from django.apps import AppConfig


class SuccessConfig(AppConfig):
    name = "helpfirst.success"
    label = "success"
    verbose_name = "Business cases and customer success"
