"""Staff roles must use two-factor authentication (allauth.mfa TOTP)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

from tadafur.accounts import selectors

# Paths a staff member without TOTP may still reach: the account and MFA pages (to set it up,
# log out, change password), static files, health, the language switch.
_ALLOWED_PARTS = ("/accounts/", "/static/", "/media/", "/i18n/", "/healthz", "/favicon")


class StaffTwoFactorMiddleware:
    """A signed-in person holding an active staff role (STAFF_ROLES) and no TOTP authenticator
    is sent to the TOTP activation page, with a message explaining why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not any(part in request.path for part in _ALLOWED_PARTS)
            and not request.path.startswith("/api/")
            and selectors.holds_staff_role(user)
            and not selectors.has_totp(user)
        ):
            messages.warning(
                request,
                gettext(
                    "Your role acts for a collectivity, so your account must use two-factor "
                    "authentication. Set up an authenticator app to continue."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
