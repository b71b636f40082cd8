from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "tadafur.bodies"
    label = "bodies"
    verbose_name = "Consultative bodies"
