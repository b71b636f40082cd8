from __future__ import annotations

from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "tadafur.reach"
    label = "reach"
    verbose_name = "Short codes, plain status pages and posters"
