from __future__ import annotations

from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "tadafur.news"
    label = "news"
    verbose_name = "News and calls for participation"
