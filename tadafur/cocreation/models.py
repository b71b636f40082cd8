"""Co-creation calls."""

from __future__ import annotations
