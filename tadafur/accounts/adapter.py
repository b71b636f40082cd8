"""django-allauth adapter: Moroccan mobile numbers as a login next to email, codes by SMS."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tadafur.accounts.phones import normalise_phone


class MoroccanPhoneField(forms.CharField):
    """A mobile number field that accepts every usual spelling and cleans to E.164."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("validators", None)
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr", "placeholder": "06 12 34 56 78"}
            ),
        )
        kwargs.setdefault("max_length", 24)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return value
        return normalise_phone(value)


class EmailVerificationIfEmailStage(EmailVerificationStage):
    """Email verification is mandatory for accounts that have an email address; an account
    opened with a mobile number only is confirmed by the SMS code stage instead."""

    def handle(self):  # type: ignore[no-untyped-def]
        user = self.login.user
        if (
            user is not None
            and not self.login.email
            and not getattr(user, "email", "")
            and not EmailAddress.objects.filter(user_id=user.pk).exists()
        ):
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs: Any) -> Any:
        return MoroccanPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalise_phone(phone)

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        return [
            "tadafur.accounts.adapter.EmailVerificationIfEmailStage"
            if path == "allauth.account.stages.EmailVerificationStage"
            else path
            for path in stages
        ]

    # --- phone storage on the User row -----------------------------------------------------
    def set_phone(self, user: AbstractBaseUser, phone: str, verified: bool) -> None:
        user.phone = normalise_phone(phone)  # type: ignore[attr-defined]
        user.phone_verified = verified  # type: ignore[attr-defined]
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user: AbstractBaseUser) -> tuple[str, bool] | None:
        phone = getattr(user, "phone", "")
        if not phone:
            return None
        return phone, bool(getattr(user, "phone_verified", False))

    def set_phone_verified(self, user: AbstractBaseUser, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str) -> AbstractBaseUser | None:
        from tadafur.accounts.models import User

        try:
            phone = normalise_phone(phone)
        except ValidationError:
            return None
        return User.objects.filter(phone=phone, is_active=True).order_by("-phone_verified", "pk").first()

    def send_verification_code_sms(self, user: AbstractBaseUser, phone: str, code: str, **kwargs: Any) -> None:
        from tadafur.accounts.sms import send_sms

        send_sms(phone, gettext("Tadafur: your code is %(code)s. It expires in 15 minutes.") % {"code": code})

    def send_account_already_exists_sms(self, phone: str) -> None:
        from tadafur.accounts.sms import send_sms

        send_sms(phone, gettext("Tadafur: an account already exists with this number. Log in or reset your password."))

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        from tadafur.accounts.sms import send_sms

        send_sms(phone, gettext("Tadafur: no account uses this number. You can sign up on the site."))

    def is_open_for_signup(self, request: Any) -> bool:
        return True
