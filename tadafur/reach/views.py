"""Short-code pages (tiny, no CSS or JavaScript), the poster, and the help desk's assisted sessions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tadafur.accounts import selectors as accounts
from tadafur.accounts.roles import Role
from tadafur.core.errors import DomainError
from tadafur.reach import codes, forms, poster, selectors, services
from tadafur.reach.middleware import SESSION_KEY

LANGS = [("ar", "العربية"), ("fr", "Français"), ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ"), ("en", "English")]
_CODES = {c for c, _n in LANGS}


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    if wanted in _CODES:
        return wanted
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def _base_context(lang: str) -> dict[str, Any]:
    return {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "languages": LANGS}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    lang = _language(request)
    typed = request.GET.get("code", "")
    error = ""
    if typed:
        code = codes.normalise(typed)
        if selectors.object_for_code(code) is not None:
            suffix = f"?lang={request.GET['lang']}" if request.GET.get("lang") in _CODES else ""
            return redirect(f"/s/{code}{suffix}")
        with translation.override(lang):
            error = _("No page has this code. Check the letters and digits on the poster.")
    with translation.override(lang):
        return render(
            request,
            "reach/index.html",
            {**_base_context(lang), "typed": typed[:12], "error": error, "lang_param": "lang" in request.GET},
            status=404 if error else 200,
        )


def _resolve(code: str) -> tuple[str, Any, Any]:
    canonical = codes.normalise(code)
    found = selectors.object_for_code(canonical)
    if found is None:
        raise Http404
    return canonical, found[0], found[1]


@require_GET
def status(request: HttpRequest, code: str) -> HttpResponse:
    canonical, obj, entry = _resolve(code)
    lang = _language(request)
    with translation.override(lang):
        st = selectors.status_of(canonical, obj, entry)
        if "txt" in request.GET:
            body = render_to_string("reach/status.txt", {"status": st, "full_url": request.build_absolute_uri(st.url)})
            response = HttpResponse(body, content_type="text/plain; charset=utf-8")
        else:
            response = render(request, "reach/status.html", {**_base_context(lang), "status": st})
    response["Content-Language"] = lang
    response["Vary"] = "Accept-Language, Cookie"
    return response


@require_GET
def for_object(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    """Give a public object its code (drawn once, then stable) and go to its status page or poster."""
    from tadafur.reach import registry

    entry = registry.for_label(label)
    model = None
    if entry is not None:
        from django.apps import apps

        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            model = None
    obj = model._default_manager.filter(pk=pk).first() if model is not None else None
    if obj is None or entry is None or not entry.is_public(obj):
        raise Http404
    code = services.shortcode_for(obj)
    if "poster" in request.GET:
        return redirect(f"/s/{code}/poster.pdf")
    # The visitor's language goes along (the page they came from passes it).
    return redirect(f"/s/{code}?lang={request.GET['lang']}" if request.GET.get("lang") in _CODES else f"/s/{code}")


@require_GET
def poster_view(request: HttpRequest, code: str) -> HttpResponse:
    canonical, obj, entry = _resolve(code)
    pdf = poster.poster_pdf(canonical, obj, entry, base_url=f"{request.scheme}://{request.get_host()}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{canonical}.pdf"'
    return response


# --- Help desk: assisted sessions -----------------------------------------------------------


def _desk_collectivities(user: Any) -> list[tuple[int, str]]:
    return [(t.pk, t.name) for t in accounts.collectivities_where(user, Role.STAFF_AGENT)]


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    choices = _desk_collectivities(request.user)
    if not choices:
        raise PermissionDenied(_("Only the help-desk staff of a collectivity can act for its residents."))
    form = forms.AssistForm(request.POST or None, collectivities=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from tadafur.territories.models import Territory

        person = accounts.user_by_contact(data["contact"])
        try:
            if person is None:
                raise DomainError(_("No active account has this email or phone."))
            session = services.assisted_session_start(
                person=person,
                collectivity=Territory.objects.get(pk=data["collectivity"]),
                identity_checked=data["identity_checked"],
                consent_method=data["consent_method"],
                consent_given=data["consent_given"],
                purpose=data["purpose"],
                actor=request.user,
            )
        except DomainError as exc:
            for name, errs in (getattr(exc, "errors", None) or {}).items():
                for e in errs:
                    form.add_error(name if name in form.fields else None, e)
            if not getattr(exc, "errors", None):
                form.add_error(None, exc.message)
        else:
            request.session[SESSION_KEY] = session.pk
            messages.success(
                request,
                _("You are now acting for %(person)s. Every action is recorded with both your names.")
                % {"person": person.public_name},
            )
            return redirect("/")
    running = None
    pk = request.session.get(SESSION_KEY)
    if pk:
        running = selectors.running_session(pk, request.user)
    return render(
        request,
        "reach/desk.html",
        {"form": form, "running": running, "sessions": selectors.sessions_of(request.user)},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def desk_stop(request: HttpRequest) -> HttpResponse:
    pk = request.session.pop(SESSION_KEY, None)
    running = selectors.running_session(pk, request.user) if pk else None
    if running is not None:
        services.assisted_session_stop(session=running, actor=request.user)
        messages.success(request, _("The assisted session is over: you act as yourself again."))
    return redirect("reach:desk")
