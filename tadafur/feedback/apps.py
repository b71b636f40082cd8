from __future__ import annotations

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "tadafur.feedback"
    label = "feedback"
    verbose_name = "Service feedback"
