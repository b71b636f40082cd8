from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.core.uploads import ImageUploadField
from tadafur.programmes.models import Axis, Evaluation, GenderMarker, Indicator
from tadafur.programmes.states import ProjectStatus


class CommentForm(forms.Form):
    axis = forms.ModelChoiceField(
        label=_("About the axis"),
        queryset=Axis.objects.none(),
        required=False,
        empty_label=_("The programme as a whole"),
    )
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = programme.axes.all()


class RankingForm(forms.Form):
    """One select per axis giving its rank; each rank used once."""

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.axes = list(programme.axes.all())
        choices = [(i, str(i)) for i in range(1, len(self.axes) + 1)]
        for axis in self.axes:
            self.fields[f"axis_{axis.pk}"] = forms.TypedChoiceField(label=axis.title, choices=choices, coerce=int)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ranks = [data.get(f"axis_{a.pk}") for a in self.axes]
        if None not in ranks and len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Give each priority a different rank."))
        return data

    def order(self) -> list[int]:
        return [a.pk for a in sorted(self.axes, key=lambda a: self.cleaned_data[f"axis_{a.pk}"])]


class WindowForm(forms.Form):
    opens = forms.DateField(label=_("Consultation opens"), widget=forms.DateInput(attrs={"type": "date"}))
    closes = forms.DateField(label=_("Consultation closes"), widget=forms.DateInput(attrs={"type": "date"}))


class AdoptionForm(forms.Form):
    session = forms.DateField(label=_("Council session"), widget=forms.DateInput(attrs={"type": "date"}))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0)


class ChangeForm(forms.Form):
    input_summary = forms.CharField(label=_("Input received"), widget=forms.Textarea(attrs={"rows": 3}))
    taken_up = forms.BooleanField(label=_("Taken up in the programme"), required=False)
    response = forms.CharField(
        label=_("What changed, or the council's reasons"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    executed = forms.DecimalField(label=_("Money executed (MAD)"), min_value=0, max_digits=14, decimal_places=2)


class AxisForm(forms.Form):
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=200)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200)
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=50)


class WorkshopForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    women_under_35 = forms.IntegerField(label=_("Women under 35"), min_value=0, initial=0)
    women_35_plus = forms.IntegerField(label=_("Women 35 and over"), min_value=0, initial=0)
    men_under_35 = forms.IntegerField(label=_("Men under 35"), min_value=0, initial=0)
    men_35_plus = forms.IntegerField(label=_("Men 35 and over"), min_value=0, initial=0)
    needs = forms.CharField(label=_("Needs raised"), widget=forms.Textarea(attrs={"rows": 3}))
    photo = ImageUploadField(label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP, at most 8 MB."))
    photo_caption = forms.CharField(label=_("Caption of the photo"), max_length=200, required=False)


class WorkshopPhotoForm(forms.Form):
    photo = ImageUploadField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 8 MB."))
    caption = forms.CharField(label=_("Caption of the photo"), max_length=200, required=False)


class ProjectForm(forms.Form):
    axis = forms.ModelChoiceField(label=_("Axis"), queryset=Axis.objects.none())
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=200)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    location_text = forms.CharField(label=_("Location"), max_length=200, required=False)
    cost = forms.DecimalField(label=_("Cost (MAD)"), min_value=0, max_digits=14, decimal_places=2)
    first_three_years = forms.DecimalField(
        label=_("Estimate for the first 3 years (MAD)"), min_value=0, max_digits=14, decimal_places=2
    )
    funding_sources = forms.CharField(label=_("Funding sources"), required=False)
    start_year = forms.IntegerField(label=_("Start year"))
    end_year = forms.IntegerField(label=_("End year"))
    gender_marker = forms.TypedChoiceField(label=_("Gender marker"), choices=GenderMarker.choices, coerce=int)
    responsible_service = forms.CharField(label=_("Responsible service"), max_length=200, required=False)

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = programme.axes.all()


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["actual"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actual"].required = True


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["kind", "held_on", "findings"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}), "findings": forms.Textarea(attrs={"rows": 4})}
