from __future__ import annotations

from django.contrib import admin

from tadafur.inforequests.models import DeadlineSettings, InfoRequest, PublicHoliday


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "confirmed"]
    list_filter = ["kind", "confirmed"]
    list_editable = ["confirmed"]
    date_hierarchy = "date"


@admin.register(DeadlineSettings)
class DeadlineSettingsAdmin(admin.ModelAdmin):
    list_display = ["collectivity", "answer_working_days", "extension_working_days"]
    raw_id_fields = ["collectivity"]


@admin.register(InfoRequest)
class InfoRequestAdmin(admin.ModelAdmin):
    # Read-only: every state change goes through the services (audited, requester told).
    list_display = ["reference", "collectivity", "status", "received_on", "due_on"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in InfoRequest._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
