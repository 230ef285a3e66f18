"""Tests of the data tables and their loader (``helpers.core.data``).

Part 1 compares ``data/*.csv`` with a second, independent transcription of the article: the
transcription key, ``tests/transcription_key.py`` (the one file of typed-in figures ``data/README.md``
names). The article itself is not read (it is not part of the repository); the key's excerpts are
typed as the PDF extraction prints them, line breaks, hyphenation and the broken 'ti' ligature
('informaKe') included, so the normalisation the comparison relies on is tested too.

Part 2 breaks one thing at a time in a copy of ``data/`` and checks that the loader stops with an
error naming the file, the line, the column, the bad value and what is allowed.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Callable, NamedTuple

import pandas as pd
import pytest

from helpers.core import data, paths
from helpers.core.data import DataValidationError, load_survey
from transcription_key import (ADDED_WORDS, CAPTIONS, PUBLISHED_TOTALS, QUESTIONS, SAMPLE_SIZE, TEXT_EXCERPTS,
                               TITLES_FIRST_COPY, TITLES_SECOND_COPY, TRANSCRIPTION, Opt)


# =============================================================================================
# Part 1: the second transcription
# =============================================================================================

def normalise(text: str) -> str:
    """Undo the PDF extraction: hyphenated line breaks, the 'ti' ligature read as 'K', whitespace."""
    text = re.sub(r"(?<=[a-z])-[ \t]*\n\s*(?=[a-z])", "", text)  # vaardig-\nheden -> vaardigheden
    text = re.sub(r"(?<=[a-z])K(?=[a-z])", "ti", text)  # informaKe -> informatie
    text = text.replace("\u2018", "'").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*", normalise(text).casefold()))


@pytest.mark.transcription
def test_normalise_repairs_the_extraction():
    assert normalise("mijn vaardig-\nheden om") == "mijn vaardigheden om"
    assert normalise("vertrouwelijke\ninformaKe dan") == "vertrouwelijke informatie dan"
    assert normalise("HBO- en  academische\n opleidingen") == "HBO- en academische opleidingen"
    assert normalise("ict-beleid") == "ict-beleid"


# ---------------------------------------------------------------- questions and options

@pytest.mark.transcription
def test_the_same_questions_as_the_transcription(survey):
    assert list(survey.questions["question_id"]) == list(QUESTIONS)
    assert set(TRANSCRIPTION) == set(QUESTIONS) == set(PUBLISHED_TOTALS)


@pytest.mark.transcription
@pytest.mark.parametrize("question_id", list(TRANSCRIPTION))
def test_option_percentages_match_the_second_transcription(survey, question_id):
    rows = data.options(survey, question_id)
    got = [Opt(r.option_id, int(r.percent), str(r.kind), r.form) for r in rows.itertuples()]
    assert got == TRANSCRIPTION[question_id]
    assert list(rows["option_order"]) == list(range(1, len(got) + 1))


@pytest.mark.transcription
@pytest.mark.parametrize("question_id", list(QUESTIONS))
def test_question_section_chart_and_n(survey, question_id):
    row = data.question(survey, question_id)
    expected = QUESTIONS[question_id]
    chart = None if pd.isna(row["chart"]) else int(row["chart"])
    n = None if pd.isna(row["n"]) else int(row["n"])
    assert (str(row["section"]), chart, n, row["n_status"]) == tuple(expected)


@pytest.mark.transcription
def test_only_half_is_published_in_words(survey):
    words_rows = survey.results[survey.results["form"] == "words"]
    assert list(zip(words_rows["question_id"], words_rows["option_id"], words_rows["percent"])) == [
        (question_id, option.id, option.percent) for question_id, options in TRANSCRIPTION.items()
        for option in options if option.form == "words"]
    assert len(words_rows) == 1


@pytest.mark.transcription
@pytest.mark.parametrize("question_id", list(PUBLISHED_TOTALS))
def test_totals_are_kept_as_printed(survey, question_id):
    total = data.published_total(survey, question_id)
    assert total == PUBLISHED_TOTALS[question_id]
    assert total == sum(option.percent for option in TRANSCRIPTION[question_id])


@pytest.mark.transcription
def test_totals_that_do_not_add_up_are_not_padded(survey):
    off = {q: data.published_total(survey, q) for q in PUBLISHED_TOTALS if data.published_total(survey, q) != 100}
    assert off == {q: total for q, total in PUBLISHED_TOTALS.items() if total != 100}
    ids = set(survey.results["option_id"])
    assert not {"rest", "remainder", "other_unpublished", "missing", "unpublished"} & ids


# ---------------------------------------------------------------- n values

@pytest.mark.transcription
def test_every_caption_occurs_in_the_data(survey):
    in_data = set(survey.questions["n"].dropna().astype(int)) | set(survey.n_scenarios["n"].astype(int))
    for caption in CAPTIONS:
        assert caption in in_data, f"(n={caption}) is printed but used nowhere"


@pytest.mark.transcription
def test_every_n_in_the_data_is_printed(survey):
    assert set(survey.questions["n"].dropna().astype(int)) <= set(CAPTIONS)
    assert set(survey.n_scenarios["n"].astype(int)) <= set(CAPTIONS)


@pytest.mark.transcription
def test_the_printed_n_values_are_the_captions_and_the_sample_size(survey):
    assert data.printed_n(survey) == tuple(sorted({*CAPTIONS, SAMPLE_SIZE}, reverse=True))


@pytest.mark.transcription
def test_layout_scenario_gives_the_captions_in_chart_order(survey):
    layout = survey.n_scenarios[survey.n_scenarios["scenario"] == "layout"]
    charts = survey.questions.set_index("question_id")["chart"]
    captioned = layout[layout["basis"] == "caption"].assign(chart=lambda t: t["question_id"].map(charts))
    assert list(captioned.sort_values("chart")["n"]) == list(CAPTIONS)


@pytest.mark.transcription
def test_scenarios_cover_every_question(survey):
    assert survey.scenarios == ("layout", "attrition", "smallest")
    for scenario in survey.scenarios:
        rows = survey.n_scenarios[survey.n_scenarios["scenario"] == scenario]
        assert sorted(rows["question_id"]) == sorted(QUESTIONS)
        for question_id in ("gender", "ict_work"):
            assert data.n_for(survey, question_id, scenario) == SAMPLE_SIZE
    assert data.n_for(survey, "more_ict_specialists") == min(CAPTIONS)


@pytest.mark.transcription
def test_n_status_unknown_exactly_where_n_is_empty(survey, data_dir):
    loaded = survey.questions
    assert list(loaded["n"].isna()) == list(loaded["n_status"] == "unknown")
    with (data_dir / "questions.csv").open(newline="", encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    assert [row["n"].strip() == "" for row in raw] == [row["n_status"] == "unknown" for row in raw]
    unknown = {row["question_id"] for row in raw if row["n_status"] == "unknown"}
    assert unknown == {q for q, meta in QUESTIONS.items() if meta.n is None}


@pytest.mark.transcription
def test_sample_size_claim(survey):
    claims = survey.claims[survey.claims["method"] == "sample_size"]
    assert list(claims["published"]) == [SAMPLE_SIZE]


# ---------------------------------------------------------------- claims

def _percent(survey, question_id: str, option_id: str) -> int:
    rows = data.options(survey, question_id)
    return int(rows.loc[rows["option_id"] == option_id, "percent"].item())


def _transcribed(question_id: str, option_id: str) -> int:
    return next(o.percent for o in TRANSCRIPTION[question_id] if o.id == option_id)


@pytest.mark.transcription
def test_single_claims_equal_their_option(survey):
    singles = survey.claims[survey.claims["method"] == "single"]
    assert len(singles) >= 40
    mismatches = []
    for claim in singles.itertuples():
        assert ";" not in claim.options, claim.claim_id
        recomputed = _percent(survey, claim.question_id, claim.options)
        typed = _transcribed(claim.question_id, claim.options)
        if not claim.published == recomputed == typed:
            mismatches.append((claim.claim_id, claim.published, recomputed, typed))
    assert mismatches == []


def test_a_number_in_a_claims_phrase_is_its_published_figure(survey):
    """For any data: a claim's Dutch phrase and English paraphrase print the number the claim states, so a
    correction of a figure that leaves its phrase behind is caught ('27 procent' with published 28)."""
    checked = 0
    for claim in survey.claims.itertuples():
        if pd.isna(claim.published) or claim.method == "sample_size":
            continue
        for text in (claim.phrase_nl, claim.claim_en):
            numbers = [int(number) for number in re.findall(r"(?<![\w.])(\d+)(?:%| procent)", text)]
            # the figure itself, or the parts of a stated sum ('neutraal (4%) of weet niet (1%)': 5)
            assert not numbers or sum(numbers) == claim.published, (claim.claim_id, text, claim.published)
            checked += bool(numbers)
    assert checked >= 40


@pytest.mark.transcription
def test_no_claim_states_a_total_the_article_does_not_print(survey):
    """The sums 81 (46 + 35) and 100 (49 + 51) are not in the text: no claim rests on them."""
    assert survey.claims[survey.claims["method"] == "sum"].empty
    assert not {"sample_gender_total", "skills_confident_total"} & set(survey.claims["claim_id"])


@pytest.mark.transcription
def test_verbal_claims_with_a_number_equal_their_option(survey):
    verbal = survey.claims[(survey.claims["method"] == "verbal") & survey.claims["published"].notna()]
    assert set(verbal["claim_id"]) == {"education_majority", "education_small_minority"}
    for claim in verbal.itertuples():
        assert claim.published == _transcribed(claim.question_id, claim.options), claim.claim_id


@pytest.mark.transcription
def test_avg_figure_is_claimed_twice_with_the_same_value(survey):
    avg = survey.claims[(survey.claims["question_id"] == "avg_awareness") & (survey.claims["method"] == "single")]
    assert sorted(avg["claim_id"]) == ["lead_avg_85", "security_avg_85"]
    assert set(avg["published"]) == {_transcribed("avg_awareness", "yes")}


# ---------------------------------------------------------------- wording

CHARTED = [q for q, meta in QUESTIONS.items() if meta.chart is not None]
TEXT_ONLY = [q for q, meta in QUESTIONS.items() if meta.chart is None]


@pytest.mark.transcription
@pytest.mark.parametrize("question_id", CHARTED)
def test_chart_wording_occurs_in_the_article(survey, question_id):
    wording = normalise(data.question(survey, question_id)["wording_nl"])
    assert wording in normalise(TITLES_FIRST_COPY + "\n" + TITLES_SECOND_COPY)


@pytest.mark.transcription
def test_chart_titles_printed_twice_match_both_copies(survey):
    # The prepared title is worded differently in the first copy; the knowledge title is printed once.
    for question_id in ("skills_sufficient", "government_keeps_up", "education_more_digital",
                        "training_courses", "handles_differently"):
        wording = normalise(data.question(survey, question_id)["wording_nl"])
        assert wording in normalise(TITLES_FIRST_COPY), question_id
        assert wording in normalise(TITLES_SECOND_COPY), question_id


@pytest.mark.transcription
def test_chart_numbers_follow_the_order_of_the_titles(survey):
    first = normalise(TITLES_FIRST_COPY)
    positions = {}
    for question_id in CHARTED:
        wording = normalise(data.question(survey, question_id)["wording_nl"])
        if question_id == "prepared_digital":  # first copy: 'In hoeverre vindt u dat u daarop bent voorbereid?'
            wording = "In hoeverre vindt u dat u daarop"
        positions[question_id] = first.index(wording)
    by_position = sorted(CHARTED, key=positions.get)
    assert [QUESTIONS[q].chart for q in by_position] == list(range(1, 8))
    assert [int(data.question(survey, q)["chart"]) for q in by_position] == list(range(1, 8))


@pytest.mark.transcription
@pytest.mark.parametrize("question_id", TEXT_ONLY)
def test_text_only_wording_comes_from_the_article(survey, question_id):
    wording = data.question(survey, question_id)["wording_nl"]
    assert words(wording) - words(TEXT_EXCERPTS[question_id]) == ADDED_WORDS.get(question_id, set())


@pytest.mark.transcription
def test_more_ict_specialists_is_the_article_question_verbatim(survey):
    wording = normalise(data.question(survey, "more_ict_specialists")["wording_nl"])
    assert wording == normalise(TEXT_EXCERPTS["more_ict_specialists"])


@pytest.mark.transcription
def test_package_does_not_read_the_article():
    for source in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        assert "shared/article" not in text and "/work/shared" not in text, source.name


# =============================================================================================
# Part 2: broken tables
# =============================================================================================

def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def write_table(path: Path, header: list[str] | None, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)


def find_row(path: Path, **where: str) -> int:
    """Index (0-based, without header) of the only row matching ``where``; its file line is index + 2."""
    header, rows = read_table(path)
    hits = [i for i, row in enumerate(rows) if all(row[header.index(c)] == v for c, v in where.items())]
    assert len(hits) == 1, (path.name, where, hits)
    return hits[0]


def set_cell(path: Path, column: str, value: str, **where: str) -> int:
    """Set one cell of the row matching ``where``; return the row's line number in the file."""
    header, rows = read_table(path)
    index = find_row(path, **where)
    rows[index][header.index(column)] = value
    write_table(path, header, rows)
    return index + 2


