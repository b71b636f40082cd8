"""A small registry of participation modules (Decidim's manifests, without a plugin framework).

Each module declares itself once in its AppConfig.ready(); the collectivity page, dashboards
and notifications iterate the registry instead of importing every module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Module:
    name: str
    label: str | Promise
    icon: str
    permissions: tuple[str, ...] = ()
    # (collectivity) -> list of (label, url) of what is open for participation there now.
    open_items: Callable[[Any], list[tuple[str, str]]] | None = None
    # (collectivity) -> {stat label: number} for public statistics.
    public_stats: Callable[[Any], dict[str, int]] | None = field(default=None)
    # (association) -> list of (label, url) of its public activity in this module.
    association_activity: Callable[[Any], list[tuple[str, str]]] | None = None


_modules: dict[str, Module] = {}


def register(module: Module) -> Module:
    _modules[module.name] = module
    return module


def modules() -> list[Module]:
    return list(_modules.values())


def get(name: str) -> Module:
    return _modules[name]
