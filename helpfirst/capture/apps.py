from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "helpfirst.capture"
    label = "capture"
    verbose_name = "Capture health"
