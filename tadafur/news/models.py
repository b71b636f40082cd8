"""News and calls for participation (أخبار ونداءات للمشاركة / actualités et appels à participation),
per collectivity and optionally per consultative body, written in any of the four languages."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.core import clock
from tadafur.news.rules import LANGUAGES, pick_language
from tadafur.news.states import NewsStatus


class NewsKind(models.TextChoices):
    NEWS = "news", pgettext_lazy("news kind", "News")
    CALL = "call", pgettext_lazy("news kind", "Call for participation")


def image_path(instance: NewsItem, filename: str) -> str:
    # Never keep the uploader's file name: it may carry personal data.
    return f"news/images/{instance.collectivity_id}-{uuid.uuid4().hex}.jpg"


def attachment_path(instance: NewsItem, filename: str) -> str:
    return f"news/attachments/{instance.collectivity_id}-{uuid.uuid4().hex[:12]}.pdf"


class NewsItem(models.Model):
    collectivity = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="news_items", verbose_name=_("collectivity")
    )
    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_items",
        verbose_name=_("consultative body"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=NewsKind.choices, default=NewsKind.NEWS)
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_zgh = models.CharField(_("title in Tifinagh"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    text_ar = models.TextField(_("text in Arabic"), blank=True)
    text_fr = models.TextField(_("text in French"), blank=True)
    text_zgh = models.TextField(_("text in Tifinagh"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    image = models.FileField(_("image"), upload_to=image_path, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=NewsStatus.choices, default=NewsStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["collectivity", "status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=NewsKind.CALL) | Q(deadline__isnull=False), name="news_call_has_deadline"
            ),
            models.CheckConstraint(
                condition=~Q(title_ar="", title_fr="", title_zgh="", title_en=""), name="news_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return self.localized().title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])

    def localized(self, language: str | None = None) -> Localized:
        from django.utils.translation import get_language

        requested = (language or get_language() or "ar").split("-")[0]
        lang = pick_language({code: getattr(self, f"title_{code}") for code in LANGUAGES}, requested)
        return Localized(
            language=lang,
            requested=requested,
            title=getattr(self, f"title_{lang}", "") if lang else "",
            text=getattr(self, f"text_{lang}", "") if lang else "",
        )

    def is_open_call(self, today: Any = None) -> bool:
        return self.kind == NewsKind.CALL and self.deadline is not None and self.deadline >= (today or clock.today())


class Localized:
    """The title and text shown, in which language, and whether it is a fallback."""

    def __init__(self, *, language: str, requested: str, title: str, text: str) -> None:
        self.language = language
        self.requested = requested
        self.title = title
        self.text = text

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    @property
    def language_name(self) -> str:
        from django.conf.locale import LANG_INFO

        info = LANG_INFO.get(self.language, {})
        return str(info.get("name_local", self.language))

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"
