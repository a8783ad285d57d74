from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "helpfirst.briefs"
    label = "briefs"
    verbose_name = "Committee, briefs and next actions"
