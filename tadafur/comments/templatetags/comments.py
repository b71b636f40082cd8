"""`{% load comments %}{% comments_for object %}`: the discussion under a petition, proposal or project."""

from __future__ import annotations

from typing import Any

from django import template

from tadafur.comments import forms, permissions, selectors, targets

register = template.Library()


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def comments_for(context: template.Context, obj: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    target = targets.for_object(obj)
    if target is None or not target.is_public(obj):
        return {"enabled": False}
    collectivity = target.collectivity(obj)
    threads = selectors.threads(obj)
    # One set of forms per comment, so that every field id (and its label) is unique on the page.
    for t in threads:
        t.reply_form = forms.CommentForm(auto_id=f"id_reply{t.comment.pk}_%s")
        for c in (t.comment, *t.replies):
            c.flag_form = forms.FlagForm(auto_id=f"id_flag{c.pk}_%s")
            c.hide_form = forms.HideForm(auto_id=f"id_hide{c.pk}_%s")
    return {
        "enabled": True,
        "request": request,
        "obj": obj,
        "label": obj._meta.label_lower,
        "threads": threads,
        "can_comment": permissions.can_comment(user, obj),
        "can_moderate": bool(collectivity) and permissions.can_moderate(user, collectivity).ok,
        "collectivity": collectivity,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "form": forms.CommentForm(),
        "next": f"{obj.get_absolute_url()}#comments",
    }