def delete_rows(path: Path, keep: Callable[[dict[str, str]], bool]) -> None:
    header, rows = read_table(path)
    write_table(path, header, [row for row in rows if keep(dict(zip(header, row)))])


def last_line(path: Path, **where: str) -> int:
    header, rows = read_table(path)
    return max(i for i, row in enumerate(rows) if all(row[header.index(c)] == v for c, v in where.items())) + 2


class Expect(NamedTuple):
    file: str
    line: int | None
    column: str | None
    value: object  # None when the error has no single bad value
    allowed: str | None  # a substring of the allowed values
    problem: str  # a substring of the problem description


def assert_error(error: DataValidationError, expect: Expect) -> None:
    message = str(error)
    assert Path(error.file).name == expect.file
    assert message.startswith(str(error.file)), message
    assert expect.problem in message, message
    assert error.line == expect.line, message
    if expect.line is not None:
        assert re.search(rf", line {expect.line}\b", message), message
    assert error.column == expect.column, message
    if expect.column is not None:
        assert f"column '{expect.column}'" in message, message
    if expect.value is not None:
        assert error.value == expect.value, message
        assert f"(got {expect.value!r})" in message, message
    if expect.allowed is not None:
        assert "; allowed: " in message, message
        assert expect.allowed in message.split("; allowed: ", 1)[1], message


