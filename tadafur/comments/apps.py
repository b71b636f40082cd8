from __future__ import annotations

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "tadafur.comments"
    label = "comments"
    verbose_name = "Comments and moderation"

    def ready(self) -> None:
        from tadafur.comments import indicators, permissions, targets  # noqa: F401 - registers action, indicators

        targets.register_defaults()
