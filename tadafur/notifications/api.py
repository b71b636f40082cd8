"""Follows and notifications: API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Follows and notifications"])
