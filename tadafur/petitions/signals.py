"""Cache invalidation only: a saved or deleted rule makes every process reload the rulebook.

No domain logic lives here (STYLE: no logic in signals); writes go through services.py.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def rule_changed(sender: Any, **kwargs: Any) -> None:
    from tadafur.petitions import rules

    # Now, so the writer's own transaction reads the new row; again at commit, so that a process
    # that reloaded in between (seeing the old committed row) reloads once more.
    rules.invalidate()
    transaction.on_commit(rules.invalidate)