def expect_failure(folder: Path, expect: Expect) -> None:
    with pytest.raises(DataValidationError) as caught:
        load_survey(folder)
    assert_error(caught.value, expect)


Q, R, C, S, V = "questions.csv", "results.csv", "claims.csv", "n_scenarios.csv", "verbal_rules.csv"
SECTIONS_ALLOWED = "sample, skills, security, trust, education"


def test_the_untouched_copy_loads(data_copy, survey):
    copy = load_survey(data_copy)
    assert copy is not survey
    assert list(copy.results["percent"]) == list(survey.results["percent"])
    assert list(copy.claims["claim_id"]) == list(survey.claims["claim_id"])


# ---------------------------------------------------------------- questions.csv

def test_duplicate_question_id(data_copy):
    line = set_cell(data_copy / Q, "question_id", "gender", question_id="ict_work")
    expect_failure(data_copy, Expect(Q, line, "question_id", "gender", "each value once",
                                     "duplicate question_id (first at line 2)"))


@pytest.mark.parametrize("bad", ["Gender", "ict work", "1st_item", "ict-work", ""])
def test_question_id_not_snake_case(data_copy, bad):
    line = set_cell(data_copy / Q, "question_id", bad, question_id="ict_work")
    expect_failure(data_copy, Expect(Q, line, "question_id", bad, "[a-z][a-z0-9_]*", "snake_case"))


