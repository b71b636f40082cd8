"""Demo: the personas follow their commune and what they took part in, with a few notifications.

Youssef follows Oulad Said by SMS and in his inbox; Amina follows Settat and its equality body;
Khadija follows Settat's participatory budget; Hassan prefers a daily digest. One piece of news
about each commune is published so that their inboxes are not empty. Idempotent: follows are
looked up first, and the news is published once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from tadafur.core.demo import OULAD_SAID, SETTAT
from tadafur.notifications import services
from tadafur.notifications.models import Event, Follow, Frequency

DEMO_TITLE = {SETTAT: "سطات", OULAD_SAID: "أولاد سعيد"}


def _follow(ctx: Any, key: str, obj: Any, channels: list[str] | None = None) -> None:
    user = ctx.people.get(key)
    if user is None or obj is None:
        return
    exists = Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).exists()
    if not exists:
        services.follow_create(user=user, obj=obj, channels=channels)
    ctx.count(not exists)


def load(ctx: Any) -> None:
    settat, oulad_said = ctx.communes[SETTAT], ctx.communes[OULAD_SAID]
    _follow(ctx, "youssef", oulad_said, ["in_app", "sms"])
    _follow(ctx, "amina", settat, ["in_app", "email"])
    _follow(ctx, "khadija", settat)
    _follow(ctx, "hassan", settat, ["in_app", "email"])
    try:
        from tadafur.bodies.models import Body

        _follow(ctx, "amina", Body.objects.filter(collectivity=settat).order_by("pk").first())
    except ImportError:  # pragma: no cover - module absent
        pass
    try:
        from tadafur.budgets.models import Cycle

        _follow(ctx, "khadija", Cycle.objects.filter(collectivity=settat).order_by("pk").first())
    except ImportError:  # pragma: no cover - module absent
        pass
    hassan = ctx.people.get("hassan")
    if hassan is not None:
        services.preference_update(
            user=hassan, in_app=True, email=bool(hassan.email), sms=False, frequency=Frequency.DAILY
        )
    territory_type = ContentType.objects.get_for_model(settat)
    for commune in (settat, oulad_said):
        if Event.objects.filter(content_type=territory_type, object_id=commune.pk, kind="generic").exists():
            ctx.count(False)
            continue
        services.publish("generic", commune, collectivity=commune, context={"title": DEMO_TITLE[commune.code]})
        ctx.count(True)
