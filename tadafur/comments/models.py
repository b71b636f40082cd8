"""Comments on public objects (petitions, budget proposals, programme projects) and their moderation.

A comment names its object generically (content type + id) so that any module can open its
objects to comments by registering them in `tadafur.comments.targets`. Threads are one level
deep: a reply answers a top-level comment, never another reply (database constraint below and
the service's check).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.comments.states import CommentStatus
from tadafur.core import clock


class AuthorLevel(models.TextChoices):
    """How the author was verified when posting (shown next to every comment)."""

    PHONE = "phone", pgettext_lazy("comment author level", "Phone confirmed")
    RESIDENT = "resident", pgettext_lazy("comment author level", "Verified resident")
    ASSOCIATION = "association", pgettext_lazy("comment author level", "Verified association")


class HideReason(models.TextChoices):
    INSULT = "insult", pgettext_lazy("moderation reason", "Insults, threats or harassment")
    DISCRIMINATION = "discrimination", pgettext_lazy("moderation reason", "Hate or discrimination")
    PERSONAL_DATA = "personal_data", pgettext_lazy("moderation reason", "Personal data of someone else")
    SPAM = "spam", pgettext_lazy("moderation reason", "Advertising or spam")
    OFF_TOPIC = "off_topic", pgettext_lazy("moderation reason", "Off topic")
    UNLAWFUL = "unlawful", pgettext_lazy("moderation reason", "Unlawful content")


class FlagReason(models.TextChoices):
    INSULT = "insult", pgettext_lazy("flag reason", "Insulting or threatening")
    DISCRIMINATION = "discrimination", pgettext_lazy("flag reason", "Hateful or discriminatory")
    PERSONAL_DATA = "personal_data", pgettext_lazy("flag reason", "Reveals someone's personal data")
    SPAM = "spam", pgettext_lazy("flag reason", "Advertising or spam")
    OFF_TOPIC = "off_topic", pgettext_lazy("flag reason", "Off topic")
    OTHER = "other", pgettext_lazy("flag reason", "Other")


class Comment(models.Model):
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    # The collectivity whose staff moderates it (copied from the target at posting).
    collectivity = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("collectivity")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_level = models.CharField(_("author verification"), max_length=12, choices=AuthorLevel.choices)
    text = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=8, choices=CommentStatus.choices, default=CommentStatus.VISIBLE, db_index=True
    )
    created_at = models.DateTimeField(_("posted at"), default=clock.now, db_index=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason"), max_length=16, choices=HideReason.choices, blank=True)
    hidden_note = models.CharField(_("explanation"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visible_at = models.DateTimeField(_("restored at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["target_type", "target_id", "created_at"]),
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["collectivity", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="hidden") | ~models.Q(hidden_reason=""),
                name="comments_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True) | ~models.Q(parent=models.F("id")),
                name="comments_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.text[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.status == CommentStatus.HIDDEN


class Flag(models.Model):
    """A person reports a comment to the moderators. One open flag per person per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    note = models.CharField(_("details"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("flagged at"), default=clock.now)
    # Set when a moderator hides the comment or decides to keep it.
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["comment", "flagged_by"], name="comments_one_flag_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id} · {self.reason}"
