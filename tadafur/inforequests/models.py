"""Access to information requests."""

from __future__ import annotations
