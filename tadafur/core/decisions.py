"""Permission and eligibility answers that carry their reason (Wagtail's check/execute)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class Decision:
    ok: bool
    reason: str | Promise = ""
    reasons: tuple[str | Promise, ...] = field(default=())

    def __bool__(self) -> bool:
        return self.ok

    @classmethod
    def allow(cls, reason: str | Promise = "") -> Decision:
        return cls(True, reason)

    @classmethod
    def deny(cls, reason: str | Promise, *more: str | Promise) -> Decision:
        return cls(False, reason, (reason, *more))

    def require(self) -> None:
        """Raise NotAllowed with the reason unless the decision allows."""
        from tadafur.core.errors import NotAllowed

        if not self.ok:
            raise NotAllowed(str(self.reason))
