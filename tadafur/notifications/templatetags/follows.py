"""`{% load follows %}{% follow_button obj %}`: a follow/unfollow form that needs no JavaScript.

Drop it on the page of anything registered with `kinds.register_followable` (a collectivity,
petition, budget cycle, body, programme). Anonymous visitors get a link to log in first.
"""

from __future__ import annotations

from typing import Any

from django import template

from tadafur.notifications import kinds, selectors
from tadafur.notifications.models import Channel

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context: template.Context, obj: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = obj is not None and kinds.is_followable(obj)
    follow = selectors.follow_of(user, obj) if shown else None
    checked = set()
    if shown and user is not None and user.is_authenticated:
        checked = {c for c in Channel.values if getattr(user, f"notify_{c}", False)} or {Channel.IN_APP.value}
    return {
        "shown": shown,
        "obj": obj,
        "label": obj._meta.label_lower if shown else "",
        "follow": follow,
        "user": user,
        "next": request.get_full_path() if request is not None else "",
        "channels": [(value, name, value in checked) for value, name in Channel.choices],
        "csrf_token": context.get("csrf_token"),
    }
