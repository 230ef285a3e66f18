"""The page chrome of every report page (helpers.build.chrome): the navigation bar, the contents and
the downloads row, checked by parsing the rendered pages of a small fixture run and of the committed
``reports/`` with BeautifulSoup.

One property per kind of fault, over every page of every set: a section missing from the navigation
bar (or titled otherwise than its notebook), a wrong previous/next link, no way back to the landing
page, a contents entry that links to no heading (or a page with more than three headings and no
contents), a download link to a missing file, an export of the notebook not offered (or another
notebook's offered), wording not in the page's language.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers.build import chrome, inputs, runner
from helpers.build.cli import EXIT_OK
from helpers.core import paths
from helpers.words import labels

SETS = "sets:\n  nl:\n    lang: nl\n  en:\n    lang: en\n"
PARAMETERS = 'lang: str = "nl"  # "nl" or "en"'
EXPORT = """\
from helpers.core import paths
out = paths.output_dir()
(out / "tables").mkdir(parents=True, exist_ok=True)
(out / "figures").mkdir(parents=True, exist_ok=True)
(out / "tables" / "{stem}_numbers.csv").write_text("a,b\\n1,2\\n")
(out / "figures" / "{stem}_chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
(out / "figures" / "{stem}_chart.png").write_bytes(b"")"""
TITLES = {"nl": "Hoofdstuk", "en": "Chapter"}


def fixture_notebook(folder: Path, stem: str, number: int, headings: int, exports: bool) -> None:
    """A notebook titled per language ('# 1. Hoofdstuk' / '# 1. Chapter'), with ``headings`` h2 headings."""
    notebook = nbformat.v4.new_notebook()
    cells = []
    for lang, title in TITLES.items():
        cell = nbformat.v4.new_markdown_cell(f"# {number}. {title} ({stem})\n\n"
                                             + "\n\n".join(f"## {title} part {index}" for index in range(headings)))
        cell.metadata["tags"] = [f"lang-{lang}"]
        cells.append(cell)
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    cells.append(parameters)
    if exports:
        cells.append(nbformat.v4.new_code_cell(EXPORT.format(stem=stem)))
    notebook.cells = cells
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / f"{stem}.ipynb")


@pytest.fixture(scope="module")
def fixture_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three notebooks (5, 2 and 4 headings; two export a table and figures) in two languages."""
    root = tmp_path_factory.mktemp("chrome")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    (root / "reports.yml").write_text(SETS, encoding="utf-8")
    fixture_notebook(notebooks, "01_first", 1, 5, exports=True)
    fixture_notebook(notebooks, "02_second", 2, 2, exports=False)
    fixture_notebook(notebooks, "03_third", 3, 4, exports=True)
    out = root / "reports"
    code = runner.main(["--notebooks", str(notebooks), "--config", str(root / "reports.yml"), "--out", str(out),
                        "--workers", "1"])
    assert code == EXIT_OK
    return out


def pages(out: Path) -> list[Path]:
    return sorted(out.glob("*/0*.html"))


def source_notebooks(out: Path) -> dict[str, Path]:
    """The notebooks the pages were rendered from: the fixture's, or the project's for ``reports/``."""
    folder = out.parent / "notebooks" if (out.parent / "notebooks").is_dir() else paths.NOTEBOOKS_DIR
    return {path.stem: path for path in folder.glob("*.ipynb")}


def expected_sections(out: Path, lang: str) -> list[tuple[str, str]]:
    """(page, title) of every section, in reading order, titled as the notebook's heading in ``lang``."""
    return [(f"{stem}.html", chrome.notebook_title(nbformat.read(path, as_version=4), lang, stem))
            for stem, path in sorted(source_notebooks(out).items())]


def lang_of(soup: BeautifulSoup) -> str:
    return soup.html["lang"]


def recorded_exports(out: Path) -> dict[str, list[str]]:
    """``{<set>/<stem>: exports}`` as the runner recorded them (state.json)."""
    return {f"{entry['set']}/{entry['notebook']}": entry["exports"]
            for entry in json.loads((out / "state.json").read_text(encoding="utf-8"))}


def all_pages(fixture_out: Path) -> list[Path]:
    found = pages(fixture_out) + pages(paths.REPORTS_DIR)
    assert len(pages(paths.REPORTS_DIR)) >= 14, "run `make reports` and commit reports/"
    return found


def soup_of(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_every_page_lists_every_section_and_links_back(fixture_out):
    for page in all_pages(fixture_out):
        soup = soup_of(page)
        lang = lang_of(soup)
        nav = soup.find("nav", class_="report-nav")
        assert nav is not None, page
        assert nav["aria-label"] == labels.text("site.nav", lang)
        shown = [(link["href"], link.get_text(strip=True)) for link in nav.select("ol.report-sections a")]
        assert shown == expected_sections(page.parent.parent, lang), page
        current = nav.select('a[aria-current="page"]')
        assert [link["href"] for link in current] == [page.name], page
        landing = nav.find("a", class_="report-landing")
        assert landing["href"] == "index.html" and landing.get_text(strip=True) == labels.text("site.landing", lang)
        assert (page.parent / "index.html").is_file()
        for href, _ in shown:
            assert (page.parent / href).is_file(), (page, href)


def test_previous_and_next_are_the_neighbouring_sections(fixture_out):
    for page in all_pages(fixture_out):
        soup = soup_of(page)
        lang = lang_of(soup)
        order = expected_sections(page.parent.parent, lang)
        position = [href for href, _ in order].index(page.name)
        for pager in soup.select("p.report-pager"):  # at the top and at the foot
            previous, following = pager.find("a", rel="prev"), pager.find("a", rel="next")
            if position == 0:
                assert previous is None, page
            else:
                href, title = order[position - 1]
                assert previous["href"] == href and title in previous.get_text(), page
                assert labels.text("site.previous", lang, title=title) in previous.get_text()
            if position == len(order) - 1:
                assert following is None, page
            else:
                href, title = order[position + 1]
                assert following["href"] == href and labels.text("site.next", lang, title=title) in following.get_text()
        assert len(soup.select("p.report-pager")) == (2 if len(order) > 1 else 0)


def test_contents_link_to_existing_headings(fixture_out):
    for page in all_pages(fixture_out):
        soup = soup_of(page)
        lang = lang_of(soup)
        toc = soup.find("nav", class_="report-toc")
        headings = [heading for heading in soup.find_all("h2") if heading.get("id")]
        if len(headings) <= chrome.TOC_MIN:
            assert toc is None, page
            continue
        assert toc is not None, page
        assert toc["aria-label"] == labels.text("site.toc", lang)
        targets = [link["href"] for link in toc.find_all("a")]
        assert targets == [f"#{heading['id']}" for heading in headings], page
        ids = [element["id"] for element in soup.find_all(id=True)]
        for target in targets:
            assert ids.count(target[1:]) == 1, (page, target)


def test_fixture_pages_get_contents_only_above_three_headings(fixture_out):
    has_toc = {page.relative_to(fixture_out).as_posix(): soup_of(page).find("nav", class_="report-toc") is not None
               for page in pages(fixture_out)}
    assert has_toc == {f"{lang}/{stem}.html": stem != "02_second" for lang in ("en", "nl")
                       for stem in ("01_first", "02_second", "03_third")}


def test_downloads_offer_the_notebook_and_exactly_its_exports(fixture_out):
    for out in (fixture_out, paths.REPORTS_DIR):
        exports = recorded_exports(out)
        for page in pages(out):
            soup = soup_of(page)
            lang = lang_of(soup)
            row = soup.find("div", class_="report-downloads")
            assert row is not None, page
            assert labels.text("site.downloads", lang) in row.get_text()
            links = [link["href"] for link in row.find_all("a")]
            for href in links:
                assert (page.parent / href).is_file(), (page, href)
            assert links[0] == page.with_suffix(".ipynb").name
            assert labels.text("site.download.notebook", lang) in row.get_text()
            exported = exports[f"{page.parent.name}/{page.stem}"]
            wanted = sorted(name for name in exported if name.startswith("tables/") and name.endswith(".csv"))
            wanted += sorted(name for name in exported if name.startswith("figures/") and name.endswith(".svg"))
            assert links[1:] == wanted, page


def test_fixture_downloads_name_the_notebooks_own_files(fixture_out):
    for lang in ("nl", "en"):
        row = soup_of(fixture_out / lang / "01_first.html").find("div", class_="report-downloads")
        assert [link["href"] for link in row.find_all("a")] == [
            "01_first.ipynb", "tables/01_first_numbers.csv", "figures/01_first_chart.svg"]
        row = soup_of(fixture_out / lang / "02_second.html").find("div", class_="report-downloads")
        assert [link["href"] for link in row.find_all("a")] == ["02_second.ipynb"]


def test_fixture_navigation_is_in_the_pages_language(fixture_out):
    for lang, title in TITLES.items():
        nav = soup_of(fixture_out / lang / "02_second.html").find("nav", class_="report-nav")
        assert [link.get_text(strip=True) for link in nav.select("ol.report-sections a")] == [
            f"{number}. {title} ({stem})" for number, stem in enumerate(("01_first", "02_second", "03_third"), 1)]
        assert nav.find("a", rel="next").get_text(strip=True) == labels.text("site.next", lang,
                                                                             title=f"3. {title} (03_third)") + " →"


def test_chrome_wording_exists_in_both_languages():
    keys = [key for key in labels.TEXTS if key.startswith(("site.nav", "site.landing", "site.previous", "site.next",
                                                          "site.toc", "site.download"))]
    assert len(keys) == 9
    for key in keys:
        assert set(labels.TEXTS[key]) == {"nl", "en"} and all(labels.TEXTS[key].values()), key


def test_renaming_a_section_makes_every_page_of_its_language_stale(tmp_path):
    shared = {"x": "1"}
    notebook = tmp_path / "01_a.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    before = inputs.digests(notebook, "nl", {}, False, shared, sections=(("01_a", "A"), ("02_b", "B")))
    after = inputs.digests(notebook, "nl", {}, False, shared, sections=(("01_a", "A"), ("02_b", "B2")))
    assert inputs.changes(before, after) == [inputs.SECTIONS_LABEL]


def test_every_committed_page_is_titled_by_its_section_not_its_file():
    """The browser tab of a report page names its section ("6. Claims audit — digivaardig"), never the notebook's
    file name (new user: tabs read '06_audit (nl)')."""
    checked = 0
    for page in sorted(paths.REPORTS_DIR.glob("*/0*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        title = soup.find("title").get_text()
        heading = soup.find("h1").get_text(" ", strip=True).rstrip("¶").strip()
        assert title == f"{heading} \u2014 digivaardig" and page.stem not in title, (page, title, heading)
        checked += 1
    assert checked >= 14
