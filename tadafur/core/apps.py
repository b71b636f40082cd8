from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tadafur.core"
    label = "core"
    verbose_name = "Core"
