"""Forms of the participatory budget. The ballot is parsed by `ballot_choices` (no JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.budgets import phases
from tadafur.budgets.models import (
    BallotType,
    Beneficiary,
    Category,
    Cycle,
    ExecutionStatus,
    GenderMarker,
    OutcomeRule,
    ProposerKind,
)
from tadafur.core.uploads import ImageUploadField


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    location = forms.CharField(
        label=_("Where"), max_length=200, required=False, help_text=_("Neighbourhood, street or place.")
    )
    district = forms.ModelChoiceField(label=_("District"), queryset=None, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        min_value=20,
        max_value=36,
        decimal_places=5,
        help_text=_("Optional: the point on the map, for example 33.00123 (Settat)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=-18,
        max_value=0,
        decimal_places=5,
        help_text=_("Optional: for example -7.61987 (west of Greenwich, so negative)."),
    )
    photo = ImageUploadField(
        label=_("Photo of the place"), required=False, help_text=_("JPEG, PNG or WebP, at most 8 MB.")
    )
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
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
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


class CycleForm(forms.Form):
    """A staff member opens a cycle: envelope, phases by dates, who may take part, the ballot and the rule."""

    collectivity = forms.ModelChoiceField(label=_("Collectivity"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=160, help_text=_("For example: Participatory budget 2027."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    envelope = forms.IntegerField(label=_("Envelope (MAD)"), min_value=1)
    ballot_type = forms.ChoiceField(label=_("Ballot type"), choices=BallotType.choices)
    min_choices = forms.IntegerField(label=_("Minimum number of projects"), min_value=0, initial=1)
    max_choices = forms.IntegerField(label=_("Maximum number of projects"), min_value=1, required=False)
    max_points = forms.IntegerField(
        label=_("Points per voter"), min_value=1, required=False, help_text=_("Only for a points ballot.")
    )
    rule = forms.ChoiceField(label=_("Outcome rule"), choices=OutcomeRule.choices)
    gender_floor_percent = forms.IntegerField(
        label=_("Share of the envelope reserved for gender-marked projects (%)"),
        min_value=0,
        max_value=100,
        required=False,
    )
    min_voter_age = forms.IntegerField(label=_("Minimum age to vote"), min_value=12, max_value=30, initial=16)
    residents_may_propose = forms.BooleanField(label=_("Residents may propose"), required=False, initial=True)
    associations_may_propose = forms.BooleanField(label=_("Associations may propose"), required=False, initial=True)
    bodies_may_propose = forms.BooleanField(label=_("Consultative bodies may propose"), required=False, initial=True)
    districts = forms.CharField(
        label=_("Districts (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name; amount in MAD. For example: Hay Salam; 300000"),
    )

    def __init__(self, *args: Any, collectivities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].queryset = collectivities
        for phase in phases.PHASES:
            self.fields[f"start_{phase.key}"] = forms.DateTimeField(
                label=_("%(phase)s starts") % {"phase": phase.label},
                required=phase.key != "follow_up",
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            )

    def clean_districts(self) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for number, line in enumerate(self.cleaned_data.get("districts", "").splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, amount = line.rpartition(";")
            amount = amount.strip().replace(" ", "").replace("\u00a0", "")
            if not sep or not name.strip() or not amount.isdigit():
                raise forms.ValidationError(
                    _("Line %(n)d: write the name, a semicolon, then the amount in MAD.") % {"n": number}
                )
            out.append((name.strip(), int(amount)))
        return out

    def starts(self) -> dict[str, Any]:
        return {p.key: self.cleaned_data.get(f"start_{p.key}") for p in phases.PHASES}


class ExecutionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ExecutionStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    spent = forms.IntegerField(label=_("Spent so far (MAD)"), min_value=0)
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed, in plain words; published on the project page."),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=160)
    due_on = forms.DateField(label=_("Planned for"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = ImageUploadField(label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP, at most 8 MB."))


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
