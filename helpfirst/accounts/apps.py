from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "helpfirst.accounts"
    label = "accounts"
    verbose_name = "Accounts and contacts"
