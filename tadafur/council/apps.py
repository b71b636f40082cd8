from __future__ import annotations

from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "tadafur.council"
    label = "council"
    verbose_name = "Council sessions"