def test_unknown_section_in_questions(data_copy):
    line = set_cell(data_copy / Q, "section", "skill", question_id="skills_sufficient")
    expect_failure(data_copy, Expect(Q, line, "section", "skill", SECTIONS_ALLOWED, "unknown value"))


def test_n_given_while_status_unknown(data_copy):
    line = set_cell(data_copy / Q, "n", "280", question_id="avg_awareness")
    expect_failure(data_copy, Expect(Q, line, "n_status", "unknown", "'unknown' with an empty n",
                                     "n must be empty exactly when n_status is 'unknown'"))


def test_empty_n_while_status_stated(data_copy):
    line = set_cell(data_copy / Q, "n", "", question_id="gender")
    expect_failure(data_copy, Expect(Q, line, "n_status", "stated", "'stated'/'inferred' with a number",
                                     "n must be empty exactly when n_status is 'unknown'"))


@pytest.mark.parametrize("bad", ["577.0", "0", "-577", "n/a"])
def test_n_not_a_positive_integer(data_copy, bad):
    line = set_cell(data_copy / Q, "n", bad, question_id="gender")
    expect_failure(data_copy, Expect(Q, line, "n", bad, "a whole number >= 1", "n must be a positive integer"))


def test_unknown_n_status(data_copy):
    line = set_cell(data_copy / Q, "n_status", "printed", question_id="training_courses")
    expect_failure(data_copy, Expect(Q, line, "n_status", "printed", "stated, inferred, unknown", "unknown value"))


def test_duplicate_chart_number(data_copy):
    line = set_cell(data_copy / Q, "chart", "1", question_id="training_courses")
    expect_failure(data_copy, Expect(Q, line, "chart", "1", "each value once", "duplicate chart"))


def test_required_wording_missing(data_copy):
    line = set_cell(data_copy / Q, "wording_nl", "", question_id="prepared_digital")
    expect_failure(data_copy, Expect(Q, line, "wording_nl", "", "any non-empty text", "value is required"))


# ---------------------------------------------------------------- results.csv

