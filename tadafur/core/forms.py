"""Helpers shared by the apps' thin views: small POST forms whose outcome is a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from tadafur.core.errors import DomainError


def form_message(form: Form) -> str:
    """Every error of `form` in one sentence, each prefixed with its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return " ".join(parts)


def post_action(
    request: HttpRequest, form: Form, action: Callable[[dict[str, Any]], Any], success: str, back: str
) -> HttpResponse:
    """Run a small POST form; success or failure is reported as a message on the page it came from."""
    if not form.is_valid():
        messages.error(request, form_message(form))
        return redirect(back)
    try:
        action(form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, success)
    return redirect(back)
