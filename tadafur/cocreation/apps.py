from __future__ import annotations

from django.apps import AppConfig


class CocreationConfig(AppConfig):
    name = "tadafur.cocreation"
    label = "cocreation"
    verbose_name = "Co-creation calls"
