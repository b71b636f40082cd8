"""The crawler reports each kind of fault it is meant to find, on a small broken site."""

import pytest
from django.test import Client

from tadafur.tests_crawl.crawler import crawl


@pytest.mark.urls("tadafur.tests_crawl.broken_urls")
def test_the_crawler_reports_crashes_broken_links_lost_prefixes_wrong_language_and_template_holes():
    result = crawl(
        Client(raise_request_exception=True), "ar", per_pattern=3, invalid_marker="TEMPLATE-VARIABLE-MISSING"
    )
    kinds = sorted(f.split(": ")[0] + " " + f.split(": ")[1].split(" ")[0] for f in result.findings)
    assert kinds == [
        "broken link /ar/gone/",
        "link lost the language prefix /unprefixed/",
        "redirect lost the language prefix /ar/away/",
        "server error /ar/crash/",
        "template variable missing /ar/ok/2/",
        "wrong <html lang/dir> /ar/french/",
    ]
    # Each URL pattern at most 3 times; never the logout link, another language or another site.
    assert [u for u in result.visited if u.startswith("/ar/ok/")] == ["/ar/ok/1/", "/ar/ok/2/", "/ar/ok/3/"]
    assert not any("logout" in u or "/fr/" in u or "example.org" in u for u in result.visited)
