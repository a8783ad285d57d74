from django.apps import AppConfig


class FitConfig(AppConfig):
    name = "helpfirst.fit"
    label = "fit"
    verbose_name = "Fit first"

    def ready(self) -> None:
        from helpfirst.fit import signals

        signals.connect()
