"""Text from ``data/`` is never markup: escaping for the Markdown and HTML that notebooks show.

A question's wording, an option label or a claim's note is typed by hand into a CSV. Shown through
``IPython.display.Markdown`` it would be read as Markdown, and the HTML exporter passes Markdown's
raw HTML (a ``<script>``) straight into the page. :func:`escape_markdown` makes any text show as
exactly that text in Jupyter and in the HTML export; :func:`escape_html` does the same for text put
into HTML directly. pandas escapes the HTML of DataFrames itself (``to_html(escape=True)``).

The lowest layer: no imports from the package, so ``data``, ``labels``, ``report``, ``findings``
and ``audit`` can all use it.
"""

from __future__ import annotations

import html
import re

# Characters that start inline Markdown (emphasis, code, links, images, autolinks, raw HTML and
# entities, strikethrough, tables, math) wherever they stand. CommonMark lets a backslash escape
# any ASCII punctuation, and mistune (nbconvert) and JupyterLab honour it.
_INLINE = re.compile(r"([\\`*_\[\]<>&~|$])")
# At the start of a block: headings, quotes, list items, setext underlines, ordered lists.
_BLOCK_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])")
_URL = re.compile(r"(?i)(https?|ftp|mailto|www)(:|\.)")


def escape_markdown(text: object) -> str:
    """``text`` as Markdown that renders as exactly this text (one line, no markup, no raw HTML).

    Line breaks become spaces (a table cell has no paragraphs); backslash escapes neutralise
    emphasis, code, links, raw HTML, entities, tables and math; a leading character that would
    open a heading, quote or list is escaped; bare URLs are not turned into links.
    """
    line = " ".join(str(text).split())
    line = _INLINE.sub(r"\\\1", line)
    line = _URL.sub(lambda match: f"{match.group(1)}\\{match.group(2)}", line)
    line = _BLOCK_START.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", line)


def escape_html(text: object) -> str:
    """``text`` as HTML text or attribute value (``& < > " '`` escaped)."""
    return html.escape(str(text), quote=True)
