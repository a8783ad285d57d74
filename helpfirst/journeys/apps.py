from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "helpfirst.journeys"
    label = "journeys"
    verbose_name = "Buyer journeys"
