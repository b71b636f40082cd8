"""Background work of the steering committee."""

from __future__ import annotations

from tadafur.core.tasks import task


@task()
def steering_alerts_task() -> int:
    """Raise the alerts of the periods that ended without a meeting; schedule it daily."""
    from tadafur.steering.services import alerts_raise

    return len(alerts_raise())
