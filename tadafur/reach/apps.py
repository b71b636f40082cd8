from __future__ import annotations

from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "tadafur.reach"
    label = "reach"
    verbose_name = "Short codes, plain status pages and posters"

    def ready(self) -> None:
        from tadafur.reach import defaults, permissions  # noqa: F401 - registers reach.assist

        defaults.register_defaults()
