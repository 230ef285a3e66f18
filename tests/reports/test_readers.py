"""What readers see carries no internal ids or parameter syntax, every caveat reaches both languages,
and Dutch pages write decimals with a comma. Properties over every rendered page and every claim,
with the ids collected from ``data/`` and :mod:`helpers.core.params` at test time (never typed here)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from helpers.core import data, params, paths
from helpers.words.claim_table import check_claims
from helpers.words.audit_text import text
from helpers.words.audit_text import clause

MAKE_REPORTS = "run `make reports` and commit reports/"


def pages() -> list[Path]:
    """Every HTML page of every set, and the entry page."""
    found = sorted(paths.REPORTS_DIR.rglob("*.html"))
    assert found, MAKE_REPORTS
    return found


def page_language(page: Path) -> str:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").html.get("lang", "")


def seen(page: Path) -> str:
    """The text a reader sees: quotes included (an id in quotes is still an id), image descriptions
    included, code (file names, the raw parameters of the run details) left out."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(["script", "style", "code", "title"]):
        tag.decompose()
    for tag in soup.find_all("img"):
        tag.replace_with(" " + tag.get("alt", "") + " ")
    return soup.get_text(" ")


def figure_text(page: Path) -> str:
    """The text drawn in the figures a page's folder exports (SVG keeps its labels as text)."""
    return " ".join(" ".join(ElementTree.parse(svg).getroot().itertext())
                    for svg in sorted((page.parent / "figures").glob("*.svg")))


def _ids(survey: data.Survey) -> tuple[set[str], set[str]]:
    """(code words: every id, name or enum value with an underscore, values also hyphenated; plain ids that are no
    Dutch word: question, claim and scenario ids and the values of the word-valued parameters)."""
    every = (set(survey.questions["question_id"]) | set(survey.claims["claim_id"]) | set(survey.scenarios)
             | set(survey.verbal_rules["rule_id"]) | set(survey.results["option_id"]) | set(survey.questions["scale"])
             | set(params.CI_METHODS) | set(params.DONT_KNOW) | set(params.ROUNDING_RULES) | set(data.CLAIM_METHODS)
             | set(params.DEFAULTS))
    coded = {value for value in every if "_" in value}
    # a value hyphenated ("half-up") is still code; a parameter's name hyphenated is Dutch ("n-scenario's")
    coded |= {value.replace("_", "-") for value in coded - set(params.DEFAULTS)}
    plain = {value for value in (set(survey.questions["question_id"]) | set(survey.claims["claim_id"])
                                 | set(survey.scenarios) | set(params.DONT_KNOW) | set(params.ROUNDING_RULES)
                                 | set(data.CLAIM_METHODS)) if "_" not in value}
    return coded, plain


def _whole(word: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)


def leaks(text: str, lang: str, survey: data.Survey) -> list[str]:
    """The ids, code words and ``name=value`` settings in ``text`` (a page in ``lang``)."""
    coded, plain = _ids(survey)
    found = [word for word in sorted(coded) if _whole(word).search(text)]
    if lang == "nl":  # on an English page these are ordinary English words ("both", "keep", "smallest")
        found += [word for word in sorted(plain) if _whole(word).search(text)]
    syntax = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, params.DEFAULTS))})\s*=\s*\S")
    found += [match.group(0) for match in syntax.finditer(text)]
    return found


def test_the_leak_finder_finds_each_kind(survey):
    """The check below can fail: each kind of leak, as the reports used to show them, is found."""
    assert leaks("hoofdbevinding gender: vrouw is een meerderheid", "nl", survey) == ["gender"]
    assert leaks("oordeel na Holm keepup_divided", "nl", survey) == ["keepup_divided"]
    assert leaks("flipped by confidence=0.99, n_scenario=attrition", "en", survey) == [
        "n_scenario", "confidence=0", "n_scenario=a"]
    assert "half-up" in leaks("(wilson, 95%, keep, layout, half-up, deff 1)", "en", survey)
    assert {"keep", "layout"} <= set(leaks("(wilson, 95%, keep, layout, half-up, deff 1)", "nl", survey))
    assert leaks("the yes_no scale", "en", survey) == ["yes_no"]
    assert leaks("n as laid out in the article, 'don't know' left out, design effect 1.5", "en", survey) == []
    assert leaks("n volgens de opmaak van het artikel, 'weet niet' weggelaten, design-effect 1,5", "nl", survey) == []


