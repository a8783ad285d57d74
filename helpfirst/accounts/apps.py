from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "helpfirst.accounts"
    label = "accounts"
    verbose_name = "Accounts and contacts"

    def ready(self) -> None:
        from helpfirst.accounts import page_cache

        page_cache.connect()
