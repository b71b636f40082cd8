from __future__ import annotations

from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "tadafur.steering"
    label = "steering"
    verbose_name = "Steering and monitoring committee"
