"""Comments and moderation: API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Comments and moderation"])
