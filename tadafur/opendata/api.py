"""Open data: the catalogue of datasets with their dictionary (`/api/v1/open-data/`).

The files themselves are served by the open-data pages (`/<lang>/open-data/<key>.csv|.json`),
streamed as they are generated.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from tadafur.opendata import licence, registry

router = Router(tags=["Open data"])


class ColumnOut(Schema):
    name: str
    type: str
    description: str


class DatasetOut(Schema):
    key: str
    module: str
    title: str
    description: str
    csv_url: str
    json_url: str
    columns: list[ColumnOut]


class CatalogueOut(Schema):
    licence: str
    licence_url: str
    attribution: str
    census_credit: str
    datasets: list[DatasetOut]


def _out(d: registry.Dataset) -> DatasetOut:
    return DatasetOut(
        key=d.key,
        module=d.module,
        title=str(d.label),
        description=str(d.description),
        csv_url=reverse("opendata:csv", args=[d.key]),
        json_url=reverse("opendata:json", args=[d.key]),
        columns=[ColumnOut(name=c.name, type=c.type, description=str(c.description)) for c in d.columns],
    )


EXAMPLE = {
    "licence": licence.LICENCE,
    "licence_url": licence.LICENCE_URL,
    "attribution": licence.ATTRIBUTION,
    "census_credit": licence.CENSUS_CREDIT,
    "datasets": [
        {
            "key": "petitions.petitions",
            "module": "petitions",
            "title": "Petitions",
            "description": "Published petitions and motions (drafts excluded).",
            "csv_url": "/en/open-data/petitions.petitions.csv",
            "json_url": "/en/open-data/petitions.petitions.json",
            "columns": [{"name": "id", "type": "integer", "description": "Stable identifier."}],
        }
    ],
}


@router.get(
    "/datasets",
    response=CatalogueOut,
    summary="Catalogue of the open datasets, with licence and data dictionary",
    openapi_extra={"responses": {"200": {"description": "OK", "content": {"application/json": {"example": EXAMPLE}}}}},
)
def dataset_list(request: HttpRequest) -> CatalogueOut:
    return CatalogueOut(
        licence=licence.LICENCE,
        licence_url=licence.LICENCE_URL,
        attribution=licence.ATTRIBUTION,
        census_credit=licence.CENSUS_CREDIT,
        datasets=[_out(d) for d in registry.datasets()],
    )


@router.get("/datasets/{key}", response=DatasetOut, summary="One dataset and its data dictionary")
def dataset_detail(request: HttpRequest, key: str) -> DatasetOut:
    dataset = registry.dataset(key)
    if dataset is None:
        raise HttpError(404, "Unknown dataset.")
    return _out(dataset)