@pytest.mark.reports
def test_no_page_shows_an_id_or_parameter_syntax(survey):
    """No visible text of any report page (every set, every notebook, the landing pages and run
    details), nor the text of its figures, names a question, claim, scenario, rule, option or scale
    by its id, a parameter as name=value, or a coded parameter value."""
    problems = {}
    for page in pages():
        lang = page_language(page)
        found = leaks(seen(page), lang, survey) + [f"figure: {word}" for word in
                                                    leaks(figure_text(page), lang, survey)]
        if found:
            problems[str(page.relative_to(paths.REPORTS_DIR))] = sorted(set(found))
    assert problems == {}, f"ids or code words shown to readers ({MAKE_REPORTS} after fixing): {problems}"


# ---------------------------------------------------------------- caveats in both languages


def test_every_note_has_its_dutch_twin_and_back(survey):
    claims = survey.claims
    assert ((claims["note"] != "") == (claims["note_nl"] != "")).all()
    assert (claims["note"] != "").sum() > 0
    for english, dutch in zip(claims["note"], claims["note_nl"]):
        assert english == dutch == "" or english != dutch  # written in Dutch, not copied over


def test_a_note_without_its_twin_is_refused_with_its_place(data_copy):
    import csv
    path = data_copy / "claims.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    line = next(index for index, row in enumerate(rows, start=2) if row["note"])
    rows[line - 2]["note_nl"] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(data.DataValidationError) as error:
        data.load_survey(data_copy)
    message = str(error.value)
    assert "claims.csv" in message and f"line {line}" in message and "note_nl" in message


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_audit_shows_each_claims_note_in_the_report_language(survey, lang):
    """Every claim's own note reaches the audit table in the report's language, and only there."""
    checked = check_claims(survey, params.Settings(lang=lang)).set_index("claim_id")
    claims = survey.claims.set_index("claim_id")
    other = "note" if lang == "nl" else "note_nl"
    for claim_id, claim in claims[claims["note"] != ""].iterrows():
        note = checked.at[claim_id, "note"]
        own = claim["note_nl" if lang == "nl" else "note"]
        standard = text(f"note.{claim['method']}", lang) if claim["method"] in ("causal", "qualitative") else ""
        letters = lambda value: "".join(ch for ch in value.lower() if ch.isalpha())  # noqa: E731
        if standard and letters(own) in letters(standard):
            assert note == standard, claim_id  # the standard reason already says it
        else:
            assert clause(own) in note or own.rstrip(".") in note, claim_id
        assert clause(claim[other]) not in note and claim[other].rstrip(".") not in note, claim_id
        assert not re.search(r"; [A-Z][a-z]", note), note  # a clause after a semicolon starts in lower case


@pytest.mark.reports
@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_rendered_audit_shows_the_notes_of_its_language(survey, lang):
    folder = next(path for path in paths.REPORTS_DIR.iterdir() if path.is_dir() and
                  (path / "06_audit.html").is_file() and page_language(path / "06_audit.html") == lang)
    text = " ".join(seen(folder / "06_audit.html").split())
    claims = survey.claims[survey.claims["note"] != ""]
    own, other = ("note_nl", "note") if lang == "nl" else ("note", "note_nl")
    shown = [note for note in claims[own] if clause(note) in text or note.rstrip(".") in text]
    assert len(shown) >= len(claims[~claims["method"].isin(["causal", "qualitative"])]), MAKE_REPORTS
    assert [note for note in claims[other] if clause(note) in text or note.rstrip(".") in text] == []
    assert "Frechet" not in text


# ---------------------------------------------------------------- Dutch numbers


