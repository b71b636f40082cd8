"""Open data: the list of datasets with their dictionary, and the files, streamed as they are
generated (CSV with a BOM and formula-safe cells, JSON), plus `.pb` files of finished budgets."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tadafur.core import clock
from tadafur.core.exports import csv_bytes
from tadafur.opendata import licence, registry


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value) if value % 1 else int(value)
    return value


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


def csv_stream(dataset: registry.Dataset) -> Iterator[bytes]:
    yield csv_bytes([c.name for c in dataset.columns], [])
    batch: list[Sequence[Any]] = []
    for row in dataset.rows():
        batch.append([_csv_cell(v) for v in row])
        if len(batch) == 500:
            yield csv_bytes([], batch, bom=False)[2:]  # drop the empty header line
            batch = []
    if batch:
        yield csv_bytes([], batch, bom=False)[2:]


def json_stream(dataset: registry.Dataset) -> Iterator[str]:
    names = [c.name for c in dataset.columns]
    head = {
        "dataset": dataset.key,
        "title": str(dataset.label),
        "description": str(dataset.description),
        "licence": licence.LICENCE,
        "attribution": licence.ATTRIBUTION,
        "census_credit": licence.CENSUS_CREDIT,
        "generated_at": clock.now().isoformat(),
        "columns": [{"name": c.name, "type": c.type, "description": str(c.description)} for c in dataset.columns],
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
    first = True
    for row in dataset.rows():
        item = json.dumps({k: _plain(v) for k, v in zip(names, row, strict=True)}, ensure_ascii=False)
        yield item if first else "," + item
        first = False
    yield "]}"


def _dataset(key: str) -> registry.Dataset:
    dataset = registry.dataset(key)
    if dataset is None:
        raise Http404
    return dataset


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    from tadafur.budgets.models import Cycle

    finished = (
        Cycle.objects.filter(result_computed_at__isnull=False, results_start__lte=clock.now())
        .select_related("collectivity")
        .order_by("-results_start")
    )
    return render(
        request,
        "opendata/index.html",
        {"datasets": registry.datasets(), "finished_cycles": finished, "licence": licence},
    )


def _with_headers(response: HttpResponse | StreamingHttpResponse, filename: str) -> Any:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{licence.LICENCE_URL}>; rel="license"'
    return response


@require_GET
def dataset_csv(request: HttpRequest, key: str) -> StreamingHttpResponse:
    dataset = _dataset(key)
    response = StreamingHttpResponse(csv_stream(dataset), content_type="text/csv; charset=utf-8")
    return _with_headers(response, f"{dataset.filename}.csv")


@require_GET
def dataset_json(request: HttpRequest, key: str) -> StreamingHttpResponse:
    dataset = _dataset(key)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in json_stream(dataset)), content_type="application/json; charset=utf-8"
    )
    return _with_headers(response, f"{dataset.filename}.json")


def _dictionary_rows() -> Iterable[Sequence[Any]]:
    for dataset in registry.datasets():
        for column in dataset.columns:
            yield [dataset.key, column.name, column.type, str(column.description)]


@require_GET
def dictionary_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        csv_bytes(["dataset", "column", "type", "description"], _dictionary_rows()),
        content_type="text/csv; charset=utf-8",
    )
    return _with_headers(response, "data-dictionary.csv")


@require_GET
def budget_pb(request: HttpRequest, pk: int) -> HttpResponse:
    """The `.pb` file (Pabulib) of a finished participatory budget: results published."""
    from tadafur.budgets import selectors as budgets
    from tadafur.budgets.models import Cycle

    cycle = (
        Cycle.objects.select_related("collectivity")
        .filter(pk=pk, result_computed_at__isnull=False, results_start__lte=clock.now())
        .first()
    )
    if cycle is None:
        raise Http404
    response = HttpResponse(budgets.pb_text(cycle), content_type="text/plain; charset=utf-8")
    return _with_headers(response, f"budget-{cycle.pk}.pb")
