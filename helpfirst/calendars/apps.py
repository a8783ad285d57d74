from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "helpfirst.calendars"
    label = "calendars"
    verbose_name = "Calendar capture"
