"""Indicators and dashboards."""

from __future__ import annotations
