"""The friendly 403 page tells the person why, in their language, when the view knows why."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from tadafur.accounts import permissions

pytestmark = pytest.mark.django_db


def _render_403(rf: Any, user: Any, language: str, **context: Any) -> str:
    request = rf.get(f"/{language}/")
    request.user = user
    with translation.override(language):
        return render_to_string("errors/403.html", context, request=request)


def test_the_403_page_gives_the_decision_reason_in_the_persons_language(rf: Any, amina: Any, settat: Any) -> None:
    decision = permissions.can_verify_in_person(amina, settat)
    assert not decision
    with translation.override("en"):
        english = str(decision.reason)
    for language in ("fr", "ar"):
        with translation.override(language):
            reason = str(decision.reason)
        assert reason and reason != english, f"the reason is not translated into {language}"
        html = _render_403(rf, amina, language, reason=decision.reason)
        assert f'<p class="notice" role="alert">{escape(reason)}</p>' in html


def test_without_a_reason_the_403_page_shows_no_empty_notice(rf: Any, amina: Any) -> None:
    html = _render_403(rf, amina, "fr")
    assert 'class="notice"' not in html
    assert "<h1>Vous ne pouvez pas voir cette page</h1>" in html
