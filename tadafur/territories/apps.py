from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "tadafur.territories"
    label = "territories"
    verbose_name = "Territories"
