"""Forms of the participatory budget. The ballot is parsed by `ballot_choices` (no JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.budgets.models import Beneficiary, Category, Cycle, GenderMarker, ProposerKind


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    location = forms.CharField(
        label=_("Where"), max_length=200, required=False, help_text=_("Neighbourhood, street or place.")
    )
    district = forms.ModelChoiceField(label=_("District"), queryset=None, required=False)
    estimated_cost = forms.IntegerField(label=_("Estimated cost (MAD)"), min_value=1)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    beneficiaries = forms.MultipleChoiceField(
        label=_("Who benefits"), choices=Beneficiary.choices, widget=forms.CheckboxSelectMultiple
    )
    proposer_kind = forms.ChoiceField(label=_("You propose as"), choices=ProposerKind.choices, initial="citizen")
    proposer_name = forms.CharField(label=_("Name of the association or body"), max_length=200, required=False)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = cycle.districts.all()
        if not cycle.districts.exists():
            del self.fields["district"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("proposer_kind") in (ProposerKind.ASSOCIATION, ProposerKind.BODY) and not data.get("proposer_name"):
            self.add_error("proposer_name", _("Name the association or body you propose for."))
        return data


class TechnicalReviewForm(forms.Form):
    within_competences = forms.BooleanField(label=_("Within the collectivity's competences"), required=False)
    feasible = forms.BooleanField(label=_("Technically feasible"), required=False)
    revised_cost = forms.IntegerField(label=_("Revised cost (MAD)"), min_value=1, required=False)
    reasons = forms.CharField(
        label=_("Reasons (published)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the proposal is not retained."),
    )


class GenderReviewForm(forms.Form):
    marker = forms.TypedChoiceField(
        label=_("Gender marker"), choices=GenderMarker.choices, coerce=int, widget=forms.RadioSelect
    )
    analysis = forms.CharField(label=_("Gender analysis"), widget=forms.Textarea(attrs={"rows": 4}))


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Number of the proposal to keep"), min_value=1)


class AssistedVoterForm(forms.Form):
    login = forms.CharField(
        label=_("Voter's email or mobile number"),
        max_length=120,
        help_text=_("Check the voter's CNIE before recording the ballot."),
    )


class PaperCodeForm(forms.Form):
    code = forms.CharField(label=_("Voting code printed on the paper ballot"), max_length=20)


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes to print"), min_value=1, max_value=5000, initial=100)


def ballot_choices(cycle: Cycle, data: Any) -> dict[int, int]:
    """Read the ballot from a POST: `project` checkboxes, or `points_<id>` numbers for points ballots."""
    choices: dict[int, int] = {}
    if cycle.vote_type == "cumulative":
        for key, value in data.items():
            if key.startswith("points_") and key[7:].isdigit():
                try:
                    points = int(value or 0)
                except ValueError:
                    points = 0
                if points > 0:
                    choices[int(key[7:])] = min(points, 10_000)
        return choices
    for value in data.getlist("project"):
        if str(value).isdigit():
            choices[int(value)] = 1
    return choices
