"""Demo data: Settat commune, Oulad Said and Ras El Ain Chaouia (rural), and the SPEC's persona cast.

Each module adds its part in its own `demo.py` with a `load(ctx)` function, listed in
DEMO_STEPS in the order they depend on each other. Every step is idempotent: it looks
its objects up by a natural key before creating them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.contrib.sites.models import Site
from django.db import transaction
from django.test.utils import override_settings

from tadafur.territories.models import Territory

DEMO_PASSWORD = "tadafur-demo-2026"
SETTAT = "06.461.01.15"
OULAD_SAID = "06.461.15.19"
RAS_EL_AIN = "06.461.13.25"
DEMO_COMMUNES = (SETTAT, OULAD_SAID, RAS_EL_AIN)

DEMO_STEPS = [
    "tadafur.accounts.demo",
    "tadafur.associations.demo",
    "tadafur.petitions.demo",
    "tadafur.bodies.demo",
    "tadafur.budgets.demo",
    "tadafur.programmes.demo",
    "tadafur.council.demo",
    "tadafur.news.demo",
    "tadafur.inforequests.demo",
    "tadafur.feedback.demo",
    "tadafur.comments.demo",
    "tadafur.notifications.demo",
    "tadafur.steering.demo",
    "tadafur.cocreation.demo",
]


@dataclass
class DemoContext:
    communes: dict[str, Territory]
    password: str = DEMO_PASSWORD
    people: dict[str, Any] = field(default_factory=dict)
    created: int = 0
    existing: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    log: Callable[[str], None] = print

    def count(self, created: bool) -> None:
        if created:
            self.created += 1
        else:
            self.existing += 1


@dataclass(frozen=True)
class DemoSummary:
    created: int
    existing: int
    logins: list[tuple[str, str]]
    password: str


def demo_load(*, log: Callable[[str], None] = print) -> DemoSummary:
    communes = {t.code: t for t in Territory.objects.filter(code__in=DEMO_COMMUNES)}
    missing = set(DEMO_COMMUNES) - set(communes)
    if missing:
        raise LookupError(f"demo communes missing: {', '.join(sorted(missing))}")
    ctx = DemoContext(communes=communes, log=log)
    # The demo story triggers the notifications real actions send (filing receipts, invitations):
    # nobody is there to receive them, so they go to throw-away backends instead of the console.
    quiet = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        SMS_BACKEND="tadafur.accounts.sms.LocmemSmsBackend",
    )
    with quiet, transaction.atomic():
        Site.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Tadafur"})
        for dotted in DEMO_STEPS:
            try:
                module = import_module(dotted)
            except ModuleNotFoundError:
                continue
            module.load(ctx)
    return DemoSummary(ctx.created, ctx.existing, ctx.logins, ctx.password)
