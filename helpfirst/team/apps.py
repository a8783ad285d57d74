from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "helpfirst.team"
    label = "team"
    verbose_name = "Team, people and API tokens"
