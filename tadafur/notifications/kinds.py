"""What can be followed, what can be published, and how a message is worded (pure, no writes).

Modules declare once, in their AppConfig.ready() (or here, for the first modules):
- `register_followable("app_label.model", collectivity=lambda obj: ...)`: the model may be
  followed; `collectivity` says which collectivity an object belongs to;
- `register_event_kind(EventKind(...))`: the wording of an event, with `%(title)s` and any other
  placeholders taken from the event's context, and `labels` computing translated extras (a status
  label) in the recipient's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tadafur.accounts.sms import is_gsm7, sms_parts

# --- Followables ---------------------------------------------------------------------------

_followables: dict[str, Callable[[Any], Any]] = {}


def register_followable(label: str, *, collectivity: Callable[[Any], Any]) -> None:
    _followables[label.lower()] = collectivity


def is_followable(obj: models.Model | type[models.Model]) -> bool:
    return obj._meta.label_lower in _followables


def followable_labels() -> list[str]:
    return sorted(_followables)


def collectivity_of(obj: models.Model) -> Any:
    resolver = _followables.get(obj._meta.label_lower)
    return resolver(obj) if resolver else None


# --- Event kinds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventKind:
    name: str
    subject: str | Promise
    body: str | Promise
    sms: str | Promise
    # (context) -> extra placeholders, computed in the recipient's language (e.g. a status label).
    labels: Callable[[dict[str, Any]], dict[str, Any]] | None = None


GENERIC = EventKind(
    name="generic",
    subject=_("News about “%(title)s”"),
    body=_("There is news about “%(title)s”, which you follow."),
    sms=_("News: %(title)s"),
)

_kinds: dict[str, EventKind] = {}


def register_event_kind(kind: EventKind) -> EventKind:
    _kinds[kind.name] = kind
    return kind


def event_kind(name: str) -> EventKind:
    return _kinds.get(name, GENERIC)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    sms: str


def render(name: str, context: dict[str, Any], url: str) -> Rendered:
    """The event's wording in the active language; the SMS ends with the link and stays short."""
    kind = event_kind(name)
    values = {"title": "", **context}
    if kind.labels is not None:
        values.update({k: str(v) for k, v in kind.labels(context).items()})
    subject = str(kind.subject) % values
    body = str(kind.body) % values
    return Rendered(subject=subject[:300], body=body, sms=sms_compose(str(kind.sms), values, url))


# --- SMS -----------------------------------------------------------------------------------

SMS_MAX_PARTS = 2


def sms_compose(template: str, values: dict[str, Any], url: str, *, max_parts: int = SMS_MAX_PARTS) -> str:
    """`template % values` followed by the link, in at most `max_parts` SMS.

    Only the title is shortened, at a word boundary when one is near, with an ellipsis ("..."
    in GSM-7 so as not to switch a French message to UCS-2, "…" otherwise). Arabic and Tifinagh
    are sent as UCS-2: 70 characters in one SMS, 67 per part beyond; GSM-7 160, then 153.
    """
    title = str(values.get("title", ""))

    def build(shown: str) -> str:
        return f"{template % {**values, 'title': shown}} {url}".strip()

    text = build(title)
    if sms_parts(text) <= max_parts:
        return text
    ellipsis = "..." if is_gsm7(text) else "…"
    low, high = 0, len(title)
    best = build(ellipsis)
    # The longest prefix of the title that still fits (sms_parts grows with the length).
    while low <= high:
        middle = (low + high) // 2
        candidate = _cut(title, middle) + ellipsis
        if sms_parts(build(candidate)) <= max_parts:
            best = build(candidate)
            low = middle + 1
        else:
            high = middle - 1
    return best


def _cut(title: str, length: int) -> str:
    """The first `length` characters, backed off to the last space when one is close."""
    cut = title[:length]
    if length < len(title) and " " in cut:
        space = cut.rfind(" ")
        if space >= length - 12:
            cut = cut[:space]
    return cut.rstrip()
