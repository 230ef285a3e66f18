"""The reports as readers see them: one language per report, nothing cut, charts described, an index
built from what is on disk. Checks over the committed ``reports/`` and over fixture runs."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers.build import prose, runner, site
from helpers.core import paths
from helpers.words import labels
from helpers.build.cli import DEFAULT_CONFIG, EXIT_OK, load_config
from helpers.build.publish import read_index

CONFIG = load_config(DEFAULT_CONFIG)


def language_sets(config: dict) -> dict[str, str]:
    """Per language, the set whose pages the language tests compare: the first set that changes nothing but
    the language (so an extra set a user adds, e.g. ``en_deff2: {lang: en, deff: 2}``, is never compared
    with the other language's plain set), else the first set of that language."""
    found: dict[str, str] = {}
    for only_language in (True, False):
        for name, values in config.items():
            lang = values.get("lang", "nl")
            if lang not in found and (not only_language or set(values) <= {"lang"}):
                found[lang] = name
    return found


LANG_SETS = language_sets(CONFIG)
NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
MAKE_REPORTS = "run `make reports` and commit reports/"
# Words that are the same in both languages: names, abbreviations, units and technical terms.
SHARED_WORDS = {
    "publiek", "denken", "overheid", "nederland", "avg", "gdpr", "ict", "mcnemar", "fréchet", "wilson",
    "data", "tables", "csv", "figures", "index", "html", "ipynb", "n", "p", "a", "b", "ok", "status",
    "parameters", "deff", "nl", "en", "verbal_rules",
    "n_scenarios", "claims", "audit", "digivaardig", "set", "runs", "sets", "min", "max", "x",
    "holm", "benjamini", "hochberg", "kish", "statsmodels", "band", "svg",
}
WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)  # identifiers with "_" (ids in data text) are skipped
# a quote mark is not an apostrophe inside a word ("Holm's", "article's"), which would pair with the next quote
QUOTED = re.compile(r"(?<!\w)'(?!\s)[^'\n]{1,300}?(?<!\s)'(?!\w)|‘[^’\n]{1,300}’|\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”")  # a survey item's wording runs to ~150 characters


