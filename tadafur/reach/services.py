"""Writes of the reach app: short codes, and the start and end of assisted sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import ValidationFailed
from tadafur.core.tasks import enqueue_on_commit
from tadafur.reach import codes, permissions
from tadafur.reach.models import AssistedSession, ConsentMethod, ShortCode
from tadafur.reach.tasks import assisted_session_notice


def session_minutes() -> int:
    return int(getattr(settings, "ASSISTED_SESSION_MINUTES", 30))


def shortcode_for(obj: models.Model) -> str:
    """The object's short code, drawn once and then stable (decision 0614).

    Not audited: a code adds no information and changes nothing of the object."""
    ct = ContentType.objects.get_for_model(type(obj))
    existing = ShortCode.objects.filter(target_type=ct, target_id=obj.pk).values_list("code", flat=True).first()
    if existing:
        return existing
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return ShortCode.objects.create(target_type=ct, target_id=obj.pk, code=codes.new_code()).code
        except IntegrityError:
            # Either the random code is taken, or a concurrent request gave this object its code.
            existing = ShortCode.objects.filter(target_type=ct, target_id=obj.pk).values_list("code", flat=True).first()
            if existing:
                return existing
    raise RuntimeError("could not draw a free short code")


def assisted_session_start(
    *,
    person: Any,
    collectivity: Any,
    identity_checked: bool,
    consent_method: str,
    consent_given: bool,
    purpose: str = "",
    actor: Any,
) -> AssistedSession:
    errors: dict[str, list[str]] = {}
    if not identity_checked:
        errors["identity_checked"] = [_("Check the person's CNIE before acting for them.")]
    if consent_method not in ConsentMethod.values:
        errors["consent_method"] = [_("Say how the person gave their consent.")]
    if not consent_given:
        errors["consent_given"] = [_("The person must agree that you act for them.")]
    if errors:
        raise ValidationFailed(_("The assisted session was not started."), errors=errors)
    with transaction.atomic():
        permissions.can_assist_person(actor, collectivity, person).require()
        now = clock.now()
        # One running session per agent: a new one ends the previous one.
        for previous in AssistedSession.objects.select_for_update().filter(staff=actor, ended_at__isnull=True):
            _end(previous, actor=actor, why="replaced")
        session = AssistedSession.objects.create(
            staff=actor,
            person=person,
            collectivity=collectivity,
            identity_checked=True,
            consent_method=consent_method,
            consent_at=now,
            purpose=purpose.strip()[:200],
            started_at=now,
            expires_at=now + dt.timedelta(minutes=session_minutes()),
        )
        audit_record(
            actor=actor,
            action="assisted.start",
            obj=session,
            collectivity=collectivity,
            after={
                "staff": actor.audit_label,
                "person": person.audit_label,
                "consent": consent_method,
                "expires_at": session.expires_at.isoformat(),
            },
        )
        enqueue_on_commit(assisted_session_notice, session.pk)
    return session


def _end(session: AssistedSession, *, actor: Any, why: str) -> AssistedSession:
    session.ended_at = clock.now()
    session.save(update_fields=["ended_at"])
    audit_record(
        actor=actor,
        action=f"assisted.{why}",
        obj=session,
        collectivity=session.collectivity,
        after={"staff": session.staff.audit_label, "person": session.person.audit_label},
    )
    return session


def assisted_session_stop(*, session: AssistedSession, actor: Any) -> AssistedSession:
    with transaction.atomic():
        locked = AssistedSession.objects.select_for_update().select_related("staff", "person").get(pk=session.pk)
        if locked.ended_at is not None:
            return locked
        if locked.staff_id != actor.pk:
            permissions.can_assist(actor, locked.collectivity).require()
        return _end(locked, actor=actor, why="stop")


def assisted_session_expire(*, session: AssistedSession) -> AssistedSession:
    """Close a session past its time (called when the agent's next request finds it expired)."""
    with transaction.atomic():
        locked = AssistedSession.objects.select_for_update().select_related("staff", "person").get(pk=session.pk)
        if locked.ended_at is not None:
            return locked
        locked.ended_at = locked.expires_at
        locked.save(update_fields=["ended_at"])
        audit_record(
            actor=locked.staff,
            action="assisted.expire",
            obj=locked,
            collectivity=locked.collectivity,
            after={"staff": locked.staff.audit_label, "person": locked.person.audit_label},
        )
    return locked
