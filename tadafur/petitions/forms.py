"""Thin forms: parse input for the services, which hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.petitions.models import (
    Addressee,
    InadmissibilityGround,
    InvalidationReason,
    Outcome,
    PetitionKind,
)

CONSENT_TEXT = _(
    "I agree that Tadafur processes my CNIE number, kept only as a keyed fingerprint, my commune of "
    "residence, sex and age band, for the sole purpose of counting my signature on this petition and "
    "proving it to the council, under Law 09-08 on the protection of personal data. Only aggregate "
    "figures are published. I may ask to access or correct my data, and withdraw my signature until "
    "the petition is filed."
)


class PetitionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PetitionKind.choices)
    territory_code = forms.CharField(
        label=_("HCP code of the commune, province or region"),
        max_length=32,
        required=False,
        help_text=_("For a petition to a council, for example 06.461.01.15 for Settat."),
    )
    association = forms.ChoiceField(label=_("Association"), required=False, choices=())
    addressee = forms.ChoiceField(
        label=_("Addressed to"),
        required=False,
        choices=[("", "—"), *Addressee.choices],
        help_text=_("For a national petition or a legislative motion."),
    )
    members = forms.CharField(
        label=_("Co-initiators or committee members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The email or mobile number of each person's Tadafur account, one per line. For a national "
            "petition or motion, the first line is the deputy agent."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    subject = forms.CharField(label=_("Subject"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}))
    requested_agenda_point = forms.CharField(
        label=_("Point asked on the council's agenda"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, associations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["association"].choices = [("", "—"), *((str(a.pk), a.name) for a in associations)]


class PublishForm(forms.Form):
    within_competences = forms.BooleanField(label=_("The subject is within the council's competences."), required=False)
    no_inadmissible_ground = forms.BooleanField(
        label=_(
            "The petition touches none of the constants of the Constitution (moderate Islam, national unity, "
            "constitutional monarchy, democratic choice) and has no partisan or trade-union content."
        ),
        required=False,
    )


class SignForm(forms.Form):
    cnie = forms.CharField(
        label=_("Your CNIE number"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "latin", "placeholder": "AB123456"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)
    notify = forms.BooleanField(
        label=_("Tell me by email when the petition is filed and when the council answers."), required=False
    )
    attests_electoral_registration = forms.BooleanField(
        label=_("I am registered on the general electoral lists."), required=False
    )


class AcceptForm(forms.Form):
    session_date = forms.DateField(label=_("Session date"), widget=forms.DateInput(attrs={"type": "date"}))
    agenda_point = forms.CharField(label=_("Agenda point"), max_length=300)
    committee = forms.CharField(label=_("Permanent committee"), max_length=200)


class SendBackForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons (sent to the agent)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to correct before the petition is published again."),
    )


class RejectForm(forms.Form):
    grounds = forms.ModelMultipleChoiceField(
        label=_("Grounds"),
        queryset=InadmissibilityGround.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    text = forms.CharField(label=_("Reasoned decision"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grounds"].label_from_instance = lambda g: g.display_label  # type: ignore[attr-defined]


class DeliberateForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class InvalidateForm(forms.Form):
    codes = forms.CharField(
        label=_("Verification codes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One code per line or separated by spaces."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=InvalidationReason.choices)

    def codes_list(self) -> list[str]:
        return self.cleaned_data["codes"].replace(",", " ").split()


class PaperSheetForm(forms.Form):
    scan = forms.FileField(label=_("Scan of the sheet"), help_text=_("PDF, JPEG or PNG, 10 MB at most."))
    declared_lines = forms.IntegerField(label=_("Number of lines on the sheet"), min_value=1, max_value=200)
    double_entry = forms.BooleanField(
        label=_("Have a second agent type the sheet again (double entry)"), required=False
    )


class PaperLineForm(forms.Form):
    line_number = forms.IntegerField(label=_("Line number on the sheet"), min_value=1)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    cnie = forms.CharField(
        label=_("CNIE number"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "AB123456"}),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    commune = forms.ChoiceField(label=_("Commune of residence"), required=False, choices=())
    commune_code = forms.CharField(
        label=_("or the HCP code of the commune"),
        max_length=32,
        required=False,
        help_text=_("For a commune outside the list: the line will be refused with the reason."),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the sheet gives it: it is checked against the commune's roll."),
    )

    def __init__(self, *args: Any, communes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "—"), *((c.code, f"{c.name} ({c.code})") for c in communes)]

    def residence_code(self) -> str:
        return (self.cleaned_data.get("commune_code") or "").strip() or self.cleaned_data.get("commune") or ""


class SheetRejectForm(forms.Form):
    reason = forms.CharField(label=_("Why is the sheet rejected?"), max_length=300)
