"""Forms of the associations pages: they parse and explain; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.associations.models import Domain
from tadafur.associations.validators import validate_pdf
from tadafur.territories.models import Level, Territory


class CommuneCodeField(forms.CharField):
    """A commune named by its HCP code (e.g. 06.461.01.15); a select of 1,503 communes would
    weigh more than a whole page is allowed to."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault(
            "help_text",
            _("The HCP code of the commune, shown on its page under Collectivities (for example 06.461.01.15)."),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Territory | None:  # type: ignore[override]
        code = super().clean(value)
        if not code:
            return None
        commune = Territory.objects.select_related("parent").filter(code=code.strip(), level=Level.COMMUNE).first()
        if commune is None:
            raise forms.ValidationError(_("No commune has this HCP code. Look the commune up under Collectivities."))
        return commune


class DateInput(forms.DateInput):
    input_type = "date"


class AssociationForm(forms.Form):
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200)
    registration_reference = forms.CharField(
        label=_("Registration reference"),
        max_length=60,
        help_text=_("Reference of the deposit receipt (رقم وصل الإيداع / récépissé)."),
    )
    founding_date = forms.DateField(
        label=_("Founding date"),
        widget=DateInput(format="%Y-%m-%d"),
        help_text=_("The date on which the association was legally constituted."),
    )
    seat = CommuneCodeField(label=_("Seat (commune)"))
    domains = forms.MultipleChoiceField(
        label=_("Domains of activity"), choices=Domain.choices, widget=forms.CheckboxSelectMultiple
    )
    description_ar = forms.CharField(
        label=_("Description in Arabic"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_fr = forms.CharField(
        label=_("Description in French"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    statutes = forms.FileField(
        label=_("Statutes (PDF, at most 5 MB)"),
        required=False,
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class RegisterForm(AssociationForm):
    role_title = forms.CharField(
        label=_("Your title in the association"),
        max_length=80,
        required=False,
        help_text=_("For example: president, secretary general."),
    )
    attest = forms.BooleanField(
        label=_("I am a legal representative of this association and the information above is true."),
        error_messages={"required": _("Confirm that you represent the association to register it.")},
    )


class EditForm(AssociationForm):
    statutes = forms.FileField(
        label=_("New statutes (PDF, at most 5 MB)"),
        required=False,
        validators=[validate_pdf],
        help_text=_("Leave empty to keep the current statutes."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class BranchForm(forms.Form):
    collectivity = CommuneCodeField(label=_("Commune of the branch"))
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DateInput(format="%Y-%m-%d"))


class VerifyForm(forms.Form):
    in_good_standing = forms.BooleanField(label=_("In good standing"), required=False)
    democratic_functioning = forms.BooleanField(label=_("Operates democratically"), required=False)
    standing_note = forms.CharField(label=_("Note on standing"), max_length=500, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason for the rejection: the representative needs it.")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    collectivity = forms.CharField(
        label=_("Collectivity code"),
        required=False,
        max_length=16,
        help_text=_("For example 06.461 for Settat province."),
    )
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=[("", _("All domains")), *Domain.choices])
