"""Thin forms: they parse and explain; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.core.uploads import ImageUploadField
from tadafur.feedback.rules import Service
from tadafur.feedback.states import ReportStatus


class ReportForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=[("", "—"), *Service.choices])
    description = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("This is public: do not write names or phone numbers."),
    )
    address = forms.CharField(label=_("Where?"), max_length=200, help_text=_("Street, landmark or neighbourhood."))
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"), required=False, min_value=-90, max_value=90, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"), required=False, min_value=-180, max_value=180, decimal_places=6
    )
    photo = ImageUploadField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("The photo is re-encoded: its location and camera data are removed."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return data


class AssignForm(forms.Form):
    service_name = forms.CharField(label=_("Service in charge"), max_length=120)
    agent = forms.ModelChoiceField(label=_("Agent (optional)"), queryset=None, required=False)  # type: ignore[arg-type]

    def __init__(self, *args: Any, agents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["agent"].queryset = agents if agents is not None else get_user_model().objects.none()  # type: ignore[attr-defined]


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = ImageUploadField(label=_("Photo after (optional)"), required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("What is still wrong?"), widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False, choices=[("", _("All")), *Service.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Not resolved yet")), *ReportStatus.choices],
    )
