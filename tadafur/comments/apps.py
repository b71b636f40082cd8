from __future__ import annotations

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "tadafur.comments"
    label = "comments"
    verbose_name = "Comments and moderation"
