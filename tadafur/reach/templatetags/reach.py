"""`{% load reach %}{% short_code object %}`: the object's short code, its tiny page and its poster."""

from __future__ import annotations

from typing import Any

from django import template

from tadafur.reach import codes, registry, selectors

register = template.Library()


@register.inclusion_tag("reach/_short_code.html")
def short_code(obj: Any) -> dict[str, Any]:
    """One read, never a write: a page's query count stays the same whether or not the object has
    its code yet. Without one, the link draws it (`reach:for_object`) and shows it."""
    entry = registry.for_object(obj)
    if entry is None or not entry.is_public(obj):
        return {"show": False}
    code = selectors.code_of(obj)
    return {
        "show": True,
        "code": code,
        "pretty": codes.pretty(code) if code else "",
        "label": obj._meta.label_lower,
        "pk": obj.pk,
    }
