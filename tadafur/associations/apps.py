from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "tadafur.associations"
    label = "associations"
    verbose_name = "Associations"
