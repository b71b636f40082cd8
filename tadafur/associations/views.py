from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def association_list(request: HttpRequest) -> HttpResponse:
    return render(request, "associations/list.html", {"associations": []})
