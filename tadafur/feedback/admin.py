from __future__ import annotations

from django.contrib import admin

from tadafur.feedback.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    # Read-only: every state change goes through the services (audited, reporter told).
    list_display = ["pk", "collectivity", "service", "status", "reported_at"]
    list_filter = ["service", "status"]
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
