from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    name = "helpfirst.playbook"
    label = "playbook"
    verbose_name = "Playbook"
