from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "helpfirst.interactions"
    label = "interactions"
    verbose_name = "Interactions"
