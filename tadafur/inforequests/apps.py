from __future__ import annotations

from django.apps import AppConfig


class InforequestsConfig(AppConfig):
    name = "tadafur.inforequests"
    label = "inforequests"
    verbose_name = "Access to information requests"
