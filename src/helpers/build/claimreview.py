"""Fact-checks machines can read: a schema.org ``ClaimReview`` (JSON-LD) for every checked claim
(not for the copied figures, outcome ``transcription``: :data:`NOT_REVIEWED`).

The audit page lists every claim in rows ``<tr id="claim-<claim_id>" data-outcome="<code>">`` (and the
main claims, on the audit and the landing page, as ``main-claim-<claim_id>``; see
:func:`helpers.display.audit_report.claim_rows`). From the rows of the finished page, :func:`add_claim_reviews`
writes one ``<script type="application/ld+json">`` holding one ``ClaimReview`` per row:

* ``claimReviewed``: the claim's words as the row's first cell shows them;
* ``itemReviewed``: a ``Claim`` whose ``appearance`` is the article, a ``CreativeWork`` named in the
  page's language (the data package's source title); the source text gives no publisher, date or
  magazine name, so none is written (the organisations it names made the survey);
* ``reviewRating``: a ``Rating`` whose ``alternateName`` is the plain verdict label a reader sees, in the
  page's language (:func:`helpers.words.plain.verdict_label` of the row's outcome code: "Klopt", "Holds");
* ``author``: the package, digivaardig; ``url``: the page and the row's anchor (a URL relative to the
  page: the offline site has no address of its own).

The data text is JSON-escaped and ``<``, ``>``, ``&`` are written as ``\\u003c`` etc., so no claim text
can close the script element (``</script>``) or open a comment.
"""

from __future__ import annotations

import json
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..core import paths
from ..words import labels, plain

AUTHOR = "digivaardig"
AUDIT_PREFIX = "claim-"  # helpers.display.audit_report.CLAIM_PREFIX: the audit's list of every claim
MAIN_PREFIX = "main-claim-"  # helpers.display.audit_report.MAIN_CLAIM_PREFIX: the main-claims table
SCRIPT_TYPE = "application/ld+json"
# A copied figure checked against its own chart (outcome "transcription") cannot fail unless the article
# contradicts itself: it is no fact-check verdict, so it gets no ClaimReview (the row stays on the page).
NOT_REVIEWED = ("transcription",)


class _ClaimRows(HTMLParser):
    """Collects ``(id, outcome, first cell's text)`` of every ``<tr>`` whose id starts with ``prefix``."""

    def __init__(self, prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.prefix = prefix
        self.rows: list[tuple[str, str, str]] = []
        self._row: dict[str, Any] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr":
            row_id = found.get("id") or ""
            self._row = {"id": row_id, "outcome": found.get("data-outcome") or "", "cells": 0} \
                if row_id.startswith(self.prefix) else None
        elif tag in ("td", "th") and self._row is not None:
            self._row["cells"] += 1
            self._cell = [] if self._row["cells"] == 1 else None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self.rows.append((self._row["id"], self._row["outcome"], " ".join("".join(self._cell).split())))
            self._cell = None
        elif tag == "tr":
            self._row = None


def claim_rows(page: str, prefix: str) -> list[tuple[str, str, str]]:
    """``(row id, outcome code, claim text)`` of every claim row of ``page`` whose id starts with ``prefix``."""
    parser = _ClaimRows(prefix)
    parser.feed(page)
    parser.close()
    return parser.rows


def article(lang: str, data_folder: Path | None = None) -> dict[str, Any]:
    """The article as a schema.org ``CreativeWork`` named in the page's language: in English the data
    package's source title, in Dutch its translation (``site.article_name``). No publisher, date or
    magazine: the source text gives none (the organisations it names made the survey, they are not
    known to have published the article)."""
    folder = data_folder or paths.data_dir()
    descriptor = folder / paths.DATA_PACKAGE
    if not descriptor.is_file():
        descriptor = paths.PROJECT_ROOT / "data" / paths.DATA_PACKAGE
    sources = json.loads(descriptor.read_text(encoding="utf-8")).get("sources") or [{}]
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if lang == "en" and sources[0].get("title"):
        work["name"] = sources[0]["title"]
    else:
        work["name"] = labels.text("site.article_name", lang)
    return work


def claim_review(row_id: str, outcome: str, claim: str, page_name: str, lang: str,
                 appearance: dict[str, Any]) -> dict[str, Any]:
    """One claim row as a schema.org ``ClaimReview``."""
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"{urllib.parse.quote(page_name)}#{urllib.parse.quote(row_id)}",
        "claimReviewed": claim,
        "itemReviewed": {"@type": "Claim", "appearance": appearance},
        "reviewRating": {"@type": "Rating", "alternateName": plain.verdict_label(outcome, lang)},
        "author": {"@type": "Organization", "name": AUTHOR},
        "inLanguage": lang,
    }


def json_ld(value: Any) -> str:
    """``value`` as the text of a ``<script type="application/ld+json">``: JSON whose ``<``, ``>`` and
    ``&`` are escaped (``\\u003c`` ...), so that no data text ends the element or opens a comment."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def add_claim_reviews(page: str, prefix: str, page_name: str, lang: str, data_folder: Path | None = None) -> str:
    """``page`` with one JSON-LD script of a ``ClaimReview`` per claim row (ids starting with ``prefix``)
    whose outcome is a verdict (not :data:`NOT_REVIEWED`), placed before ``</body>``; the page unchanged
    when it has no such row."""
    rows = [row for row in claim_rows(page, prefix) if row[1] not in NOT_REVIEWED]
    if not rows:
        return page
    appearance = article(lang, data_folder)
    reviews = [claim_review(row_id, outcome, claim, page_name, lang, appearance) for row_id, outcome, claim in rows]
    script = f'<script type="{SCRIPT_TYPE}">\n{json_ld(reviews)}\n</script>\n'
    at = page.rfind("</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script