def test_result_for_unknown_question(data_copy):
    line = set_cell(data_copy / R, "question_id", "sex", question_id="gender", option_id="man")
    expect_failure(data_copy, Expect(R, line, "question_id", "sex", "education_more_digital, employer_increased",
                                     "question_id not in questions.csv"))


@pytest.mark.parametrize("bad", ["101", "-1", "12.5", "abc", "", "1e2", "49%"])
def test_percent_not_a_published_integer(data_copy, bad):
    line = set_cell(data_copy / R, "percent", bad, question_id="gender", option_id="man")
    expect_failure(data_copy, Expect(R, line, "percent", bad, "an integer 0..100",
                                     "percent must be a whole number from 0 to 100"))


def test_unknown_kind(data_copy):
    line = set_cell(data_copy / R, "kind", "dontknow", question_id="skills_sufficient", option_id="dont_know")
    expect_failure(data_copy, Expect(R, line, "kind", "dontknow", "substantive, neutral, dont_know", "unknown value"))


def test_unknown_form(data_copy):
    line = set_cell(data_copy / R, "form", "word", question_id="handles_differently", option_id="yes")
    expect_failure(data_copy, Expect(R, line, "form", "word", "numeral, words", "unknown value"))


def test_pole_on_a_neutral_option(data_copy):
    line = set_cell(data_copy / R, "pole", "positive", question_id="government_keeps_up", option_id="neutral")
    expect_failure(data_copy, Expect(R, line, "pole", "positive", "empty", "only substantive options have a pole"))


def test_gap_in_option_order(data_copy):
    line = set_cell(data_copy / R, "option_order", "6", question_id="skills_sufficient", option_id="dont_know")
    expect_failure(data_copy, Expect(R, line, "option_order", [1, 2, 3, 4, 6], "1..5 without gaps",
                                     "option_order of 'skills_sufficient' has a gap"))


def test_option_order_not_starting_at_one(data_copy):
    set_cell(data_copy / R, "option_order", "3", question_id="gender", option_id="man")
    line = last_line(data_copy / R, question_id="gender")
    expect_failure(data_copy, Expect(R, line, "option_order", [2, 3], "1..2 without gaps",
                                     "does not start at 1"))


@pytest.mark.parametrize("bad", ["0", "two", "1.5"])
def test_option_order_not_a_positive_integer(data_copy, bad):
    line = set_cell(data_copy / R, "option_order", bad, question_id="gender", option_id="woman")
    expect_failure(data_copy, Expect(R, line, "option_order", bad, "1, 2, 3", "positive integer"))


def test_duplicate_option_order(data_copy):
    line = set_cell(data_copy / R, "option_order", "1", question_id="skills_sufficient", option_id="agree")
    expect_failure(data_copy, Expect(R, line, "option_order", ("skills_sufficient", "1"), "each value once",
                                     "duplicate question_id + option_order"))


def test_duplicate_option_id_within_a_question(data_copy):
    line = set_cell(data_copy / R, "option_id", "strongly_agree", question_id="skills_sufficient", option_id="agree")
    expect_failure(data_copy, Expect(R, line, "option_id", ("skills_sufficient", "strongly_agree"),
                                     "each value once", "duplicate question_id + option_id"))


def test_same_option_id_in_two_questions_is_fine(survey):
    # 'yes', 'no' and 'dont_know' recur across questions: uniqueness is per question only.
    counts = survey.results["option_id"].value_counts()
    assert counts["yes"] >= 4 and counts["dont_know"] >= 5


def test_option_id_not_snake_case(data_copy):
    line = set_cell(data_copy / R, "option_id", "Agree", question_id="skills_sufficient", option_id="agree")
    expect_failure(data_copy, Expect(R, line, "option_id", "Agree", "[a-z][a-z0-9_]*", "snake_case"))


def test_total_far_above_100(data_copy):
    rows = data.options(load_survey(data_copy), "ict_work")
    total = int(rows.loc[rows["option_id"] != "other", "percent"].sum()) + 90
    line = set_cell(data_copy / R, "percent", "90", question_id="ict_work", option_id="other")
    expect_failure(data_copy, Expect(R, line, "percent", total, f"a total <= {100 + len(rows) / 2:g}",
                                     f"percentages of 'ict_work' add up to {total}"))


def test_total_just_above_what_rounding_allows(data_copy):
    set_cell(data_copy / R, "percent", "51", question_id="gender", option_id="man")  # 51 + 51 = 102
    line = last_line(data_copy / R, question_id="gender")
    expect_failure(data_copy, Expect(R, line, "percent", 102, "a total <= 101", "add up to 102"))