def visible_text(path: Path) -> str:
    """What a reader sees on a page: no scripts or styles, no code, quotations (marked) left out."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(["script", "style", "code", "q", "blockquote", "title"]):
        tag.decompose()
    for tag in soup.find_all("img"):
        tag.replace_with(" " + tag.get("alt", "") + " ")
    return QUOTED.sub(" ", soup.get_text(" "))


def words(text: str) -> set[str]:
    return {word.lower().strip("'’-") for word in WORD.findall(text) if "_" not in word} - {""}


def report_pages() -> list[tuple[str, Path, Path]]:
    """(relative name, nl page, en page) for every page rendered in both languages."""
    nl, en = paths.REPORTS_DIR / LANG_SETS["nl"], paths.REPORTS_DIR / LANG_SETS["en"]
    assert nl.is_dir() and en.is_dir(), MAKE_REPORTS
    return [(page.name, page, en / page.name) for page in sorted(nl.glob("*.html")) if (en / page.name).is_file()]


# ---------------------------------------------------------------- one source, two languages


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_prose_is_tagged_per_language(notebook):
    source = nbformat.read(notebook, as_version=4)
    assert prose.problems(source) == []
    for lang in ("nl", "en"):
        kept = prose.select_language(source, lang)
        assert {prose.cell_language(cell) for cell in kept.cells} <= {None, lang}
        assert [cell for cell in kept.cells if cell.cell_type == "code"] == \
            [cell for cell in source.cells if cell.cell_type == "code"]


def test_select_language_rejects_bad_tags():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell("x")
    cell.metadata["tags"] = ["lang-de"]
    notebook.cells = [cell]
    with pytest.raises(ValueError, match="lang-de"):
        prose.select_language(notebook, "nl")
    cell.metadata["tags"] = ["lang-nl"]
    assert prose.problems(notebook) == ["prose cells per language differ: nl 1, en 0"]


@pytest.mark.reports
def test_reports_show_no_text_of_the_other_language():
    """A word on an nl page that also appears on its en twin is English (or vice versa), unless it is
    a name or term both languages share; quotations (marked as quotes) are left out."""
    pairs = report_pages() + [("index.html", paths.REPORTS_DIR / LANG_SETS["nl"] / "index.html",
                                paths.REPORTS_DIR / LANG_SETS["en"] / "index.html")]
    problems = {}
    for name, nl, en in pairs:
        shared = words(visible_text(nl)) & words(visible_text(en))
        # words both languages spell alike are fine only as names/terms; short function words differ
        leaked = sorted(word for word in shared - SHARED_WORDS - _AUDIT_KNOWN.get(name, set())
                        if len(word) > 2 and not _same_in_both(word))
        if leaked:
            problems[name] = leaked
    assert problems == {}, f"text of one language on the other language's page: {problems}"


# words that are correct Dutch *and* correct English, with the same meaning in these reports
_BOTH = {"interval", "intervals", "intervallen", "respondent", "neutraal", "neutral", "status", "design",
         "aandeel", "totaal", "total", "scenario", "scenario's", "scenarios", "rapport", "report", "min",
         "grafiek", "chart", "percentages", "percentage", "instructies", "informatie", "digitale", "digital",
         "ict-specialisten", "simultaan", "simultaneous", "lezing", "modus", "items", "item", "link", "links",
         "sample", "best", "ja", "nee", "yes", "no", "details", "notebook", "privacy", "overlap", "extra",
         "computers", "man", "per", "rest", "half", "even", "open", "over", "significant", "label", "want",
         "bases", "tost"}  # Dutch plural of 'basis' as well as English
# Words shared by both renders of a page that are right where they stand; listed so that any *new*
# leak still fails.
_AUDIT_KNOWN: dict[str, set[str]] = {}


def _same_in_both(word: str) -> bool:
    return word in _BOTH


@pytest.mark.reports
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_report_page_is_in_its_language(lang):
    folder = paths.REPORTS_DIR / LANG_SETS[lang]
    for page in sorted(folder.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == lang, page.name
        text = soup.get_text(" ")
        assert "No description has been provided" not in text and "No description" not in str(soup)


# ---------------------------------------------------------------- nothing cut, no jargon of pandas


@pytest.mark.reports
def test_no_table_cell_is_cut_and_no_row_numbers_or_missing_markers():
    problems = []
    for page in sorted(paths.REPORTS_DIR.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for cell in soup.find_all(["td", "th"]):
            value = cell.get_text(" ", strip=True)
            if value.endswith(("...", "…")) or value in ("<NA>", "NaN", "nan", "None"):
                problems.append(f"{page.relative_to(paths.REPORTS_DIR)}: {value!r}")
        for table in soup.find_all("table"):
            if table.find("tbody") and table.find("tbody").find("th"):  # pandas' index column
                problems.append(f"{page.relative_to(paths.REPORTS_DIR)}: a table shows row labels")
            if table.find_parent(class_="table-scroll") is None and "report-header" not in str(table.parent):
                problems.append(f"{page.relative_to(paths.REPORTS_DIR)}: a table outside a scroll box")
    assert problems == []


# ---------------------------------------------------------------- charts for every reader


@pytest.mark.reports
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_has_an_alt_text_with_its_title_and_shares(lang):
    folder = paths.REPORTS_DIR / LANG_SETS[lang]
    charts = 0
    for page in sorted(folder.glob("0*.html")):
        executed = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
        alts = [output.metadata["image/png"]["alt"] for cell in executed.cells if cell.cell_type == "code"
                for output in cell.outputs if "image/png" in output.get("data", {})]
        shown = [img.get("alt") for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img")]
        assert shown == alts, page.name
        for alt in alts:
            charts += 1
            assert alt.startswith(labels.text("alt.chart", lang, title="", shares="", caption="").split(":")[0] + ":")
            # a question's chart states its shares and n; the multiverse's charts span many n and state their
            # own numbers (findings counted, design effects)
            assert re.search(r"\d+%", alt) and "n = " in alt if page.stem != "07_multiverse" else re.search(r"\d", alt)
    assert charts >= 7, "the seven charts of the article"


# ---------------------------------------------------------------- the index, from what is on disk


def _notebook(folder: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell('lang: str = "nl"\nconfidence: float = 0.95')
    parameters.metadata["tags"] = ["parameters"]
    dutch, english = nbformat.v4.new_markdown_cell("# Een"), nbformat.v4.new_markdown_cell("# One")
    dutch.metadata["tags"], english.metadata["tags"] = ["lang-nl"], ["lang-en"]
    notebook.cells = [dutch, english, parameters, nbformat.v4.new_code_cell("print(lang, confidence)")]
    nbformat.write(notebook, folder / "01_one.ipynb")


def test_two_runners_on_one_folder_give_an_index_of_both(tmp_path):
    """Sets nl and en rendered by two separate runner invocations into one output folder: the index
    lists both, each with the parameters its notebook really ran with (read from the notebook)."""
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    notebooks.mkdir()
    _notebook(notebooks)
    for set_name, values in (("nl", "lang: nl\n    confidence: 0.9"), ("en", "lang: en")):
        config = tmp_path / f"{set_name}.yml"
        config.write_text(f"sets:\n  {set_name}:\n    {values}\n", encoding="utf-8")
        assert runner.main(["--notebooks", str(notebooks), "--config", str(config), "--out", str(out),
                            "--workers", "1"]) == EXIT_OK
    found = site.scan(out)
    assert {name: [(r.title, r.lang, r.parameters) for r in reports] for name, reports in found.items()} == {
        "en": [("One", "en", {"lang": "en", "confidence": 0.95})],
        "nl": [("Een", "nl", {"lang": "nl", "confidence": 0.9})],
    }
    entry = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {link["href"] for link in entry.find_all("a")} == {"nl/index.html", "en/index.html"}
    assert set(read_index(out)) == {"nl/01_one", "en/01_one"}
    runs = BeautifulSoup((out / "nl" / "runs.html").read_text(encoding="utf-8"), "html.parser")
    row = runs.find("tbody").find("tr").get_text(" ")
    assert "Een" in row and "confidence = 0.9" in row and "90%-intervallen" in row
    landing = BeautifulSoup((out / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert landing.html["lang"] == "en" and landing.find("a", href="01_one.html").get_text() == "One"


@pytest.mark.reports
def test_committed_landing_pages_link_charts_and_sections():
    for set_name in LANG_SETS.values():
        page = paths.REPORTS_DIR / set_name / "index.html"
        assert page.is_file(), MAKE_REPORTS
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        thumbs = soup.select("ul.thumbs img")
        charts = sorted(path.stem for path in (page.parent / "figures").glob("*.png")
                        if "_intervals" not in path.stem and path.stem != site.OVERVIEW_FIGURE)
        assert len(thumbs) == len(charts) >= 7, "every chart (the article's seven and more) as a thumbnail"
        overview = soup.select("figure.overview img")  # the audit's overview chart: shown whole, not as a thumbnail
        assert [Path(img["src"]).stem for img in overview] == [site.OVERVIEW_FIGURE]
        assert sorted(Path(img["src"]).stem for img in thumbs) == charts
        for img in thumbs:
            assert (page.parent / img["src"]).is_file()
            target = img.find_parent("a")["href"]
            stem, anchor = target.split("#")
            executed = nbformat.read(page.parent / stem.replace(".html", ".ipynb"), as_version=4)
            assert anchor.removeprefix("cell-id=") in {cell.id for cell in executed.cells}
        sections = [a["href"] for a in soup.find("ol").find_all("a")]
        assert sections == sorted(sections) and len(sections) == len(NOTEBOOKS)
        assert soup.find("table") is not None, "the article's main claims beside the re-analysis"


def test_distinct_problems_shows_identical_findings_once():
    problems = ["'a' depends on reading: range 80–82; rule holds", "'b' fails: range 10–12",
                "'c' depends on reading: range 80–82; rule holds", "no colon here"]
    assert site.distinct_problems(problems) == [
        "'a' depends on reading; 'c' depends on reading: range 80–82; rule holds", "'b' fails: range 10–12",
        "no colon here"]


@pytest.mark.parametrize("lang", sorted(LANG_SETS))
def test_committed_landing_pages_give_caveat_counts_and_each_problem_once(lang):
    """Issue 20 part 6: the respondents caveat, the audit's verdict counts (the same sentence as the audit
    page's first output) and no finding listed twice, on every landing page."""
    page = paths.REPORTS_DIR / LANG_SETS[lang] / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("p.caveat").get_text() == labels.text("site.caveat", lang)
    audit = nbformat.read(page.parent / "06_audit.ipynb", as_version=4)
    headline = next(cell for cell in audit.cells if "headline_text(" in cell.source).outputs[0].data["text/markdown"]
    assert headline.strip()[:40] in soup.get_text()
    problems = [li.get_text() for li in soup.find("h2", string=labels.text("site.problems", lang)).find_next("ul").find_all("li")]
    whys = [problem.partition(": ")[2] for problem in problems]
    assert len(whys) == len(set(whys)) and problems


def test_the_language_sets_are_the_plain_ones_whatever_a_user_adds():
    assert language_sets({"nl": {"lang": "nl"}, "en": {"lang": "en"}, "en_deff2": {"lang": "en", "deff": 2}}) == \
        {"nl": "nl", "en": "en"}
    assert language_sets({"en_deff2": {"lang": "en", "deff": 2}, "nl": {}}) == {"nl": "nl", "en": "en_deff2"}


def test_an_apostrophe_inside_a_word_does_not_open_a_quotation():
    text = "Holm's correction names 'slechts de helft' and the article's 'weinig bemoedigend' here."
    assert [m.group(0) for m in QUOTED.finditer(text)] == ["'slechts de helft'", "'weinig bemoedigend'"]
