from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tadafur.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from tadafur.core import checks  # noqa: F401 - registers the deployment checks
