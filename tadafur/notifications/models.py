"""Follows and notifications."""

from __future__ import annotations
