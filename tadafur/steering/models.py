"""Steering and monitoring committee."""

from __future__ import annotations
