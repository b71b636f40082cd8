"""Steering and monitoring committee: API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Steering and monitoring committee"])
