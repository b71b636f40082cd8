from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.accounts.models import ActivityKind, Language, Sex, User
from tadafur.accounts.roles import Role
from tadafur.core import clock
from tadafur.core.crypto import normalise_cnie
from tadafur.core.uploads import PdfUploadField
from tadafur.territories.models import Level, Territory


class SignupForm(AllauthSignupForm):
    """Sign up with an email address, a Moroccan mobile number, or both (at least one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["email_required"] = False
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].help_text = _("An email address, a mobile number, or both.")
        self.fields["phone"].label = _("Mobile number")
        self.fields["phone"].help_text = _("A Moroccan mobile number: 06… or 07…. We send a code by SMS.")
        self.order_fields(["email", "phone", "password1", "password2"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not self.has_error("phone")
            and not self.has_error("email")
        ):
            raise forms.ValidationError(_("Give an email address or a mobile number, so that you can sign in."))
        return cleaned


def _birth_year_bounds() -> tuple[int, int]:
    return 1900, clock.today().year - 10


class ProfileForm(forms.ModelForm):
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        help_text=_("Optional. Used only to count participants by age band, never shown with your name."),
    )
    residence_code = forms.ChoiceField(label=_("Commune of residence"), required=False)
    residence_other = forms.CharField(
        label=_("Or another commune: its HCP code"),
        required=False,
        max_length=16,
        help_text=_("For a commune outside this province, for example 01.041.01.01. Find the code on its page."),
    )

    class Meta:
        model = User
        fields = ["display_name", "sex", "preferred_language", "notify_in_app", "notify_email", "notify_sms"]
        widgets = {"sex": forms.RadioSelect}
        help_texts = {
            "display_name": _("Shown next to what you publish. Leave empty to appear as “Participant”."),
            "sex": _("Optional. Used only to publish figures by sex (for example the share of women who voted)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = [("", pgettext_lazy("sex", "Not given"))] + list(Sex.choices)
        self.fields["sex"].required = False
        self.fields["preferred_language"].choices = Language.choices
        self.fields["birth_year"].initial = self.instance.birth_year
        # A select of the communes of one province (the person's, else Settat's) keeps the page
        # light and works without JavaScript; any other commune is given by its HCP code.
        self.fields["residence_code"].choices = _commune_choices(self.instance.residence)
        if self.instance.residence_id:
            self.fields["residence_code"].initial = self.instance.residence.code

    def clean_birth_year(self) -> int | None:
        value = self.cleaned_data.get("birth_year")
        if value is None:
            return None
        low, high = _birth_year_bounds()
        if not low <= value <= high:
            raise forms.ValidationError(
                _("Give a year between %(low)d and %(high)d, or leave it empty.") % {"low": low, "high": high}
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        code = (cleaned.get("residence_other") or "").strip() or cleaned.get("residence_code")
        cleaned["residence"] = None
        if code:
            commune = Territory.objects.filter(code=code, level=Level.COMMUNE).first()
            if commune is None:
                self.add_error("residence_other", _("No commune has this HCP code."))
            cleaned["residence"] = commune
        return cleaned

    def profile_changes(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["birth_year"] = self.cleaned_data.get("birth_year")
        data["residence"] = self.cleaned_data.get("residence")
        data["sex"] = data["sex"] or ""
        return data


DEFAULT_PROVINCE = "06.461"  # Settat province, where the platform is first deployed


def _commune_choices(residence: Territory | None) -> list[tuple[str, str]]:
    province_id = residence.parent_id if residence else None
    if province_id is None:
        province = Territory.objects.filter(code=DEFAULT_PROVINCE).first()
        province_id = province.pk if province else None
    communes = Territory.objects.filter(level=Level.COMMUNE, parent_id=province_id).order_by("name_fr")
    return [("", str(_("Not given")))] + [(t.code, t.name) for t in communes]


class RollUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns cnie and birth_date (YYYY-MM-DD or DD/MM/YYYY). Other columns are ignored and not kept."),
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB: split it by commune."))
        return f


class SelfVerifyForm(forms.Form):
    collectivity = forms.ChoiceField(label=_("Collectivity where you are registered"))
    cnie = forms.CharField(label=_("CNIE number"), max_length=20, help_text=_("As on your card, for example AB123456."))
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )

    def __init__(self, *args: Any, collectivities: list[Territory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.collectivities = {t.code: t for t in collectivities}
        self.fields["collectivity"].choices = [(t.code, t.name) for t in collectivities]

    def clean_cnie(self) -> str:
        return normalise_cnie(self.cleaned_data["cnie"])

    def clean_collectivity(self) -> Territory:
        return self.collectivities[self.cleaned_data["collectivity"]]


class LookupForm(forms.Form):
    contact = forms.CharField(label=_("Email address or mobile number"), max_length=254)


class InPersonConfirmForm(forms.Form):
    user_id = forms.IntegerField(widget=forms.HiddenInput)
    checked_card = forms.BooleanField(
        label=_("I have seen this person's CNIE card and it shows an address in this collectivity.")
    )


class InviteForm(forms.Form):
    contact = forms.CharField(label=_("Email address or mobile number"), max_length=254)
    display_name = forms.CharField(label=_("Name"), max_length=80, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, allow_platform_admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if allow_platform_admin or value != Role.PLATFORM_ADMIN
        ]

    def clean_contact(self) -> str:
        from tadafur.accounts.phones import normalise_phone

        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            return forms.EmailField().clean(value)
        return normalise_phone(value)


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my personal data will be erased and that this cannot be undone.")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.has_usable_password() or not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class ActivityDeclarationForm(forms.Form):
    """Declare an economic or professional activity in a commune (reviewed by its staff)."""

    commune_code = forms.ChoiceField(label=_("Commune where you exercise the activity"), required=False)
    commune_other = forms.CharField(
        label=_("Or another commune: its HCP code"),
        required=False,
        max_length=16,
        help_text=_("For a commune outside this province, for example 01.041.01.01. Find the code on its page."),
    )
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Activity"),
        max_length=300,
        help_text=_("For example: grocery shop, Avenue Hassan II; or: physician at the health centre."),
    )
    document = PdfUploadField(
        label=_("Supporting document (PDF)"),
        help_text=_(
            "A trade register extract, a professional tax certificate, a work certificate or a lease, "
            "as a PDF of at most 5 MB. Only the commune's staff see it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune_code"].choices = _commune_choices(None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        code = (cleaned.get("commune_other") or "").strip() or cleaned.get("commune_code")
        cleaned["commune"] = None
        if not code:
            self.add_error("commune_code", _("Choose the commune where the activity is exercised."))
        else:
            commune = Territory.objects.filter(code=code, level=Level.COMMUNE).first()
            if commune is None:
                self.add_error("commune_other", _("No commune has this HCP code."))
            cleaned["commune"] = commune
        return cleaned


class ActivityReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject: the person reads it."),
    )
    checked_document = forms.BooleanField(
        label=_("I have read the document and it shows this activity in this commune."), required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "approve" and not cleaned.get("checked_document"):
            self.add_error("checked_document", _("Confirm that you have read the document before approving."))
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        return cleaned