def test_total_that_rounding_can_produce_is_accepted(data_copy):
    set_cell(data_copy / R, "percent", "50", question_id="gender", option_id="man")  # 50 + 51 = 101
    assert data.published_total(load_survey(data_copy), "gender") == 101


def test_question_without_results(data_copy):
    delete_rows(data_copy / R, lambda row: row["question_id"] != "privacy_instructions")
    expect_failure(data_copy, Expect(R, None, "question_id", None, "at least one row per question",
                                     "question(s) without any result: privacy_instructions"))


# ---------------------------------------------------------------- structure of any file

@pytest.mark.parametrize("file, column", [(Q, "n_status"), (R, "percent"), (C, "published"),
                                          (S, "basis"), (V, "test")])
def test_missing_required_column(data_copy, file, column):
    header, rows = read_table(data_copy / file)
    index = header.index(column)
    write_table(data_copy / file, header[:index] + header[index + 1:], [row[:index] + row[index + 1:] for row in rows])
    expect_failure(data_copy, Expect(file, 1, None, None, f"a header with {header[0]}",
                                     f"missing column(s) {column}"))


def test_misspelt_column_name(data_copy):
    header, rows = read_table(data_copy / R)
    header[header.index("percent")] = "precent"
    write_table(data_copy / R, header, rows)
    expect_failure(data_copy, Expect(R, 1, None, None, "percent", "missing column(s) percent"))


@pytest.mark.parametrize("file, change", [(R, +1), (R, -1), (Q, -1), (C, +1)])
def test_wrong_field_count(data_copy, file, change):
    header, rows = read_table(data_copy / file)
    rows[3] = rows[3] + ["extra"] if change > 0 else rows[3][:-1]
    write_table(data_copy / file, header, rows)
    expect_failure(data_copy, Expect(file, 5, None, None, None,
                                     f"row has {len(header) + change} fields, header has {len(header)}"))


def test_missing_file(data_copy):
    (data_copy / C).unlink()
    expect_failure(data_copy, Expect(C, None, None, None, None, "file not found"))


def test_empty_file(data_copy):
    (data_copy / V).write_text("", encoding="utf-8")
    expect_failure(data_copy, Expect(V, None, None, None, "rule_id, term_nl", "file is empty"))


# ---------------------------------------------------------------- claims.csv

def test_claim_with_unknown_option(data_copy):
    line = set_cell(data_copy / C, "options", "men", claim_id="sample_men")
    expect_failure(data_copy, Expect(C, line, "options", "men", "man; woman", "option not among those of 'gender'"))


def test_claim_with_unknown_other_option(data_copy):
    line = set_cell(data_copy / C, "other_options", "certainly;likely", claim_id="prepared_more_positive")
    expect_failure(data_copy, Expect(C, line, "other_options", "certainly;likely", "certainly; probably; neutral",
                                     "option not among those of 'government_keeps_up'"))


def test_claim_with_unknown_rule(data_copy):
    line = set_cell(data_copy / C, "rule_id", "halve", claim_id="lead_handles_half")
    expect_failure(data_copy, Expect(C, line, "rule_id", "halve", "half, majority, large_majority",
                                     "rule_id not in verbal_rules.csv"))


def test_claim_with_unknown_question(data_copy):
    line = set_cell(data_copy / C, "question_id", "sex", claim_id="sample_men")
    expect_failure(data_copy, Expect(C, line, "question_id", "sex", "gender, ict_work", "question_id not in questions.csv"))


def test_claim_with_unknown_section(data_copy):
    line = set_cell(data_copy / C, "section", "demographics", claim_id="sample_men")
    expect_failure(data_copy, Expect(C, line, "section", "demographics", SECTIONS_ALLOWED, "unknown value"))


def test_claim_with_unknown_method(data_copy):
    line = set_cell(data_copy / C, "method", "mean", claim_id="training_no")
    expect_failure(data_copy, Expect(C, line, "method", "mean", "single, sum, remainder", "unknown value"))


def test_single_claim_without_published_value(data_copy):
    line = set_cell(data_copy / C, "published", "", claim_id="training_no")
    expect_failure(data_copy, Expect(C, line, "published", "", "a non-empty value", "method 'single' needs a value"))


def test_claim_published_not_a_number(data_copy):
    line = set_cell(data_copy / C, "published", "85%", claim_id="lead_avg_85")
    expect_failure(data_copy, Expect(C, line, "published", "85%", "the value as printed", "published must be a number"))


def test_claim_with_unknown_operator(data_copy):
    line = set_cell(data_copy / C, "operator", ">=", claim_id="prepared_more_positive")
    expect_failure(data_copy, Expect(C, line, "operator", ">=", ">, < or empty", "unknown value"))


