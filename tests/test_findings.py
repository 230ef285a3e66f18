"""Findings sentences and the notebook-facing report helpers: numbers come from the data."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import matplotlib.pyplot as plt
from statsmodels.stats.proportion import proportion_confint

from helpers import data, findings, params, report, stats

EN = params.validate(lang="en")
NL = params.validate(lang="nl")


def edit_percent(folder: Path, question_id: str, option_id: str, percent: int) -> None:
    """Change one published percentage in a copy of results.csv."""
    path = folder / "results.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["question_id"] == question_id and row["option_id"] == option_id:
            row["percent"] = str(percent)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def expected_interval(survey, question_id, option_ids, settings) -> tuple[str, str]:
    """Interval bounds as the sentence should print them, recomputed with statsmodels."""
    combined = stats.combined_share(survey, question_id, option_ids, settings)
    low, high = proportion_confint(int(combined["count"]), int(combined["n"]), alpha=1 - settings.confidence,
                                   method=settings.ci_method)
    return f"{low * 100:.0f}", f"{high * 100:.0f}"


def test_skills_sentence_carries_the_recomputed_share_and_statsmodels_interval(survey):
    text = findings.skills(survey, EN)[0]
    table = data.options(survey, "skills_sufficient").set_index("option_id")["percent"]
    low, high = expected_interval(survey, "skills_sufficient", ["strongly_agree", "agree"], EN)
    assert text.startswith(f"{table['strongly_agree'] + table['agree']}% of respondents (strongly) agree")
    assert f"(95% CI {low}–{high}%)" in text
    assert (low, high) == ("78", "84")
    assert f"{table['insufficient']}% find them insufficient" in text


@pytest.mark.transcription
def test_changing_a_value_in_the_data_changes_the_sentence(data_copy):
    before = findings.skills(data.load_survey(data_copy), EN)[0]
    edit_percent(data_copy, "skills_sufficient", "strongly_agree", 50)
    edit_percent(data_copy, "skills_sufficient", "insufficient", 10)
    changed = data.load_survey(data_copy)
    after = findings.skills(changed, EN)[0]
    assert before.startswith("81% ") and after.startswith("85% ")
    assert "10% find them insufficient" in after
    low, high = expected_interval(changed, "skills_sufficient", ["strongly_agree", "agree"], EN)
    assert f"(95% CI {low}–{high}%)" in after


def test_a_verdict_follows_the_data_and_the_documented_rule(survey, data_copy):
    assert "more than a small group by our rule (at most 25%)" in findings.sample(survey, EN)[2]
    for option, percent in (("fully", 5), ("partly", 15), ("other", 80)):
        edit_percent(data_copy, "ict_work", option, percent)
    sentence = findings.sample(data.load_survey(data_copy), EN)[2]
    assert sentence.startswith("Fully or partly in ICT: 20% ") and "that is a small group" in sentence


def test_excluding_dont_know_rebases_the_share_and_says_so(survey):
    settings = params.validate(lang="en", dont_know="exclude")
    text = findings.security(survey, settings)[2]
    yes, dont_know = (data.options(survey, "handles_differently").set_index("option_id")["percent"]
                      [["yes", "dont_know"]])
    assert text.startswith(f"{100 * yes / (100 - dont_know):.0f}% of respondents with an opinion handle")
    assert text.startswith("56% ")


def test_dutch_sentences_use_dutch_wording_and_the_interval_level(survey):
    settings = params.validate(lang="nl", confidence=0.9)
    text = findings.skills(survey, settings)[1]
    low, high = expected_interval(survey, "training_courses", ["no"], settings)
    assert text == f"67% van de respondenten volgde de afgelopen jaren geen (extra) cursussen bij de gemeente " \
                   f"(90%-BI {low}–{high}%)."


def test_published_totals_are_explained_from_the_data(survey):
    assert findings.total_note(survey, "ict_work", "en") == "a difference that rounding 3 shares can produce"
    assert findings.total_note(survey, "more_ict_specialists", "en") == "7% of the answers is not published"
    assert findings.total_note(survey, "training_courses", "nl") == "zoals het hoort"
    assert "40% of the answers is not published" in findings.education(survey, EN)[0]


def test_awareness_against_behaviour_uses_the_frechet_bounds(survey):
    text = findings.security(survey, EN)[3]
    low, high = stats.frechet_bounds(85, 100 - 50)
    assert (low, high) == (35, 50)
    assert f"between {low:.0f}% and {high:.0f}% know the AVG" in text
    assert findings.security(survey, EN)[4].endswith("(McNemar, largest p < 0.001).")


def figures_in(text: str) -> list[str]:
    """The numbers a sentence states, with Dutch decimal commas read as points."""
    return re.findall(r"\d+(?:\.\d+)?", re.sub(r"(\d),(\d)", r"\1.\2", text))


def test_every_section_states_the_same_figures_in_both_languages(survey):
    counts = {name: len(findings.section(name, survey, EN)) for name in findings.SECTIONS}
    assert counts == {"sample": 4, "skills": 2, "security": 5, "trust": 3, "education": 2}
    for name in findings.SECTIONS:
        for english, dutch in zip(findings.section(name, survey, EN), findings.section(name, survey, NL)):
            assert english != dutch
            assert figures_in(english) == figures_in(dutch), (english, dutch)
    with pytest.raises(KeyError, match="unknown section 'audit'; allowed: sample, skills"):
        findings.section("audit", survey, EN)
    with pytest.raises(ValueError, match="lang='de' is not allowed; allowed: nl, en"):
        findings.sentence("skills.training", "de")
    with pytest.raises(KeyError, match="unknown option 'maybe' of 'gender'; known: man, woman"):
        findings.percent_of(survey, "gender", "maybe", "en")


def test_report_table_has_translated_headings_and_exports_the_shares(survey, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    shown = report.table(survey, "training_courses", NL)
    assert "Gepubliceerd %" in shown.columns
    exported = pd.read_csv(tmp_path / "tables" / "training_courses.csv")
    assert list(exported["percent"]) == [33, 67]
    assert list(exported["n"]) == [475, 475]


def test_report_chart_saves_both_formats_and_rejects_unknown_views(survey, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    image = report.chart(survey, "handles_differently", EN)
    figures = tmp_path / "figures"
    assert sorted(path.name for path in figures.iterdir()) == ["handles_differently.png", "handles_differently.svg"]
    assert image.data == (figures / "handles_differently.png").read_bytes()  # shown inline = the exported file
    svg = (figures / "handles_differently.svg").read_text(encoding="utf-8")
    assert "confidential information differently than before?" in svg and "n = 475" in svg
    assert not plt.get_fignums()  # the figure is closed: no second rendering by the inline backend
    assert report.interval_chart(survey, "handles_differently", EN) is None  # opt-in: nothing drawn or saved
    assert len(list(figures.iterdir())) == 2
    shown = report.interval_chart(survey, "handles_differently", params.validate(lang="en", interval_charts=True))
    assert shown.data == (figures / "handles_differently_intervals.png").read_bytes()
    with pytest.raises(ValueError, match="view='pie' is not allowed; allowed: bar, intervals"):
        report.chart(survey, "handles_differently", EN, view="pie")


def test_caption_names_n_and_how_it_is_known(survey):
    assert report.caption(survey, "training_courses", EN).startswith("n = 475 (inferred from the chart captions)")
    smallest = params.validate(lang="en", n_scenario="smallest")
    assert report.caption(survey, "training_courses", smallest).startswith("n = 280 (assumed under the chosen")
    assert report.caption(survey, "gender", smallest).startswith("n = 577 (stated in the article)")
