"""Thin forms for the steering committee's pages; the services enforce the rules. The meeting
forms (plan, agenda item, attendance, decision, minutes) are the bodies app's, reused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.accounts.models import Sex
from tadafur.steering import rules
from tadafur.steering.models import MemberRole, SourceKind
from tadafur.steering.states import RecommendationStatus


class DateInput(forms.DateInput):
    input_type = "date"


class CommitteeForm(forms.Form):
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200)
    programme = forms.CharField(
        label=_("Programme"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for the province's committee; name the programme for a programme's committee."),
    )
    meetings_per_year = forms.TypedChoiceField(
        label=_("Meetings a year"),
        coerce=int,
        choices=[(n, str(n)) for n in rules.ALLOWED_MEETINGS_PER_YEAR],
        initial=rules.DEFAULT_MEETINGS_PER_YEAR,
    )


class MemberForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("Account (email or phone)"),
        required=False,
        help_text=_("If the member has an account, give its email or phone: invitations and alerts reach them."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    collectivity = forms.TypedChoiceField(label=_("Collectivity concerned"), coerce=int)
    responsible = forms.CharField(
        label=_("Responsible"), max_length=200, help_text=_("The service or person in charge.")
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    source_label = forms.CharField(
        label=_("Source (name)"),
        max_length=200,
        required=False,
        help_text=_("For example the body or the council session."),
    )
    source_meeting = forms.TypedChoiceField(
        label=_("Meeting it comes from"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        places: list[tuple[int, str]] = (),  # type: ignore[assignment]
        meetings: list[tuple[int, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].choices = list(places)
        self.fields["source_meeting"].choices = [("", "—"), *meetings]


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=RecommendationStatus.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to drop a recommendation."),
    )

    def __init__(self, *args: Any, targets: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if targets is not None:
            labels = dict(RecommendationStatus.choices)
            self.fields["to"].choices = [(t, labels[t]) for t in RecommendationStatus.values if t in targets]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, required=False)
    evidence = forms.FileField(
        label=_("Evidence (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf,image/jpeg,image/png,image/webp"}),
    )
