from django.apps import AppConfig


class HelpQueueConfig(AppConfig):
    name = "helpfirst.queue"
    label = "help_queue"
    verbose_name = "Help queue"