def test_duplicate_claim_id(data_copy):
    line = set_cell(data_copy / C, "claim_id", "sample_men", claim_id="sample_women")
    expect_failure(data_copy, Expect(C, line, "claim_id", "sample_men", "each value once", "duplicate claim_id"))


# ---------------------------------------------------------------- n_scenarios.csv

def test_scenario_missing_a_question(data_copy):
    delete_rows(data_copy / S, lambda row: (row["scenario"], row["question_id"]) != ("attrition", "gender"))
    line = last_line(data_copy / S, scenario="attrition")
    expect_failure(data_copy, Expect(S, line, "question_id", None, "one row per question and scenario",
                                     "scenario 'attrition' gives no n for gender"))


def test_scenario_for_unknown_question(data_copy):
    line = set_cell(data_copy / S, "question_id", "sex", scenario="smallest", question_id="gender")
    expect_failure(data_copy, Expect(S, line, "question_id", "sex", "gender, ict_work", "question_id not in questions.csv"))


def test_scenario_question_twice(data_copy):
    first = find_row(data_copy / S, scenario="attrition", question_id="gender") + 2
    line = set_cell(data_copy / S, "question_id", "gender", scenario="attrition", question_id="ict_work")
    expect_failure(data_copy, Expect(S, line, "question_id", ("attrition", "gender"), "each value once",
                                     f"duplicate scenario + question_id (first at line {first})"))


@pytest.mark.parametrize("bad", ["280.5", "0", ""])
def test_scenario_n_not_a_positive_integer(data_copy, bad):
    line = set_cell(data_copy / S, "n", bad, scenario="smallest", question_id="training_courses")
    expect_failure(data_copy, Expect(S, line, "n", bad, "a whole number >= 1", "n must be a positive integer"))


def test_unknown_scenario_basis(data_copy):
    line = set_cell(data_copy / S, "basis", "guess", scenario="layout", question_id="prepared_digital")
    expect_failure(data_copy, Expect(S, line, "basis", "guess", "stated, caption, shared_caption", "unknown value"))


def test_default_scenario_contradicts_questions(data_copy):
    line = set_cell(data_copy / S, "n", "570", scenario="layout", question_id="gender")
    expect_failure(data_copy, Expect(S, line, "n", 570, "577", "the default scenario disagrees with questions.csv"))


def test_scenario_name_not_snake_case(data_copy):
    line = set_cell(data_copy / S, "scenario", "Smallest", scenario="smallest", question_id="gender")
    expect_failure(data_copy, Expect(S, line, "scenario", "Smallest", "[a-z][a-z0-9_]*", "snake_case"))


# ---------------------------------------------------------------- verbal_rules.csv

def test_unknown_rule_test(data_copy):
    line = set_cell(data_copy / V, "test", "roughly", rule_id="half")
    expect_failure(data_copy, Expect(V, line, "test", "roughly", "between, more_than, at_least", "unknown value"))


def test_rule_bound_not_a_number(data_copy):
    line = set_cell(data_copy / V, "lower", "fifty", rule_id="majority")
    expect_failure(data_copy, Expect(V, line, "lower", "fifty", "a percentage", "lower must be a number"))


def test_duplicate_rule_id(data_copy):
    line = set_cell(data_copy / V, "rule_id", "half", rule_id="majority")
    expect_failure(data_copy, Expect(V, line, "rule_id", "half", "each value once", "duplicate rule_id"))


# ---------------------------------------------------------------- bad input across rows and tables

def test_stated_n_changed_in_another_scenario(data_copy):
    line = set_cell(data_copy / S, "n", "500", scenario="attrition", question_id="gender")
    with pytest.raises(DataValidationError) as caught:
        load_survey(data_copy)
    assert caught.value.line == line and Path(caught.value.file).name == S


def test_between_rule_without_upper_bound(data_copy):
    line = set_cell(data_copy / V, "upper", "", rule_id="half")
    with pytest.raises(DataValidationError) as caught:
        load_survey(data_copy)
    assert caught.value.line == line and Path(caught.value.file).name == V


def test_rule_with_lower_above_upper(data_copy):
    set_cell(data_copy / V, "lower", "55", rule_id="half")
    line = set_cell(data_copy / V, "upper", "45", rule_id="half")
    with pytest.raises(DataValidationError) as caught:
        load_survey(data_copy)
    assert caught.value.line == line and Path(caught.value.file).name == V


