"""Comments and moderation."""

from __future__ import annotations
