"""Thin forms: they parse and explain; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.cocreation.models import Application, Call, Conflict, ReportKind
from tadafur.core.uploads import ImageUploadField, PdfUploadField

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class CallForm(forms.ModelForm):
    partner_codes = forms.CharField(
        label=_("Partner collectivities"),
        required=False,
        help_text=_("For a partner programme: the codes of the other collectivities, one per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "theme",
            "description",
            "envelope",
            "max_per_project",
            "cofinancing_min_percent",
            "min_years_constituted",
            "require_good_standing",
            "gender_criteria",
            "youth_criteria",
            "required_documents",
            "questions_until",
            "submission_opens",
            "submission_until",
            "review_until",
            "results_on",
        ]
        widgets = {
            "questions_until": DATE,
            "submission_opens": DATE,
            "submission_until": DATE,
            "review_until": DATE,
            "results_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "gender_criteria": forms.Textarea(attrs={"rows": 2}),
            "youth_criteria": forms.Textarea(attrs={"rows": 2}),
            "required_documents": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_partner_codes(self) -> list[Any]:
        from tadafur.territories.models import Territory

        codes = [c.strip() for c in self.cleaned_data["partner_codes"].splitlines() if c.strip()]
        found = list(Territory.objects.filter(code__in=codes))
        missing = set(codes) - {t.code for t in found}
        if missing:
            raise forms.ValidationError(
                _("Unknown collectivity codes: %(codes)s") % {"codes": ", ".join(sorted(missing))}
            )
        return found


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=20, initial=5)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class StartForm(forms.Form):
    association = forms.TypedChoiceField(label=_("Association"), coerce=int)
    title = forms.CharField(label=_("Project title"), max_length=200)

    def __init__(self, *args: Any, associations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["association"].choices = associations


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "title",
            "summary",
            "problem",
            "target_description",
            "target_women",
            "target_men",
            "target_girls",
            "target_boys",
            "activities",
            "commune_service",
            "partner_associations",
            "women_led",
            "youth_led",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "target_description": forms.Textarea(attrs={"rows": 2}),
            "activities": forms.Textarea(attrs={"rows": 5}),
            "partner_associations": forms.Textarea(attrs={"rows": 2}),
        }


class BudgetLineForm(forms.Form):
    label = forms.CharField(label=_("Budget line"), max_length=200)
    requested = forms.DecimalField(label=_("Requested from the call (MAD)"), **MONEY)
    cofinanced = forms.DecimalField(label=_("Co-financed (MAD)"), initial=0, **MONEY)


class IndicatorForm(forms.Form):
    label = forms.CharField(label=_("Indicator"), max_length=200)
    baseline = forms.CharField(label=_("Baseline"), max_length=60)
    target = forms.CharField(label=_("Target"), max_length=60)


class AttachmentForm(forms.Form):
    document = forms.ChoiceField(label=_("Document"))
    file = PdfUploadField(label=_("PDF file"))

    def __init__(self, *args: Any, documents: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [(d, d) for d in documents]


class AssignForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Application"), coerce=int)
    contact = forms.CharField(label=_("Reviewer's email or phone"), max_length=200)
    capacity = forms.CharField(label=_("Capacity"), max_length=120, required=False)

    def __init__(self, *args: Any, applications: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = applications


class DeclarationForm(forms.Form):
    conflict = forms.ChoiceField(label=_("Declaration"), choices=Conflict.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("If there is a conflict, what is it?"), max_length=300, required=False)


class ScoreForm(forms.Form):
    """One score and one comment per criterion of the call's grid."""

    def __init__(self, *args: Any, criteria: list[Any], initial_scores: dict[int, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.criteria = criteria
        for c in criteria:
            current = initial_scores.get(c.pk)
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=_("%(label)s (0 to %(max)s, weight %(weight)s)")
                % {"label": c.label, "max": c.max_score, "weight": c.weight},
                min_value=0,
                max_value=c.max_score,
                initial=current.value if current else None,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on “%(label)s”") % {"label": c.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=200)


class SelectionForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Application"), coerce=int)
    selected = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Selected")), ("0", _("Not selected"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(label=_("Amount awarded (MAD)"), required=False, **MONEY)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    meeting = forms.TypedChoiceField(label=_("Selection meeting"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, applications: list[tuple[int, str]], meetings: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = applications
        self.fields["meeting"].choices = [("", "—"), *meetings]


class AgreementForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Selected project"), coerce=int)
    amount = forms.DecimalField(label=_("Amount (MAD)"), **MONEY)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    obligations = forms.CharField(label=_("Obligations"), widget=forms.Textarea(attrs={"rows": 3}))
    tranches = forms.CharField(
        label=_("Tranches"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: amount; due date (YYYY-MM-DD); condition."),
    )

    def __init__(self, *args: Any, applications: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = applications

    def clean_tranches(self) -> list[tuple[Decimal, Any, str]]:
        import datetime as dt
        from decimal import InvalidOperation

        out = []
        for line in self.cleaned_data["tranches"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                amount = Decimal(parts[0])
                due = dt.date.fromisoformat(parts[1])
            except (InvalidOperation, IndexError, ValueError):
                raise forms.ValidationError(
                    _("Write each tranche as: amount; due date (YYYY-MM-DD); condition.")
                ) from None
            out.append((amount, due, parts[2] if len(parts) > 2 else ""))
        return out


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class ReportScheduleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    women_under_18 = forms.IntegerField(label=_("Girls under 18"), min_value=0, initial=0)
    women_18_34 = forms.IntegerField(label=_("Women 18–34"), min_value=0, initial=0)
    women_35_plus = forms.IntegerField(label=_("Women 35 and over"), min_value=0, initial=0)
    men_under_18 = forms.IntegerField(label=_("Boys under 18"), min_value=0, initial=0)
    men_18_34 = forms.IntegerField(label=_("Men 18–34"), min_value=0, initial=0)
    men_35_plus = forms.IntegerField(label=_("Men 35 and over"), min_value=0, initial=0)
    photo1 = ImageUploadField(label=_("Photo"), required=False)
    photo2 = ImageUploadField(label=_("Another photo"), required=False)

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"spent_{line.pk}"] = forms.DecimalField(
                label=_("Spent on “%(line)s” (MAD)") % {"line": line.label}, required=False, **MONEY
            )

    def spending(self) -> dict[int, Decimal]:
        return {
            line.pk: self.cleaned_data[f"spent_{line.pk}"]
            for line in self.lines
            if self.cleaned_data.get(f"spent_{line.pk}")
        }

    def participants(self) -> dict[str, int]:
        from tadafur.cocreation.services import PARTICIPANT_FIELDS

        return {name: self.cleaned_data[name] for name in PARTICIPANT_FIELDS}

    def photos(self) -> list[Any]:
        return [p for p in (self.cleaned_data.get("photo1"), self.cleaned_data.get("photo2")) if p]
