"""The open-data registry: every module declares its public datasets once (issue 7 §3).

A dataset is a key, a label, described columns (the data dictionary) and a function yielding
rows (tuples in the columns' order). The open-data page lists every registered dataset and
serves each as CSV and JSON, streamed as the rows come; the dictionary is generated from the
column descriptions, so a column cannot be published without being described.

    from tadafur.opendata.registry import Column, register_dataset

    register_dataset(
        "feedback.reports",
        label=_("Service feedback reports"),
        columns=[Column("id", _("Stable identifier of the report.")), ...],
        rows=lambda: Report.objects.filter(public=True).values_list("pk", ...).iterator(),
        module="feedback",
    )

Rules (tested for the landed modules in tadafur/opendata/tests): public records only, never a
person's name, CNIE number, phone, e-mail or address; aggregates about people only above the
dashboards' small-cell threshold; stable identifiers (HCP codes, object ids, receipt numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Column:
    name: str  # snake_case, stable: a column is never renamed, only added
    description: str | Promise
    type: str = "string"  # string, integer, number, date, datetime, boolean


@dataclass(frozen=True)
class Dataset:
    key: str  # "<module>.<name>", stable: the file names derive from it
    label: str | Promise
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[Sequence[Any]]]
    description: str | Promise = ""
    module: str = ""

    @property
    def filename(self) -> str:
        return self.key.replace(".", "-")


_DATASETS: dict[str, Dataset] = {}


def register_dataset(
    key: str,
    *,
    label: str | Promise,
    columns: Sequence[Column | tuple[str, str | Promise] | tuple[str, str | Promise, str]],
    rows: Callable[[], Iterable[Sequence[Any]]],
    description: str | Promise = "",
    module: str = "",
) -> Dataset:
    """Declare a dataset (call from AppConfig.ready()); registering a key again replaces it."""
    cols = tuple(c if isinstance(c, Column) else Column(*c) for c in columns)
    names = [c.name for c in cols]
    if len(set(names)) != len(names):
        raise ValueError(f"Dataset {key} has duplicate column names")
    dataset = Dataset(key, label, cols, rows, description, module or key.split(".", 1)[0])
    _DATASETS[key] = dataset
    return dataset


def datasets() -> list[Dataset]:
    return sorted(_DATASETS.values(), key=lambda d: d.key)


def dataset(key: str) -> Dataset | None:
    return _DATASETS.get(key)
