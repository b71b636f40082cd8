"""News and calls for participation."""

from __future__ import annotations
