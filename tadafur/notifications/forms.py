"""Thin forms: the follow button, the preferences page, marking notifications read."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.notifications.models import Channel, Frequency


class FollowForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)  # "app_label.model"
    object_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    channels = forms.MultipleChoiceField(
        label=_("Tell me"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class UnfollowForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    object_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class PreferencesForm(forms.Form):
    in_app = forms.BooleanField(label=_("On the platform (your inbox)"), required=False)
    email = forms.BooleanField(label=_("By email"), required=False)
    sms = forms.BooleanField(
        label=_("By SMS"),
        required=False,
        help_text=_("Short messages with a link, sent to the mobile number in your profile."),
    )
    frequency = forms.ChoiceField(
        label=_("How often by email and SMS"), choices=Frequency.choices, widget=forms.RadioSelect
    )
