from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tadafur.accounts"
    label = "accounts"
    verbose_name = "Accounts"
