from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "tadafur.petitions"
    label = "petitions"
    verbose_name = "Petitions"
