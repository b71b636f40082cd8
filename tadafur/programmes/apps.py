from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "tadafur.programmes"
    label = "programmes"
    verbose_name = "Action programmes"
