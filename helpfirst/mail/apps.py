from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "helpfirst.mail"
    label = "mail"
    verbose_name = "E-mail capture"
