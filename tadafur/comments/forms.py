from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.comments.models import FlagReason, HideReason
from tadafur.comments.rules import TEXT_MAX


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Be respectful; comments that insult or reveal someone's personal data are hidden."),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why?"), choices=FlagReason.choices)
    note = forms.CharField(label=_("Details (optional)"), max_length=300, required=False)


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=HideReason.choices)
    note = forms.CharField(
        label=_("Explanation for the author"),
        max_length=500,
        help_text=_("Shown to the author in the notification."),
    )
