from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "helpfirst.debriefs"
    label = "debriefs"
    verbose_name = "Debriefs"
