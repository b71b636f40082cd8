from __future__ import annotations

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "tadafur.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self) -> None:
        from tadafur.opendata import datasets

        datasets.register()