@pytest.mark.reports
def test_dutch_pages_write_decimals_with_a_comma():
    """No number with a decimal point on a Dutch page (tables, sentences, chart descriptions);
    file names and code are not numbers a reader reads. A whole number grouped by thousands with
    points (16.800, as Dutch writes it: labels.count) is not a decimal."""
    problems = {}
    number = re.compile(r"(?<![\w.,/])(?![1-9]\d{0,2}(?:\.\d{3})+(?![\w.,]))\d+\.\d+(?![\w.])")
    assert number.findall("0.95 en 66.7 en 1.5") == ["0.95", "66.7", "1.5"]
    assert number.findall("16.800 van 1.234.567; 16,8") == []
    for page in pages():
        if page_language(page) != "nl":
            continue
        found = number.findall(seen(page))
        if found:
            problems[str(page.relative_to(paths.REPORTS_DIR))] = sorted(set(found))[:10]
    assert problems == {}, problems


def test_worded_choices_use_the_report_languages_numbers():
    from helpers.words import labels
    assert labels.setting("confidence", 0.99, "nl") == "99% betrouwbaarheid"
    assert labels.setting("confidence", 0.975, "nl") == "97,5% betrouwbaarheid"
    assert labels.setting("deff", 1.5, "nl") == "design-effect 1,5"
    assert labels.setting("deff", 1.5, "en") == "design effect 1.5"
    assert labels.setting("dont_know", "exclude", "nl") == "'weet niet' weggelaten"
    for name in ("ci_method", "dont_know", "n_scenario", "rounding"):
        values = {"ci_method": params.CI_METHODS, "dont_know": params.DONT_KNOW,
                  "n_scenario": data.load_survey().scenarios, "rounding": params.ROUNDING_RULES}[name]
        for value in values:
            for lang in params.LANGUAGES:
                worded = labels.setting(name, value, lang)
                assert "_" not in worded and "=" not in worded, (name, value, lang)
                if lang == "nl" and name != "ci_method":  # method names are names (Wilson, Jeffreys)
                    assert value not in worded, (name, value, worded)


# ---------------------------------------------------------------- a verdict with its sampling interval

@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_every_main_claim_with_an_interval_shows_it_beside_its_rounding_verdict(survey, lang):
    """The landing page's claims table (audit_report.main_claims) keeps, one click from each verdict (its
    ``<details>``), the deciding interval and level: a reader of the landing page can see what decided it."""
    from helpers.display import audit_report, report
    from helpers.words import labels

    settings = params.Settings(lang=lang)
    checked = check_claims(survey, settings)
    lead = checked[checked["claim_id"].str.startswith("lead_")].reset_index(drop=True)
    table = BeautifulSoup(audit_report.main_claims(survey, checked, settings).data, "html.parser")
    head = labels.text("audit.col.deciding", lang)
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == len(lead) and (lead["hypothesis_id"] != "").sum() >= 4
    for row, (_, claim) in zip(rows, lead.iterrows()):
        details = row.find("details")
        fields = {dt.get_text(): dd.get_text() for dt, dd in zip(details.find_all("dt"), details.find_all("dd"))}
        expected = "" if not claim["hypothesis_id"] else (
            f"{labels.span(claim['ci_low'], claim['ci_high'], lang)} ({labels.level(claim['level'], lang)}%)")
        assert fields.get(head, "") == expected, claim["claim_id"]


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_what_could_fill_an_unpublished_share_is_offered_as_a_possibility(survey, lang):
    """A question whose printed shares fall short of 100 names what the rest could be, introduced as
    a possibility ("could be: 'weet niet'"), never as a bare finding."""
    from helpers.words.audit_text import text

    from helpers.words.issues import issues_found

    lines = issues_found(survey, params.Settings(lang=lang))
    missing = text("total.missing", lang, missing="X", n="Y").split("X", 1)[1].split(";")[0]  # "% not published"
    short = [line for line in lines if missing in line]
    assert len(short) >= 1, lines  # e.g. the ICT-specialists item: its shares add up to 93%
    lead = text("fill.lead", lang, answers="").strip()
    for line in short:
        assert lead in line, line
