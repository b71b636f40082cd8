from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tadafur.api"
    label = "api"
    verbose_name = "API"
