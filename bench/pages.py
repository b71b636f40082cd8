"""Page rendering latency through Django's test client, and page weights."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.test import Client
from django.test.utils import override_settings

PAGES = {
    "trivial page (baseline)": "/bench/trivial/",
    "home /ar/": "/ar/",
    "Settat province /ar/territories/06.461/": "/ar/territories/06.461/",
}


def _percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def latency(client: Client, url: str, requests: int) -> dict[str, float]:
    for _ in range(5):  # warm caches, templates and the database's pages
        assert client.get(url).status_code == 200, url
    timings: list[float] = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": _percentile(timings, 0.95),
        "max_ms": timings[-1],
    }


def run(say: Any, requests: int) -> dict[str, Any]:
    from tadafur.core.tests.test_page_weight import BUDGET, LANGUAGES, page_weight
    from tadafur.core.tests.test_page_weight import PAGES as WEIGHED

    results: dict[str, Any] = {"latency": {}, "weights": {}, "requests": requests, "budget": BUDGET}
    with override_settings(ROOT_URLCONF="bench.urls"):
        client = Client()
        for name, url in PAGES.items():
            figures = latency(client, url, requests)
            results["latency"][name] = figures
            say(f"  {name}: median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms")
        for name, pattern in WEIGHED.items():
            row: dict[str, int | str] = {}
            for lang in LANGUAGES:
                try:
                    row[lang] = page_weight(client, pattern.format(lang=lang))[0]
                except AssertionError as error:
                    row[lang] = f"unavailable: {str(error).splitlines()[0]}"
            results["weights"][name] = row
            say(f"  weight {name}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    return results
