"""Thin forms for the staff and secretary pages; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.accounts.models import Sex
from tadafur.bodies import rules
from tadafur.bodies.models import BureauRole, Presence, Verdict
from tadafur.bodies.rules import AgeBand
from tadafur.bodies.validators import validate_pdf_document


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


PDF_WIDGET = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=rules.BodyKind.choices)
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200)
    mission = forms.CharField(label=_("Mission"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    quorum = forms.IntegerField(
        label=_("Quorum"),
        required=False,
        min_value=1,
        help_text=_("Leave empty if the internal rules set none."),
    )
    rules_document = forms.FileField(
        label=_("Internal rules (PDF, 5 MB at most)"),
        required=False,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_document],
        widget=PDF_WIDGET,
    )


class MemberForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown"), max_length=120)
    contact = forms.CharField(
        label=_("Account (email or phone)"),
        required=False,
        help_text=_("If the member has an account, give its email or phone: they get the body's role."),
    )
    association = forms.TypedChoiceField(
        label=_("Association represented"), required=False, coerce=int, empty_value=None
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    field = forms.CharField(label=_("Field"), max_length=120, required=False)
    bureau_role = forms.ChoiceField(label=_("Role in the bureau"), choices=BureauRole.choices, initial="member")
    mandate_start = forms.DateField(label=_("Mandate start"), widget=DateInput)
    mandate_end = forms.DateField(label=_("Mandate end"), required=False, widget=DateInput)

    def __init__(self, *args: Any, associations: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["association"].choices = [("", "—"), *associations]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    is_public = forms.BooleanField(label=_("Public meeting"), required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line."),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)


class AttendanceForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        participants: list[Any] = (),
        initial_presence: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        initial_presence = initial_presence or {}
        for p in participants:
            self.fields[p.key] = forms.ChoiceField(
                label=p.name,
                choices=Presence.choices,
                initial=initial_presence.get(p.key, Presence.PRESENT),
                widget=forms.RadioSelect,
            )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))


class ReferralForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)


CONCERNS_TYPES = [
    ("", pgettext_lazy("opinion concerns", "Nothing in particular")),
    ("programmes.project", pgettext_lazy("opinion concerns", "A project of the action programme")),
    ("budgets.proposal", pgettext_lazy("opinion concerns", "A participatory budget proposal")),
    ("petitions.petition", pgettext_lazy("opinion concerns", "A petition")),
    ("engagement.agendapoint", pgettext_lazy("opinion concerns", "A point on the council's agenda")),
]


class OpinionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    referral = forms.TypedChoiceField(
        label=_("In answer to the referral"), required=False, coerce=int, empty_value=None
    )
    concerns_type = forms.ChoiceField(label=_("It concerns"), choices=CONCERNS_TYPES, required=False)
    concerns_id = forms.IntegerField(label=_("Number of what it concerns"), required=False, min_value=1)
    concerns_label = forms.CharField(label=_("Name of what it concerns"), max_length=200, required=False)
    concerns_url = forms.CharField(label=_("Link to what it concerns"), max_length=300, required=False)

    def __init__(self, *args: Any, referrals: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [("", "—"), *referrals]

    def clean_concerns_url(self) -> str:
        url: str = self.cleaned_data["concerns_url"].strip()
        # Only links inside the platform: an opinion does not advertise outside sites.
        if url and (not url.startswith("/") or url.startswith("//")):
            raise forms.ValidationError(_("Give a link inside the platform, starting with /."))
        return url


class AdoptForm(forms.Form):
    meeting = forms.TypedChoiceField(label=_("Adopted at the meeting"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, meetings: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "—"), *meetings]


class AnswerForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Answer"), choices=Verdict.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}))


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Accepted point"), max_length=300)
    owner_label = forms.CharField(label=_("Owner"), max_length=200, help_text=_("The service or person in charge."))
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)


class FollowUpUpdateForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    evidence_text = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = forms.FileField(
        label=_("Evidence file (PDF, 5 MB at most)"),
        required=False,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_document],
        widget=PDF_WIDGET,
    )
