"""A bounded same-site crawler on Django's test client (no browser), for the persona crawl.

It starts from a home page, follows every same-site `<a href>` with GET (never logout links, never
outside the start language), and records what a visitor would notice: server errors, template
errors, links to missing pages, pages that lost their language prefix, a wrong `<html lang/dir>`.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

# Paths that are language-neutral on purpose (config/urls.py) and not pages of the site: the API,
# the language switch, health, static and uploaded files.
NEUTRAL_PREFIXES = ("/api/", "/i18n/", "/healthz", "/static/", "/media/", "/favicon")
# Short-code pages have no prefix either (tiny URLs for posters) but take the language from
# `?lang=`: they are crawled, and must still answer in the visitor's language.
LANG_PARAM_PREFIXES = ("/s/",)
# Never followed: logging out ends the persona's session; admin pages are Django's own.
SKIP_PARTS = ("/logout", "/accounts/logout", "/admin/")
# Files whose rendering is costly (PDF) or which are data, not pages: a few of each are enough.
FILE_SUFFIXES = (".pdf", ".ics", ".csv", ".json", ".geojson", ".svg", ".jpg", ".png", ".txt", ".xml")
BIDI = set(settings.LANGUAGES_BIDI)
LANGS = {code for code, _name in settings.LANGUAGES}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, dict[str, str]]] = []
        self.html_attrs: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html" and self.html_attrs is None:
            self.html_attrs = a
        elif tag == "a" and a.get("href"):
            self.links.append((a["href"], a))


def pattern_of(path: str) -> str:
    """The URL pattern that serves a path: /ar/petitions/12/ and /ar/petitions/13/ are one."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.view_name} {match.route}"


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    patterns: set[str] = field(default_factory=set)
    statuses: dict[str, tuple[int, str]] = field(default_factory=dict)  # url -> (status, linked from)
    findings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, kind: str, url: str, detail: str, source: str) -> None:
        self.findings.append(f"{kind}: {url} ({detail}) linked from {source}")


def crawl(
    client: Client,
    lang: str,
    *,
    max_pages: int = 400,
    per_pattern: int = 3,
    per_file_pattern: int = 1,
    invalid_marker: str = "",
) -> CrawlResult:
    result = CrawlResult()
    started = time.monotonic()
    start = f"/{lang}/"
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen: set[str] = {start}
    patterns: Counter[str] = Counter()
    while queue and len(result.visited) < max_pages:
        url, source = queue.popleft()
        path = urlsplit(url).path
        pattern = pattern_of(path)
        limit = per_file_pattern if path.endswith(FILE_SUFFIXES) else per_pattern
        if patterns[pattern] >= limit:
            continue
        patterns[pattern] += 1
        result.visited.append(url)
        result.patterns.add(pattern)
        t0 = time.monotonic()
        response = _get(client, url, result, source)
        result.timings[url] = time.monotonic() - t0
        if response is None:
            continue
        hops = 0
        while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
            target = response["Location"]
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                break
            if not _has_prefix(parts.path, lang) and not parts.path.startswith(LANG_PARAM_PREFIXES):
                result.add("redirect lost the language prefix", url, target, source)
                break
            hops += 1
            response = _get(client, target, result, source)
            if response is None:
                break
            url = target
        if response is None or response.status_code in (301, 302, 303, 307, 308):
            continue
        result.statuses[url] = (response.status_code, source)
        if response.status_code >= 500:
            result.add("server error", url, str(response.status_code), source)
            continue
        if response.status_code == 404:
            result.add("broken link", url, "404", source)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode("utf-8", "replace")
        if invalid_marker and invalid_marker in text:
            at = text.index(invalid_marker)
            result.add("template variable missing", url, text[max(0, at - 80) : at + 40], source)
        parser = _Links()
        parser.feed(text)
        _check_html(parser, lang, url, source, result, response.status_code)
        for href, attrs in parser.links:
            target = _same_site(href, url)
            if target is None:
                continue
            if any(part in target for part in SKIP_PARTS) or attrs.get("hreflang"):
                continue  # logout, admin, or the language switcher (another language on purpose)
            tpath = urlsplit(target).path
            if not _has_prefix(tpath, lang) and not tpath.startswith(LANG_PARAM_PREFIXES):
                if tpath.startswith(NEUTRAL_PREFIXES):
                    continue
                result.add("link lost the language prefix", target, href, url)
                continue
            if target not in seen:
                seen.add(target)
                queue.append((target, url))
    result.seconds = time.monotonic() - started
    return result


def _get(client: Client, url: str, result: CrawlResult, source: str) -> Any:
    try:
        return client.get(url)
    except Exception as exc:  # the test client re-raises a view's exception: a 500 for the visitor
        result.add("server error", url, f"{type(exc).__name__}: {exc}"[:300], source)
        return None


def _has_prefix(path: str, lang: str) -> bool:
    return path == f"/{lang}/" or path.startswith(f"/{lang}/")


def _same_site(href: str, base: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "sms:", "javascript:", "data:")):
        return None
    href, _frag = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.netloc not in ("testserver", ""):
            return None
        href = parts.path + (f"?{parts.query}" if parts.query else "")
    elif not href.startswith("/"):
        base_path = urlsplit(base).path
        href = base_path.rsplit("/", 1)[0] + "/" + href
    return href or None


def _check_html(parser: _Links, lang: str, url: str, source: str, result: CrawlResult, status: int) -> None:
    attrs = parser.html_attrs
    if attrs is None:
        result.add("no <html> element", url, str(status), source)
        return
    want_dir = "rtl" if lang in BIDI else "ltr"
    if attrs.get("lang") != lang or attrs.get("dir") != want_dir:
        result.add("wrong <html lang/dir>", url, f"lang={attrs.get('lang')!r} dir={attrs.get('dir')!r}", source)