def test_single_claim_published_above_100(data_copy):
    line = set_cell(data_copy / C, "published", "850", claim_id="lead_avg_85")
    with pytest.raises(DataValidationError) as caught:
        load_survey(data_copy)
    assert caught.value.line == line and Path(caught.value.file).name == C


# =============================================================================================
# Part 3: reloading and redirecting
# =============================================================================================

def _bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_unchanged_files_come_from_the_cache(data_copy):
    assert load_survey(data_copy) is load_survey(data_copy)


def test_edit_is_picked_up_on_reload(data_copy):
    first = load_survey(data_copy)
    assert _percent(first, "gender", "man") == 49
    set_cell(data_copy / R, "percent", "48", question_id="gender", option_id="man")
    _bump_mtime(data_copy / R)
    second = load_survey(data_copy)
    assert second is not first
    assert _percent(second, "gender", "man") == 48
    assert data.published_total(second, "gender") == 99
    assert _percent(first, "gender", "man") == 49  # the earlier result is not changed in place


def test_broken_edit_after_a_good_load_is_reported(data_copy):
    load_survey(data_copy)
    line = set_cell(data_copy / R, "percent", "101", question_id="gender", option_id="man")
    _bump_mtime(data_copy / R)
    expect_failure(data_copy, Expect(R, line, "percent", "101", "0..100", "percent must be a whole number"))


def test_environment_variable_redirects_loading(data_copy, monkeypatch, survey):
    set_cell(data_copy / R, "percent", "48", question_id="gender", option_id="man")
    monkeypatch.setenv("DIGIVAARDIG_DATA", str(data_copy))
    assert paths.data_dir() == data_copy.resolve()
    redirected = load_survey()
    assert _percent(redirected, "gender", "man") == 48
    assert _percent(survey, "gender", "man") == 49


def test_environment_variable_redirects_errors(data_copy, monkeypatch):
    line = set_cell(data_copy / Q, "section", "skill", question_id="skills_sufficient")
    monkeypatch.setenv("DIGIVAARDIG_DATA", str(data_copy))
    with pytest.raises(DataValidationError) as caught:
        load_survey()
    assert Path(caught.value.file).resolve() == (data_copy / Q).resolve()
    assert caught.value.line == line


def test_without_environment_variable_the_project_data_is_used(monkeypatch, data_dir):
    monkeypatch.delenv("DIGIVAARDIG_DATA", raising=False)
    assert paths.data_dir().resolve() == data_dir.resolve()


# ---------------------------------------------------------------- files as spreadsheets save them

ALL_FILES = (Q, R, C, S, V)


@pytest.mark.parametrize("file", ALL_FILES)
def test_byte_order_mark_is_accepted(data_copy, survey, file):
    path = data_copy / file
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # what Excel's "CSV UTF-8" writes
    copy = load_survey(data_copy)
    name = {Q: "questions", R: "results", C: "claims", S: "n_scenarios", V: "verbal_rules"}[file]
    pd.testing.assert_frame_equal(getattr(copy, name), getattr(survey, name))


@pytest.mark.parametrize("file", ALL_FILES)
def test_windows_1252_file_names_file_line_and_utf8(data_copy, file):
    header, rows = read_table(data_copy / file)
    text_column = next(i for i, name in enumerate(header) if name not in ("line",) and rows[4][i])
    rows[4][text_column] = rows[4][text_column] + " café"  # é is 0xe9 in Windows-1252
    content = "\n".join(",".join(f'"{cell}"' for cell in row) for row in [header, *rows]) + "\n"
    (data_copy / file).write_bytes(content.encode("cp1252", errors="replace"))
    with pytest.raises(DataValidationError) as caught:
        load_survey(data_copy)
    message = str(caught.value)
    first_bad = next(number for number, row in enumerate([header, *rows], start=1)
                     if any(not cell.isascii() for cell in row))
    assert Path(caught.value.file).name == file and caught.value.line == first_bad
    assert f"{file}, line {first_bad}: UTF-8 is required" in message
    assert "Windows-1252" in message and "0x" in message


@pytest.mark.parametrize("file", ALL_FILES)
def test_semicolon_separated_file_is_named_as_such(data_copy, file):
    header, rows = read_table(data_copy / file)
    with (data_copy / file).open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    expect_failure(data_copy, Expect(file, 1, None, ";".join(header)[:60], "comma-separated",
                                     "semicolon-separated"))


@pytest.mark.parametrize("file", ALL_FILES)
def test_header_only_table_is_an_error_naming_the_file(data_copy, file):
    header, _ = read_table(data_copy / file)
    write_table(data_copy / file, header, [])
    expect_failure(data_copy, Expect(file, 2, None, None, "at least one row", "header but no data rows"))
