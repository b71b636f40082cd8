"""Short codes, plain status pages and posters."""

from __future__ import annotations
