"""Short codes, plain status pages and posters: API (public, read-only)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Schema
from ninja.errors import HttpError

from tadafur.reach import codes, selectors
from tadafur.reach.views import _CODES

router = Router(tags=["Short codes, plain status pages and posters"])


class LineOut(Schema):
    label: str
    value: str


class StatusOut(Schema):
    code: str
    type: str
    id: int
    title: str
    url: str
    lines: list[LineOut]


@router.get("/{code}", response=StatusOut, summary="What a short code names, with its current status")
def code_status(request: HttpRequest, code: str, lang: str = "fr") -> dict[str, object]:
    canonical = codes.normalise(code)
    found = selectors.object_for_code(canonical)
    if found is None:
        raise HttpError(404, "Not found")
    obj, entry = found
    with translation.override(lang if lang in _CODES else "fr"):
        st = selectors.status_of(canonical, obj, entry)
    return {
        "code": canonical,
        "type": entry.label,
        "id": obj.pk,
        "title": st.title,
        "url": st.url,
        "lines": [{"label": k, "value": v} for k, v in st.lines],
    }
