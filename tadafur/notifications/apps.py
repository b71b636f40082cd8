from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tadafur.notifications"
    label = "notifications"
    verbose_name = "Follows and notifications"

    def ready(self) -> None:
        from tadafur.notifications import events

        events.register_defaults()
