"""Access to information requests: API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Access to information requests"])
