"""Reader-facing text never nests parentheses of our own making: "(n = 280 (assumed))" reads as a
typo. A data text that itself holds parentheses (an answer label such as 'ict (-beleid)') is left as
the article prints it; everything else on every rendered page has at most one level.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "reports").glob("*/*.html"))
BLOCKS = ["p", "li", "td", "th", "figcaption", "summary", "caption", "h1", "h2", "h3", "h4", "dt", "dd"]


def _data_texts(survey) -> list[str]:
    """Every text cell of the data tables that holds a parenthesis, longest first."""
    texts = set()
    for table in (survey.questions, survey.results, survey.claims, survey.hypotheses):
        for column in table.columns:
            if table[column].dtype == object:
                texts |= {str(v) for v in table[column] if "(" in str(v) or ")" in str(v)}
    return sorted(texts, key=len, reverse=True)


def _nested(text: str) -> list[str]:
    """Each stretch of ``text`` around a parenthesis opened inside another."""
    depth, found = 0, []
    for at, char in enumerate(text):
        if char == "(":
            depth += 1
            if depth == 2:
                found.append(text[max(at - 60, 0):at + 40])
        elif char == ")":
            depth = max(depth - 1, 0)
    return found


def _depth(text: str) -> int:
    return 2 if _nested(text) else int("(" in text)


def test_the_check_sees_nesting():
    assert _depth("n = 280 (assumed)") == 1 and _depth("(n = 280 (assumed))") == 2


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_page_nests_parentheses_of_its_own(survey, page):
    data_texts = _data_texts(survey)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    nested = []
    for block in soup.find_all(BLOCKS):
        if block.find(BLOCKS):  # judged at the innermost block
            continue
        text = " ".join(block.get_text(" ").split())
        for data_text in data_texts:
            text = text.replace(" ".join(data_text.split()), "\u2026")
        nested += _nested(text)
    assert not nested, nested[:6]
