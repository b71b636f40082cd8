"""Thin forms of the council's staff pages; the rules are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.council.rules import PointOutcome, SessionKind


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class SessionPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    starts_at = forms.DateTimeField(label=_("Opens on"), widget=DateTimeInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One point per line. Accepted petitions are added to ordinary sessions automatically."),
    )


class SeatsForm(forms.Form):
    seats = forms.IntegerField(label=_("Number of councillors"), min_value=1, max_value=200)


class PointForm(forms.Form):
    title = forms.CharField(label=_("Agenda point"), max_length=300)


class HoldForm(forms.Form):
    members_present = forms.IntegerField(label=_("Members present"), min_value=0, max_value=200)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=PointOutcome.choices)
    votes_for = forms.IntegerField(label=_("For"), min_value=0, initial=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))
