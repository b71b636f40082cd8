"""A small broken site for the crawler's own test: each page has one fault the crawl must report."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path


def _page(body: str, lang: str = "ar", direction: str = "rtl") -> HttpResponse:
    return HttpResponse(f'<!doctype html><html lang="{lang}" dir="{direction}"><body>{body}</body></html>')


def home(request):
    return _page(
        '<a href="/ar/crash/">crash</a> <a href="/unprefixed/">lost</a> <a href="/ar/french/">lang</a> '
        '<a href="/ar/away/">redirect</a> <a href="/fr/" hreflang="fr">Français</a> '
        '<a href="/ar/logout/">out</a> <a href="https://example.org/">elsewhere</a> <a href="/ar/ok/1/">1</a> '
        '<a href="/ar/gone/">gone</a>'
    )


def crash(request):
    raise RuntimeError("boom")


def french(request):
    return _page("", lang="fr", direction="ltr")


def away(request):
    return HttpResponse(status=302, headers={"Location": "/unprefixed/"})


def ok(request, pk):
    return _page(f'<a href="/ar/ok/{pk + 1}/">next</a>' + ("TEMPLATE-VARIABLE-MISSING" if pk == 2 else ""))


def logout(request):
    raise AssertionError("the crawler must never follow a logout link")


urlpatterns = [path("unprefixed/", french)] + i18n_patterns(
    path("", home),
    path("crash/", crash),
    path("french/", french),
    path("away/", away),
    path("logout/", logout),
    path("ok/<int:pk>/", ok),
)
