from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Tadafur. Sign-in is by email or Moroccan mobile number (allauth)."""

    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def audit_label(self) -> str:
        return f"{self.display_name or self.username} (#{self.pk})"
