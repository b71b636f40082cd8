"""The news item's status and its one transition table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class NewsStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news status", "Draft")
    PUBLISHED = "published", pgettext_lazy("news status", "Published")
    UNPUBLISHED = "unpublished", pgettext_lazy("news status", "Withdrawn from publication")


NEWS_TRANSITIONS: dict[str, set[str]] = {
    NewsStatus.DRAFT: {NewsStatus.PUBLISHED},
    NewsStatus.PUBLISHED: {NewsStatus.UNPUBLISHED},
    NewsStatus.UNPUBLISHED: {NewsStatus.PUBLISHED},
}
check_table(NEWS_TRANSITIONS, NewsStatus.values)
