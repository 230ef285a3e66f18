"""Text from data/ is never markup: the escaping functions, and every rendered page of a data copy
whose every free-text cell carries markup."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings, strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from helpers.build import runner
from helpers.core import data, params, paths
from helpers.display import bars, report
from helpers.inference import stats
from helpers.build.cli import EXIT_OK
from helpers.words.markup import escape_html, escape_markdown

MARKER = "<script>alert(1)</script>*x* [link](http://example.com) `code` $y$ &amp;"
ESCAPED_MARKER = "&lt;script&gt;alert(1)&lt;/script&gt;*x*"  # how the marker's start reads in HTML source
TRICKY = [
    MARKER, "# heading", "1. first", "2) second", "- item", "+ item", "> quote", "=====", "    indented code",
    "a\n\n# b", "**bold** __bold__ _em_", "~~strike~~", "| a | b |", "![img](x.png)", "<b>&amp;</b>",
    "https://example.com and www.example.com", "x\\*y", "p < 0,001 & 46% – 52%", "$$\\alpha$$",
]


def rendered_text(markdown: str) -> tuple[str, set[str]]:
    """The text and the tag names of Markdown rendered the way nbconvert renders it."""
    soup = BeautifulSoup(markdown2html_mistune(markdown), "html.parser")
    return soup.get_text(), {tag.name for tag in soup.find_all(True)}


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_markdown_renders_as_exactly_the_text(text):
    shown, tags = rendered_text(escape_markdown(text))
    assert shown.strip() == " ".join(text.split())
    assert tags == {"p"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab 1.#*_-+>[]()!<>&;`~|$:/\\=%'\"\n") + ["http://", "www.", "&amp;"]),
                max_size=30).map("".join))
def test_escaped_markdown_renders_as_exactly_the_text_for_any_text(text):
    shown, tags = rendered_text(escape_markdown(text))
    assert shown.strip() == " ".join(text.split())
    assert tags <= {"p"}


def test_escape_html():
    assert escape_html(MARKER) == ("&lt;script&gt;alert(1)&lt;/script&gt;*x* [link](http://example.com) "
                                   "`code` $y$ &amp;amp;")
    assert escape_html('"a" & \'b\'') == "&quot;a&quot; &amp; &#x27;b&#x27;"


def test_a_dollar_in_chart_text_is_not_mathtext(survey):
    settings_ = params.validate(lang="en")
    figure = bars.diverging_bar(stats.share_table(survey, "gender", settings_), title="costs $5 or $6",
                                 caption="$x$", lang="en")
    try:
        texts = [text for text in figure.findobj(lambda artist: hasattr(artist, "get_parse_math"))
                 if "$" in text.get_text()]
        assert texts and not any(text.get_parse_math() for text in texts)
    finally:
        plt.close(figure)


# ---------------------------------------------------------------- every rendered page of a marked data copy


def free_text_columns(folder: Path) -> dict[str, list[str]]:
    """Per file, the columns holding free text: some committed value has a space (ids, enumerations
    and numbers never do)."""
    columns = {}
    for file in data.FILES.values():
        with (folder / file).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        columns[file] = [name for name in rows[0] if any(" " in row[name] for row in rows)]
    return columns


def marked_copy(source: Path, target: Path) -> dict[str, list[str]]:
    """A copy of data/ with the marker appended to every free-text cell; returns the marked columns."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    columns = free_text_columns(source)
    for file, names in columns.items():
        with (target / file).open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        for row in rows:
            for name in names:
                row[name] = f"{row[name]} {MARKER}" if row[name] else ""
        with (target / file).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return columns


def test_the_marked_columns_are_the_free_text_ones(data_dir, tmp_path):
    columns = marked_copy(data_dir, tmp_path / "data")
    assert {"wording_nl", "wording_en", "n_note", "source"} <= set(columns["questions.csv"])
    assert {"option_nl", "option_en", "note"} <= set(columns["results.csv"])
    assert {"phrase_nl", "claim_en", "note"} <= set(columns["claims.csv"])
    assert {"rationale"} <= set(columns["n_scenarios.csv"]) and {"rationale"} <= set(columns["verbal_rules.csv"])
    survey = data.load_survey(tmp_path / "data")  # the marked copy is valid data
    assert survey.questions["wording_en"].str.endswith(MARKER).all()


@pytest.fixture(scope="module")
def marked_reports(tmp_path_factory, data_dir):
    """Every notebook rendered in both languages from the marked copy, through the runner."""
    root = tmp_path_factory.mktemp("marked")
    marked_copy(data_dir, root / "data")
    config = root / "sets.yml"
    config.write_text("sets:\n  nl: {lang: nl}\n  en: {lang: en}\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIGIVAARDIG_DATA", str(root / "data"))
        code = runner.main(["--config", str(config), "--out", str(root / "reports"), "--workers", "2"])
    return code, root / "reports"


@pytest.mark.kernel
def test_no_data_text_reaches_a_page_as_markup(marked_reports):
    code, out = marked_reports
    assert code == EXIT_OK
    pages = sorted(out.rglob("*.html"))
    notebooks = sorted(path.stem for path in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert sorted(path.relative_to(out).as_posix() for path in pages) == sorted(
        ["index.html"] + [f"{set_name}/{name}.html" for set_name in ("nl", "en")
                          for name in notebooks + ["index", "runs"]])  # the site's landing and run pages
    for page in pages:
        source = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in source, page
        soup = BeautifulSoup(source, "html.parser")
        assert not [tag for tag in soup.find_all(["em", "strong"]) if tag.get_text() == "x"], page
        assert not soup.find_all("a", href="http://example.com"), page
        assert not [tag for tag in soup.find_all("code") if tag.get_text() == "code"], page
        if page.name not in ("index.html", "runs.html"):  # every report shows data text: the marker, as text
            assert ESCAPED_MARKER in source, page
            assert "<script>alert(1)</script>*x*" in soup.get_text(), page


@pytest.mark.kernel
def test_the_question_wording_shows_as_text(marked_reports, survey):
    """The example of the issue: a question's wording reads as typed, as the quote of a question
    without a chart and in the alternative text of a chart (whose title it is)."""
    _, out = marked_reports
    soup = BeautifulSoup((out / "en" / "01_sample.html").read_text(encoding="utf-8"), "html.parser")
    quotes = [" ".join(quote.get_text().split()) for quote in soup.find_all("blockquote")]
    wording = data.question(survey, "gender")["wording_en"]
    assert f"Survey question: {wording} {MARKER}" in quotes
    soup = BeautifulSoup((out / "en" / "02_skills.html").read_text(encoding="utf-8"), "html.parser")
    wording = data.question(survey, "skills_sufficient")["wording_en"]
    assert any(img["alt"].startswith(f"Chart: {wording} {MARKER}") for img in soup.find_all("img"))


def test_report_question_escapes_its_markdown(data_dir, tmp_path):
    marked_copy(data_dir, tmp_path / "data")
    survey = data.load_survey(tmp_path / "data")
    shown = report.question(survey, "gender", params.validate(lang="en")).data
    text, tags = rendered_text(shown)
    assert MARKER in " ".join(text.split()) and tags == {"blockquote", "p"}
    assert re.match(r"> \S", shown)
