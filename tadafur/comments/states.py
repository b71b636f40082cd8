"""Status of a comment and its one transition table (STYLE.md §3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", pgettext_lazy("comment status", "Visible")
    HIDDEN = "hidden", pgettext_lazy("comment status", "Hidden by moderation")


TRANSITIONS: dict[str, set[str]] = {
    CommentStatus.VISIBLE: {CommentStatus.HIDDEN},
    # A moderator may restore a comment hidden by mistake (audited like the hiding).
    CommentStatus.HIDDEN: {CommentStatus.VISIBLE},
}
check_table(TRANSITIONS, CommentStatus.values)
