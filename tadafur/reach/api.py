"""Short codes, plain status pages and posters: API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Short codes, plain status pages and posters"])
