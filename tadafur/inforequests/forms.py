"""Thin forms: they parse and explain; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.core.uploads import PdfUploadField
from tadafur.inforequests.rules import AnswerFormat, RefusalGround


class RequestForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("In a few words, e.g. “Budget of the commune for 2026”."),
    )
    text = forms.CharField(
        label=_("Information you ask for"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe the document or information. You do not have to say why you ask."),
    )
    answer_format = forms.ChoiceField(
        label=_("How do you want to receive it?"), choices=AnswerFormat.choices, initial=AnswerFormat.ELECTRONIC
    )
    urgent = forms.BooleanField(
        label=_("Urgent: the information is needed to protect someone's life, safety or freedom"),
        required=False,
        help_text=_("The collectivity then answers within 3 working days (Law 31.13, art. 17)."),
    )


class DeskRequestForm(RequestForm):
    """Filed at the help desk by a staff agent for a person who came in or wrote on paper."""

    on_behalf_name = forms.CharField(label=_("Name of the person"), max_length=120)
    on_behalf_contact = forms.CharField(
        label=_("Email or phone of the person"),
        max_length=150,
        required=False,
        help_text=_("An email address lets the platform tell the person of each step."),
    )
    consent = forms.BooleanField(
        label=_("The person agrees that the request is filed on the platform on their behalf"), required=True
    )


class AcknowledgeForm(forms.Form):
    public_subject = forms.CharField(
        label=_("Subject in the public register"),
        max_length=200,
        help_text=_("Remove any name, address or other personal data."),
    )
    public_text = forms.CharField(
        label=_("Request in the public register"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Remove any name, address or other personal data."),
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Allowed once, when the request is large or needs a third party (Law 31.13, art. 16)."),
    )


class AnswerForm(forms.Form):
    answer_text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    public_answer = forms.CharField(
        label=_("Answer in the public register"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Leave empty to publish the answer as written; remove any personal data."),
    )
    answer_file = PdfUploadField(label=_("Document (PDF)"), required=False)
    attachment_public = forms.BooleanField(
        label=_("Publish the document in the register"), required=False, initial=True
    )


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Legal ground"), choices=[("", "—"), *RefusalGround.choices])
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from tadafur.inforequests.states import RequestStatus

        self.fields["status"].choices = [("", _("All")), *[c for c in RequestStatus.choices if c[0] != "withdrawn"]]
