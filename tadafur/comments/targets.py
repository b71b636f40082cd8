"""Which objects can be commented on: a small registry other apps (or this one) fill at start-up.

    targets.register("petitions.petition", collectivity=..., is_public=..., open_reason=...)

- `collectivity(obj)` names the collectivity whose staff moderates the comments (None: nobody
  can comment, e.g. a national petition without a local moderator);
- `is_public(obj)` hides comments on objects the public cannot see (a draft petition);
- `closed_reason(obj)` returns a reason when comments are closed now (e.g. a budget cycle whose
  phase does not grant commenting), or "" when they are open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Target:
    label: str
    collectivity: Callable[[Any], Any]
    is_public: Callable[[Any], bool]
    closed_reason: Callable[[Any], str | Promise]


_targets: dict[str, Target] = {}


def register(
    label: str,
    *,
    collectivity: Callable[[Any], Any],
    is_public: Callable[[Any], bool] = lambda obj: True,
    closed_reason: Callable[[Any], str | Promise] = lambda obj: "",
) -> Target:
    target = Target(label.lower(), collectivity, is_public, closed_reason)
    _targets[target.label] = target
    return target


def for_object(obj: models.Model) -> Target | None:
    return _targets.get(obj._meta.label_lower)


def labels() -> list[str]:
    return sorted(_targets)


def resolve(label: str, pk: int) -> models.Model | None:
    """The registered object `label`/`pk`, or None when unknown."""
    label = label.lower()
    if label not in _targets:
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=pk).first()


def register_defaults() -> None:
    """Open petitions, budget proposals and programme projects to comments (issue 6 §4).

    Registered from this app so that their apps need no change; each may later register itself.
    """
    from django.utils.translation import gettext_lazy as _

    def petition_public(p: Any) -> bool:
        from tadafur.petitions.states import PUBLIC

        return p.status in PUBLIC

    def proposal_public(p: Any) -> bool:
        from tadafur.budgets.states import PUBLIC

        return p.status in PUBLIC

    def proposal_closed(p: Any) -> str | Promise:
        from tadafur.budgets import phases

        if phases.grants(p.cycle, phases.COMMENT):
            return ""
        return _("Comments on proposals are open during the proposals and review phases only.")

    register(
        "petitions.petition",
        collectivity=lambda p: p.territory,
        is_public=petition_public,
    )
    register(
        "budgets.proposal",
        collectivity=lambda p: p.cycle.collectivity,
        is_public=proposal_public,
        closed_reason=proposal_closed,
    )
    register("programmes.project", collectivity=lambda p: p.axis.programme.collectivity)
