from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "helpfirst.crm"
    label = "crm"
    verbose_name = "CRM connectors"
