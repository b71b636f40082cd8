"""Writes for news: create (a draft), publish, withdraw. Each is permission-checked, atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tadafur.core.audit import audit_record
from tadafur.core.errors import ValidationFailed
from tadafur.core.states import transition
from tadafur.news import notify, permissions
from tadafur.news.models import NewsItem, NewsKind
from tadafur.news.rules import LANGUAGES
from tadafur.news.states import NEWS_TRANSITIONS, NewsStatus


def news_create(
    *,
    collectivity: Any,
    kind: str,
    titles: Mapping[str, str],
    texts: Mapping[str, str],
    actor: Any,
    body: Any = None,
    deadline: dt.date | None = None,
    image: Any = None,
    attachment: Any = None,
    publish: bool = False,
) -> NewsItem:
    """A news item or call in any of the four languages; `image` must come from the upload
    pipeline (tadafur.core.uploads: re-encoded JPEG), `attachment` from its PDF check."""
    permissions.can_publish(actor, collectivity).require()
    errors: dict[str, list[str]] = {}
    if kind not in NewsKind.values:
        errors["kind"] = [_("Choose the kind.")]
    titles = {lang: (titles.get(lang) or "").strip() for lang in LANGUAGES}
    texts = {lang: (texts.get(lang) or "").strip() for lang in LANGUAGES}
    if not any(titles.values()):
        errors["title_ar"] = [_("Write a title in at least one language.")]
    for lang in LANGUAGES:
        if texts[lang] and not titles[lang]:
            errors[f"title_{lang}"] = [_("A text needs its title in the same language.")]
    if kind == NewsKind.CALL and deadline is None:
        errors["deadline"] = [_("A call for participation needs a deadline.")]
    if body is not None and body.collectivity_id != collectivity.pk:
        errors["body"] = [_("This body belongs to another collectivity.")]
    if errors:
        raise ValidationFailed(_("The news item is incomplete."), errors=errors)
    with transaction.atomic():
        item = NewsItem(
            collectivity=collectivity,
            body=body,
            kind=kind,
            deadline=deadline if kind == NewsKind.CALL else None,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **{f"title_{lang}": titles[lang] for lang in LANGUAGES},
            **{f"text_{lang}": texts[lang] for lang in LANGUAGES},
        )
        if image:
            item.image.save("image.jpg", image, save=False)
        if attachment:
            item.attachment.save("attachment.pdf", attachment, save=False)
        item.save()
        audit_record(
            actor=actor,
            action="news.create",
            obj=item,
            collectivity=collectivity,
            after={
                "kind": kind,
                "languages": [lang for lang in LANGUAGES if titles[lang]],
                "image": bool(image),
                "attachment": bool(attachment),
            },
        )
        if publish:
            item = news_publish(item=item, actor=actor)
    return item


def news_publish(*, item: NewsItem, actor: Any) -> NewsItem:
    """Publish (or publish again); the collectivity's followers are told the first time only."""
    permissions.can_publish(actor, item.collectivity).require()
    with transaction.atomic():
        first_time = item.published_at is None
        item = transition(
            item, NewsStatus.PUBLISHED, table=NEWS_TRANSITIONS, actor=actor, collectivity=item.collectivity
        )
        if first_time:
            notify.news_published(item)
    return item


def news_unpublish(*, item: NewsItem, actor: Any) -> NewsItem:
    permissions.can_publish(actor, item.collectivity).require()
    return transition(item, NewsStatus.UNPUBLISHED, table=NEWS_TRANSITIONS, actor=actor, collectivity=item.collectivity)
