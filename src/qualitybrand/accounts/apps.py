from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qualitybrand.accounts"
    label = "accounts"
