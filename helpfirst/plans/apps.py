from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "helpfirst.plans"
    label = "plans"
    verbose_name = "Mutual action plans"
