"""The rulebook in the admin, for the platform's jurist: every save and delete is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from tadafur.petitions import services
from tadafur.petitions.models import InadmissibilityGround, PetitionRule


class AuditedRulebookAdmin(admin.ModelAdmin):
    """Writes go through `services.rulebook_row_*` so each one leaves an audit entry."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        services.rulebook_row_save(row=obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.rulebook_row_delete(row=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            services.rulebook_row_delete(row=obj, actor=request.user)


@admin.register(PetitionRule)
class PetitionRuleAdmin(AuditedRulebookAdmin):
    list_display = (
        "key", "level", "instrument", "kind", "population_min", "population_max",
        "value", "unit", "valid_from", "valid_to", "reliability",
    )  # fmt: skip
    list_filter = ("key", "level", "instrument", "reliability")
    search_fields = ("citation", "source_note", "notes")
    fieldsets = (
        (None, {"fields": ("key", "value", "unit")}),
        ("Scope", {"fields": ("level", "instrument", "kind", "population_min", "population_max")}),
        (
            "Validity and source",
            {"fields": ("valid_from", "valid_to", "citation", "source_note", "reliability", "notes")},
        ),
    )


@admin.register(InadmissibilityGround)
class InadmissibilityGroundAdmin(AuditedRulebookAdmin):
    list_display = ("code", "label", "reliability", "valid_from", "valid_to")
    list_filter = ("reliability",)
    search_fields = ("code", "label", "citation")
