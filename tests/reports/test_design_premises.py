"""No statement about the survey's design that the article does not make (issue 19, kind 5).

The article gives the number of participants and who ran the survey; it says nothing about how
respondents were recruited or selected, about weights or about a sampling frame. Every sentence of
reader- or developer-facing text (notebooks, every string in src/, README and data docs, the
rendered reports) that uses a term of survey design must either use a term the article itself
uses, or flag the premise as not stated or as an assumption. The vocabulary below is the kind;
a new phrasing of a known premise is caught by its term, and the planted sentences show the
check can fail.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_NAME = Path("shared") / "article" / "000_1f1140d8d78447cc.txt"


def find_article() -> Path | None:
    """The article's text: $DIGIVAARDIG_ARTICLE, else ``shared/article/`` beside any parent folder
    of the checkout (worktrees and clones sit at different depths). None when it is not on this machine."""
    if os.environ.get("DIGIVAARDIG_ARTICLE"):
        return Path(os.environ["DIGIVAARDIG_ARTICLE"])
    for parent in ROOT.parents:
        if (parent / ARTICLE_NAME).is_file():
            return parent / ARTICLE_NAME
    return None

# terms that state how a sample was drawn (English and Dutch, as regular expressions)
DESIGN_TERMS = (
    r"self[- ]?select\w*", r"selected themselves", r"volunteer\w*", r"open call", r"sampling frame",
    r"convenience sample", r"online panel", r"random(ly)? (sample|drawn|selected)\w*",
    r"probability sample", r"\bquota\b", r"zelfselectie", r"zelf[- ]?geselecteerd\w*", r"zichzelf (aangemeld|geselecteerd)\w*",
    r"hebben zichzelf", r"vrijwillig\w*", r"open oproep", r"steekproefkader", r"gemakssteekproef",
    r"aselect\w*", r"quotum\w*",
)
# a sentence that flags the premise as not stated, or uses it as an assumption or a condition
FLAGS = (
    r"not stated", r"does not say", r"doesn't say", r"not say", r"unknown", r"nothing is known", r"assum\w*",
    r"\bif\b", r"\bas if\b", r"only if", r"only under", r"like a", r"zegt niet", r"staat niet", r"niet vermeld",
    r"onbekend", r"aanname", r"aangenomen", r"\bals\b", r"alsof",
)
TERM = re.compile("|".join(f"(?:{t})" for t in DESIGN_TERMS), re.IGNORECASE)
FLAG = re.compile("|".join(f"(?:{f})" for f in FLAGS), re.IGNORECASE)
SENTENCE = re.compile(r".+?(?:[.!?](?=\s|$)|$)", re.DOTALL)  # a decimal point ends no sentence


def unflagged_premises(text: str, article: str) -> list[str]:
    """Sentences of ``text`` that use a design term the article does not use, without a flag."""
    bad = []
    for sentence in SENTENCE.findall(re.sub(r"\s+", " ", text)):
        for match in TERM.finditer(sentence):
            if re.search(re.escape(match.group(0)), article, re.IGNORECASE):
                continue
            if not FLAG.search(sentence):
                bad.append(sentence.strip())
                break
    return bad


def notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\\n]+")
SVG = re.compile(r"<svg.*?</svg>", re.DOTALL)


def readable(text: str) -> str:
    """Text without embedded images (base64 and inline SVG drawings hold no sentences)."""
    return SVG.sub(" ", DATA_URI.sub(" ", text))


def texts() -> list[tuple[str, str]]:
    """Every text a reader or developer reads: (where, text)."""
    out = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        out.append((path.relative_to(ROOT).as_posix(), notebook_text(path)))
    for pattern in ("src/**/*.py", "src/**/*.html*", "src/**/*.j2", "*.md", "data/*.md", "data/*.csv",
                    "data/*.json", "docs/**/*.md", "reports/**/*.html", "reports/**/*.md"):
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                out.append((path.relative_to(ROOT).as_posix(), readable(path.read_text(encoding="utf-8"))))
    for path in sorted(ROOT.glob("reports/**/*.ipynb")):
        if ".ipynb_checkpoints" not in path.parts:
            out.append((path.relative_to(ROOT).as_posix(), readable(path.read_text(encoding="utf-8"))))
    return out


@pytest.fixture(scope="module")
def article() -> str:
    """The article's text, or "" where it is not on this machine (a clean CI clone). "" is the same
    vocabulary as the real article, because the article uses none of the design terms (the test
    below checks that premise wherever the article is present), so every check still runs."""
    path = find_article()
    return path.read_text(encoding="utf-8") if path else ""


def test_the_article_states_no_recruitment_design():
    # the premise of this file: if the article ever stated one of these, its term would be allowed
    path = find_article()
    if path is None:
        pytest.skip(f"the article ({ARTICLE_NAME}) is not beside any parent of {ROOT}; set DIGIVAARDIG_ARTICLE")
    text = path.read_text(encoding="utf-8")
    assert "577" in text, f"{path} does not look like the article (no '577')"
    assert not TERM.search(text)


@pytest.mark.parametrize("sentence", [
    "The respondents volunteered.",
    "Respondents selected themselves and no weights were published.",
    "De respondenten hebben zichzelf aangemeld.",
    "An open call, no sampling frame, no weights.",
    "Zelfselectie kan elk percentage vertekenen.",
])
def test_a_planted_premise_is_caught(article, sentence):
    assert unflagged_premises(sentence, article) == [sentence]


@pytest.mark.parametrize("sentence", [
    "The article does not say whether the respondents volunteered.",
    "An interval speaks about civil servants only if they were drawn like a random sample.",
    "Het artikel zegt niet hoe de respondenten zijn geworven, bijvoorbeeld via een open oproep.",
])
def test_a_flagged_premise_passes(article, sentence):
    assert unflagged_premises(sentence, article) == []


def test_no_text_states_a_design_premise_the_article_does_not(article):
    found = {where: bad for where, text in texts() if (bad := unflagged_premises(text, article))}
    assert not found, "design premises the article does not state (cite the article or say 'not stated'):\n" + \
        "\n".join(f"{where}: {s}" for where, bad in found.items() for s in bad[:5])
