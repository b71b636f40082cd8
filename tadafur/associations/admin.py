from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from tadafur.associations.models import (
    Association,
    AssociationDomain,
    AssociationRule,
    Branch,
    Representative,
)
from tadafur.core.audit import audit_record


class DomainInline(admin.TabularInline):
    model = AssociationDomain
    extra = 0


class BranchInline(admin.TabularInline):
    model = Branch
    extra = 0
    raw_id_fields = ["collectivity"]


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    """Read-mostly: verification and standing go through the review pages so they are audited;
    the status fields are read-only here."""

    list_display = ["name_fr", "name_ar", "registration_reference", "seat", "status", "in_good_standing"]
    list_filter = ["status", "in_good_standing", "domains__domain"]
    search_fields = ["name_fr", "name_ar", "registration_reference", "seat__code"]
    raw_id_fields = ["seat"]
    readonly_fields = [
        "status",
        "verified_at",
        "rejected_at",
        "unverified_at",
        "rejection_reason",
        "in_good_standing",
        "standing_checked_at",
        "standing_note",
        "democratic_functioning",
    ]
    inlines = [DomainInline, BranchInline, RepresentativeInline]

    def save_model(self, request: HttpRequest, obj: Association, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="association.admin_change" if change else "association.admin_add",
                obj=obj,
                collectivity=obj.seat,
                after={"fields": sorted(form.changed_data)},
            )


@admin.register(AssociationRule)
class AssociationRuleAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "valid_from", "valid_until", "citation"]
    list_filter = ["key"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Bulk deletion would bypass delete_model and so the audit log.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request: HttpRequest, obj: AssociationRule, form: ModelForm, change: bool) -> None:
        before: dict[str, Any] = {}
        if change and obj.pk:
            old = AssociationRule.objects.get(pk=obj.pk)
            before = {name: getattr(old, name) for name in form.changed_data}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="association_rule.change" if change else "association_rule.add",
                obj=obj,
                before=before,
                after={name: getattr(obj, name) for name in (form.changed_data or ["key", "value", "valid_from"])},
            )

    def delete_model(self, request: HttpRequest, obj: AssociationRule) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="association_rule.delete",
                obj=obj,
                before={"key": obj.key, "value": obj.value, "valid_from": obj.valid_from},
            )
            super().delete_model(request, obj)
