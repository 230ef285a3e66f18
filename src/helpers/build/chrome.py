"""The page chrome of a report page: the navigation bar, the in-page contents and the downloads row.

Every report page (``reports/<set>/<stem>.html``, made by :func:`helpers.build.worker.to_html` with the
offline template) gets, in its own language (wording from :mod:`helpers.words.labels`, keys ``site.*``):

* a navigation bar: back to the set's landing page (``index.html``), every section of the set by its
  title (the current one marked), and the previous and next section;
* a table of contents of the page's ``<h2>`` headings where there are more than :data:`TOC_MIN`;
* a downloads row: the executed notebook and the CSV tables and SVG figures this notebook exported
  (the files its run wrote into its staging folder, so no name convention is guessed).

The sections are the set's notebooks in reading (name) order, each titled by its first ``# `` heading
in the set's language (:func:`section_titles`); the runner computes them once per set and they are an
input of every report (:func:`helpers.build.inputs.digests`), so a renamed or added section renders the
other pages again. Nothing is fetched: plain links and CSS, no script.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path
from typing import Any

import nbformat

from . import prose
from ..words import labels

TOC_MIN = 3  # a page with more <h2> headings than this gets a table of contents
TOC_MARKER = "<!--report-toc-->"  # where the template wants the contents; filled by :func:`add_toc`
HEADING = re.compile(r'<h2 id="(?P<id>[^"]+)">(?P<text>.*?)</h2>', re.DOTALL)
ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
DOWNLOAD_KINDS = (("tables/", ".csv", "site.download.tables"), ("figures/", ".svg", "site.download.figures"))


def notebook_title(notebook: Any, lang: str, default: str) -> str:
    """A notebook's title in ``lang``: the first ``# `` heading of its Markdown cells, or ``default``."""
    for cell in prose.select_language(notebook, lang)["cells"]:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        heading = next((line[2:].strip() for line in source.splitlines() if line.startswith("# ")), None)
        if heading:
            return heading
    return default


def section_titles(notebooks: list[Path], lang: str) -> tuple[tuple[str, str], ...]:
    """``((stem, title), ...)`` of the set's notebooks in name order, titled in ``lang``."""
    return tuple((path.stem, _title(path, lang)) for path in sorted(notebooks, key=lambda path: path.name))


def _title(path: Path, lang: str) -> str:
    """A notebook file's title (its stem when it cannot be read: its own run then says why)."""
    try:
        return notebook_title(nbformat.read(path, as_version=4), lang, path.stem)
    except Exception:  # noqa: BLE001  (not JSON, bad language tags: the notebook's job reports it)
        return path.stem


def _href(name: str) -> str:
    return urllib.parse.quote(name, safe="/")


def page_chrome(lang: str, stem: str, sections: tuple[tuple[str, str], ...], notebook_file: str,
                exports: list[str]) -> dict[str, Any]:
    """What the template's navigation bar and downloads row show (every text and link, unescaped).

    ``sections`` as :func:`section_titles`; ``notebook_file`` is the executed notebook beside the page;
    ``exports`` the files the run exported, relative to the set's folder (``tables/x.csv``).
    """
    t = lambda key, **fields: labels.text(key, lang, **fields)  # noqa: E731
    stems = [name for name, _ in sections]
    position = stems.index(stem) if stem in stems else None
    previous = sections[position - 1] if position else None
    following = sections[position + 1] if position is not None and position + 1 < len(sections) else None
    downloads = [{"text": t("site.download.notebook"), "files": [{"href": _href(notebook_file), "name": notebook_file}]}]
    for folder, suffix, key in DOWNLOAD_KINDS:
        files = sorted(name for name in exports if name.startswith(folder) and name.endswith(suffix))
        if files:
            downloads.append({"text": t(key), "files": [{"href": _href(name), "name": Path(name).name}
                                                          for name in files]})
    return {
        "nav_label": t("site.nav"), "landing": {"href": "index.html", "text": t("site.landing")},
        "sections": [{"href": _href(f"{name}.html"), "title": title, "current": name == stem}
                     for name, title in sections],
        "previous": {"href": _href(f"{previous[0]}.html"), "text": t("site.previous", title=previous[1])}
        if previous else None,
        "next": {"href": _href(f"{following[0]}.html"), "text": t("site.next", title=following[1])}
        if following else None,
        "downloads_label": t("site.downloads"), "downloads": downloads,
    }


def headings(page: str) -> list[tuple[str, str]]:
    """The ``<h2>`` headings of a rendered page as ``(id, text)`` (nbconvert gives each heading an id)."""
    return [(found["id"], html.unescape(TAG.sub("", ANCHOR_LINK.sub("", found["text"]))).strip())
            for found in HEADING.finditer(page)]


def add_toc(page: str, lang: str) -> str:
    """The page with its table of contents in place of :data:`TOC_MARKER` (the marker removed when
    the page has :data:`TOC_MIN` headings or fewer)."""
    found = headings(page)
    if len(found) <= TOC_MIN:
        return page.replace(TOC_MARKER, "")
    items = "".join(f'<li><a href="#{html.escape(anchor)}">{html.escape(text)}</a></li>' for anchor, text in found)
    toc = (f'<nav class="report-toc" aria-label="{html.escape(labels.text("site.toc", lang))}">'
           f'<p class="report-toc-title">{html.escape(labels.text("site.toc", lang))}</p><ol>{items}</ol></nav>')
    return page.replace(TOC_MARKER, toc, 1)
