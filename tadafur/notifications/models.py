"""Follows and notifications (issue 6 §3).

A person *follows* an object (a collectivity, petition, budget cycle, body, programme: any model
named in `followables`) through a generic link. A service *publishes* an `Event` about an object;
a background task fans it out to the object's followers as one `Notification` each, rendered in
the follower's language, and one `Delivery` per outside channel (email, SMS) when the follower
wants messages at once. Deliveries are retried with backoff; after `MAX_ATTEMPTS` failures a
`DeadLetter` row tells the operator (Django admin). Followers who chose the daily digest get
their pending notifications grouped in one email or SMS a day.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    IN_APP = "in_app", pgettext_lazy("notification channel", "On the platform")
    EMAIL = "email", pgettext_lazy("notification channel", "Email")
    SMS = "sms", pgettext_lazy("notification channel", "SMS")


class Frequency(models.TextChoices):
    INSTANT = "instant", pgettext_lazy("notification frequency", "At once")
    DAILY = "daily", pgettext_lazy("notification frequency", "Once a day (digest)")


class Follow(models.Model):
    """A person follows one object; the channels ticked here are further limited by the
    person's own channel switches (User.notify_in_app/notify_email/notify_sms)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("person")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind of object"))
    object_id = models.PositiveBigIntegerField(_("object"))
    target = GenericForeignKey("content_type", "object_id")
    collectivity = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("collectivity"),
    )
    in_app = models.BooleanField(_("on the platform"), default=True)
    email = models.BooleanField(_("by email"), default=True)
    sms = models.BooleanField(_("by SMS"), default=True)
    automatic = models.BooleanField(_("followed automatically as a contributor"), default=False)
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="one_follow_per_object"),
        ]
        # The fan-out reads the followers of one object by primary key ranges.
        indexes = [models.Index(fields=["content_type", "object_id", "id"], name="follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Preference(models.Model):
    """How often a person wants to hear; the channels are the User's notify_* switches."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices, default=Frequency.INSTANT)
    digest_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class Event(models.Model):
    """Something happened to a followed object; `context` holds what the messages need
    (the title, the new status), never personal data."""

    kind = models.CharField(_("kind of event"), max_length=48)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind of object"))
    object_id = models.PositiveBigIntegerField(_("object"))
    collectivity = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("collectivity"),
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    # People already told directly by the publishing module (by email/SMS): in-app only for them.
    already_told = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The fan-out resumes after the last follow it handled if its task is run again.
    fanout_cursor = models.PositiveBigIntegerField(default=0)
    fanned_out_at = models.DateTimeField(_("fanned out at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.content_type_id}:{self.object_id}"


class Notification(models.Model):
    """One event for one person, already rendered in that person's language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("person")
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("event"))
    follow = models.ForeignKey(Follow, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(_("language"), max_length=3)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300)
    in_app = models.BooleanField(_("shown on the platform"), default=True)
    # Waiting for the person's daily digest, per channel.
    digest_email = models.BooleanField(default=False)
    digest_sms = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_notification_per_event")]
        indexes = [
            models.Index(fields=["user", "in_app", "read_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["user"],
                condition=models.Q(digest_email=True) | models.Q(digest_sms=True),
                name="notification_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery status", "Waiting")
    SENT = "sent", pgettext_lazy("delivery status", "Sent")
    RETRY = "retry", pgettext_lazy("delivery status", "Failed, will retry")
    DEAD = "dead", pgettext_lazy("delivery status", "Given up")


class Delivery(models.Model):
    """One message on one outside channel: a notification sent at once, or a daily digest.

    The recipient's address is not copied here: it is read from the account when sending, so a
    person who changes or removes a number is not written to at the old one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=3)
    status = models.CharField(_("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="retry"), name="delivery_retry_idx")
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"


class DeadLetter(models.Model):
    """A delivery given up after every retry failed: for the operator to look at (admin)."""

    delivery = models.OneToOneField(
        Delivery, on_delete=models.CASCADE, related_name="dead_letter", verbose_name=_("delivery")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"))
    error = models.CharField(_("last error"), max_length=300)
    created_at = models.DateTimeField(_("given up at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dead letter")
        verbose_name_plural = _("dead letters")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} #{self.delivery_id}: {self.error}"
