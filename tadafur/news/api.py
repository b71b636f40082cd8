"""News and calls for participation: API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["News and calls for participation"])
