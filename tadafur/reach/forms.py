from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.reach.models import ConsentMethod


class AssistForm(forms.Form):
    contact = forms.CharField(
        label=_("The person's email or mobile number"),
        max_length=120,
        help_text=_("The account the person uses (or that you created with them)."),
    )
    collectivity = forms.TypedChoiceField(label=_("Help desk of"), coerce=int, choices=())
    identity_checked = forms.BooleanField(
        label=_("I checked the person's national identity card (CNIE) in person"), required=False
    )
    consent_method = forms.ChoiceField(label=_("How the person gave consent"), choices=ConsentMethod.choices)
    consent_given = forms.BooleanField(
        label=_("The person agrees that I act for them on the platform during this visit"), required=False
    )
    purpose = forms.CharField(label=_("What the person wants to do"), max_length=200, required=False)

    def __init__(self, *args: Any, collectivities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].choices = collectivities
