"""The project's URLs plus one trivial page: the baseline the page benchmarks are compared with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config import urls as project_urls

_TRIVIAL = engines["django"].from_string(
    '{% load i18n %}<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
    "<title>{% translate 'Tadafur' %}</title></head><body><p>{% translate 'Tadafur' %}</p></body></html>"
)


def trivial_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_TRIVIAL.render({}, request))


urlpatterns = [path("bench/trivial/", trivial_page), *project_urls.urlpatterns]
handler404 = project_urls.handler404
handler500 = project_urls.handler500
