from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "helpfirst.tracking"
    label = "tracking"
    verbose_name = "Website tracking"
