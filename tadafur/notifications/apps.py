from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tadafur.notifications"
    label = "notifications"
    verbose_name = "Follows and notifications"
