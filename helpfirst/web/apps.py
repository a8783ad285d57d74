from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "helpfirst.web"
    label = "web"
    verbose_name = "Web app shell"
