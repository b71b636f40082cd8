"""Service feedback."""

from __future__ import annotations
