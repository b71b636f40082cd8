"""The session rules in the admin, for the platform's jurist: every save is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from tadafur.council import services
from tadafur.council.models import SessionRule


@admin.register(SessionRule)
class SessionRuleAdmin(admin.ModelAdmin):
    list_display = (
        "level", "ordinary_months", "ordinary_notice_days", "extraordinary_notice_days",
        "valid_from", "reliability", "citation",
    )  # fmt: skip
    list_filter = ("level", "reliability")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        services.session_rule_save(rule=obj, actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A rule that sessions were planned under stays in the history: add a newer dated row instead.
        return False
