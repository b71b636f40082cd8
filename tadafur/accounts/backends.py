"""Authentication backends: Django's and allauth's, with a cheaper `get_user` (decision 0114).

Every authenticated request loads `request.user` by primary key. Django builds and compiles that
SELECT through the ORM each time; here the statement is compiled once per database connection
and only executed, its values converted by the same converters the ORM uses, and the user is
built with `from_db` — the same full row and the same instance as `objects.get(pk=...)`, so no
field is deferred and nothing else changes. The session's `_auth_user_hash` check (logout on
password change) is Django's `get_user`, which calls this method and is not replaced.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import router

from tadafur.core.precompiled import Row

_USER_BY_PK = Row(lambda: get_user_model()._default_manager.filter(pk=0))


def user_by_pk(user_id: Any) -> Any | None:
    """The user with this primary key, or None: `objects.get(pk=...)` without the query building."""
    user_model = get_user_model()
    try:
        pk = user_model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    if pk is None:
        return None
    return _USER_BY_PK.get(pk, using=router.db_for_read(user_model))


class FastGetUserMixin:
    def get_user(self, user_id: Any) -> Any | None:
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(FastGetUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(FastGetUserMixin, AllauthBackend):
    pass
