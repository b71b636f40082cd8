"""Operators see the dead letters (deliveries given up after every retry) and can retry them."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.notifications.models import DeadLetter, Delivery, DeliveryStatus, Event


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "attempts", "error", "resolved_at")
    list_filter = ("channel", ("resolved_at", admin.EmptyFieldListFilter))
    readonly_fields = ("delivery", "channel", "attempts", "error", "created_at", "resolved_at")
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry the selected deliveries now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[DeadLetter]) -> None:
        from tadafur.notifications.tasks import attempt

        sent = 0
        for letter in queryset.select_related("delivery__user").filter(resolved_at__isnull=True):
            delivery = letter.delivery
            delivery.attempts = 0
            delivery.status = DeliveryStatus.RETRY
            if attempt(delivery):
                sent += 1
                letter.resolved_at = clock.now()
                letter.save(update_fields=["resolved_at"])
        self.message_user(request, _("%(count)s delivered.") % {"count": sent}, messages.INFO)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("channel", "status")
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "content_type", "object_id", "recipients", "fanned_out_at")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
