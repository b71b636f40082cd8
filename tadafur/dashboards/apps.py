from __future__ import annotations

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "tadafur.dashboards"
    label = "dashboards"
    verbose_name = "Indicators and dashboards"

    def ready(self) -> None:
        pass
