"""One source, two languages: a notebook's prose is written once per language, in tagged cells.

Every Markdown cell that a reader sees carries the tag ``lang-nl`` or ``lang-en`` (a pair of cells
side by side, Dutch first). In JupyterLab a researcher reads both beside the code; a report shows
only the language of its ``lang`` parameter, because the runner removes the other language's cells
*before* execution (:func:`select_language`), so the executed notebook that nbval re-runs and the
HTML page hold one language only. Code cells are never tagged: they produce text through
:mod:`helpers.words.labels`, in the language of the ``lang`` parameter.
"""

from __future__ import annotations

import copy
from typing import Any

from ..core.params import LANGUAGES

TAG_PREFIX = "lang-"


def cell_language(cell: Any) -> str | None:
    """The language a cell is tagged with (``"nl"``, ``"en"``), or None for an untagged cell.

    Raises ValueError when a cell carries more than one language tag or an unknown one.
    """
    tags = [tag for tag in cell.get("metadata", {}).get("tags", []) if tag.startswith(TAG_PREFIX)]
    if not tags:
        return None
    languages = [tag[len(TAG_PREFIX):] for tag in tags]
    if len(languages) > 1 or languages[0] not in LANGUAGES:
        raise ValueError(f"cell {cell.get('id', '?')!r} has language tag(s) {tags}; "
                         f"allowed: exactly one of {', '.join(TAG_PREFIX + lang for lang in LANGUAGES)}")
    return languages[0]


def select_language(notebook: Any, lang: str) -> Any:
    """A copy of ``notebook`` without the cells tagged with another language than ``lang``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not allowed; allowed: {', '.join(LANGUAGES)}")
    selected = copy.deepcopy(notebook)
    selected["cells"] = [cell for cell in selected["cells"] if cell_language(cell) in (None, lang)]
    return selected


def problems(notebook: Any) -> list[str]:
    """What breaks the convention: untagged Markdown cells, and a language missing a cell the other has.

    Cells are compared in order: the i-th ``lang-nl`` cell and the i-th ``lang-en`` cell are the two
    languages of the same prose, so both languages must have the same number of cells.
    """
    found = []
    counts = {lang: 0 for lang in LANGUAGES}
    for cell in notebook["cells"]:
        lang = cell_language(cell)
        if cell["cell_type"] == "markdown" and lang is None:
            found.append(f"markdown cell {cell.get('id', '?')!r} has no language tag "
                         f"({', '.join(TAG_PREFIX + lang for lang in LANGUAGES)})")
        if lang is not None:
            counts[lang] += 1
    if len(set(counts.values())) > 1:
        found.append("prose cells per language differ: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return found
