from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "helpfirst.privacy"
    label = "privacy"
    verbose_name = "Privacy"
