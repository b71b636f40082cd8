"""What has a short code and a plain status page: a registry other apps fill from ready().

    from tadafur.reach import registry
    registry.register("council.session", status_lines=lambda s: [...], url=lambda s: s.get_absolute_url())

- `status_lines(obj)` → [(label, value), ...]: key facts (status, figures, deadline), called
  with the visitor's language active, so labels are translated with gettext;
- `url(obj)` → the full page's path; `title(obj)` → the title (default: str(obj));
- `is_public(obj)` → False hides the object (404), e.g. a draft petition;
- `collectivity(obj)` → the collectivity shown on the poster (whose help desk assists).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

Line = tuple[str, str]


@dataclass(frozen=True)
class Entry:
    label: str
    status_lines: Callable[[Any], list[Line]]
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    is_public: Callable[[Any], bool]
    collectivity: Callable[[Any], Any]


_entries: dict[str, Entry] = {}


def register(
    model_label: str,
    *,
    status_lines: Callable[[Any], list[Line]],
    url: Callable[[Any], str] | None = None,
    title: Callable[[Any], str] = str,
    is_public: Callable[[Any], bool] = lambda obj: True,
    collectivity: Callable[[Any], Any] = lambda obj: getattr(obj, "collectivity", None),
) -> Entry:
    entry = Entry(
        label=model_label.lower(),
        status_lines=status_lines,
        url=url or (lambda obj: obj.get_absolute_url()),
        title=title,
        is_public=is_public,
        collectivity=collectivity,
    )
    _entries[entry.label] = entry
    return entry


def for_object(obj: models.Model) -> Entry | None:
    return _entries.get(obj._meta.label_lower)


def for_label(label: str) -> Entry | None:
    return _entries.get(label.lower())


def labels() -> list[str]:
    return sorted(_entries)
