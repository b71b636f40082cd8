from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tadafur.core.uploads import ImageUploadField, PdfUploadField
from tadafur.news.models import NewsKind


class DateInput(forms.DateInput):
    input_type = "date"


LANGUAGE_LABELS = {"ar": _("Arabic"), "fr": _("French"), "zgh": _("Tifinagh (Amazigh)"), "en": _("English")}


class NewsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NewsKind.choices)
    body = forms.TypedChoiceField(label=_("Consultative body (optional)"), required=False, coerce=int, empty_value=None)
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=DateInput, help_text=_("Required for a call for participation.")
    )
    image = ImageUploadField(label=_("Picture"), required=False)
    attachment = PdfUploadField(label=_("Attachment (PDF)"), required=False)
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    def __init__(self, *args: Any, bodies: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "—"), *bodies]
        for code, label in LANGUAGE_LABELS.items():
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": label}, max_length=200, required=False
            )
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 5, "dir": "rtl" if code == "ar" else "ltr", "lang": code}),
            )
