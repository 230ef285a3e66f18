"""Findings sentences and the notebook-facing report helpers: numbers come from the data."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import matplotlib.pyplot as plt
from statsmodels.stats.proportion import proportion_confint

from helpers.core import data, params
from helpers.display import report
from helpers.inference import paired, stats
from helpers.words import findings, findings_text

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
    low, high = expected_interval(survey, "skills_sufficient", ["strongly_agree", "agree"], EN)
    # issue 19 kind 8: the counts' share (467 of 577), not the printed 46 + 35 = 81
    assert text.startswith("80.9% of respondents (strongly) agree that their digital skills are sufficient (467 of "
                           "577, n from a chart caption; 80.2–81.8% over every count that fits the printed figures; ")
    assert f"; 95% CI {low}–{high}%; " in text
    assert (low, high) == ("78", "84")
    assert "14.0% (81 of 577) find them insufficient" in text


@pytest.mark.transcription
def test_changing_a_value_in_the_data_changes_the_sentence(data_copy):
    before = findings.skills(data.load_survey(data_copy), EN)[0]
    edit_percent(data_copy, "skills_sufficient", "strongly_agree", 50)
    edit_percent(data_copy, "skills_sufficient", "insufficient", 10)
    changed = data.load_survey(data_copy)
    after = findings.skills(changed, EN)[0]
    assert before.startswith("80.9% ") and after.startswith("84.9% ")
    assert "10.1% (58 of 577) find them insufficient" in after
    low, high = expected_interval(changed, "skills_sufficient", ["strongly_agree", "agree"], EN)
    assert f"; 95% CI {low}–{high}%" in after


def test_a_verdict_follows_the_data_and_the_documented_rule(survey, data_copy):
    assert "more than a small group by our rule (at most 25%)" in findings.sample(survey, EN)[2]
    for option, percent in (("fully", 5), ("partly", 15), ("other", 80)):
        edit_percent(data_copy, "ict_work", option, percent)
    sentence = findings.sample(data.load_survey(data_copy), EN)[2]
    assert sentence.startswith("Fully or partly in ICT: 19.9% (115 of 577") and "that is a small group" in sentence


def test_excluding_dont_know_rebases_the_share_and_says_so(survey):
    settings = params.validate(lang="en", dont_know="exclude")
    text = findings.security(survey, settings)[2]
    yes, dont_know = (data.options(survey, "handles_differently").set_index("option_id")["percent"]
                      [["yes", "dont_know"]])
    assert round(100 * yes / (100 - dont_know)) == 56  # the printed parts re-based: not what is shown
    # the counts' share: 237 of the 475 - 48 with an opinion
    assert text.startswith("55.5% of respondents with an opinion handle confidential information differently than "
                           "before (237 of the 427 with an opinion (n = 475, from a caption this chart shares with "
                           "another chart, not printed for this one); 54.9–56.2% over every count that fits")


def test_dutch_sentences_use_dutch_wording_and_the_interval_level(survey):
    settings = params.validate(lang="nl", confidence=0.9)
    text = findings.skills(survey, settings)[1]
    low, high = expected_interval(survey, "training_courses", ["no"], settings)
    lows, highs = zip(*(expected_interval(survey, "training_courses", ["no"], params.validate(
        lang="nl", confidence=0.9, n_scenario=scenario)) for scenario in survey.scenarios))
    over = f"{min(lows, key=int)}–{max(highs, key=int)}"
    assert text == f"66,9% van de respondenten volgde de afgelopen jaren geen (extra) cursussen bij de gemeente " \
                   f"(318 van 475, n uit een grafiekbijschrift; 66,5–67,4% over alle aantallen die bij de gedrukte " \
                   f"cijfers passen; 90%-BI {low}–{high}%; {over}% over de n-scenario's; van alle 577 deelnemers " \
                   f"55,1–72,8%, als niemand of iedereen van de 102 die deze vraag niet beantwoordden dat zou hebben " \
                   f"gedaan). Kanttekening: de cijfers beslissen niet of de bewering 'grote meerderheid' van het " \
                   f"artikel over dit cijfer klopt (aandeel ≥ 66,67%: onbeslist)."


def test_published_totals_are_explained_from_the_data(survey):
    assert findings.total_note(survey, "ict_work", "en") == "a difference that rounding 3 shares can produce"
    assert findings.total_note(survey, "more_ict_specialists", "en") == "7% of the answers is not published"
    assert findings.total_note(survey, "training_courses", "nl") == "zoals het hoort"
    assert "40% of the answers is not published" in findings.education(survey, EN)[0]


def test_awareness_against_behaviour_checks_the_bases_first(survey):
    sentences = findings.security(survey, EN)
    low, high = stats.frechet_bounds(85, 100 - 50)
    assert (low, high) == (35, 50)
    # the AVG item has no n: the bases are not known to be the same, and the joint bounds and the
    # paired test are stated under a named common-base assumption
    assert sentences[3] == ("The two figures are not known to come from the same respondents (AVG: n = 280 assumed, "
                            "not printed in the article; handling information: n = 475, from a caption this chart "
                            "shares with another chart, not printed for this one), and no cross-table is published.")
    # issue 19 kind 3: the 50% is a share of all 475; a group of 280 of them holds 39..241 'yes'
    # (every compatible count 234..241 of 475), so the printed 35..50 bounds no longer follow
    assert sentences[4] == ("The 49.9% (237 of 475) handling information differently is a share of all 475 who answered that "
                            "question (n from a caption this chart shares with another chart, not printed for this "
                            "one): a group of 280 of them can hold from 39 to 241 who said yes (14–86%), so their "
                            "share among those 280 is not known.")
    assert sentences[5].startswith("Only if the 280 respondents of the smaller question answered both (our "
                                   "assumption; n = 280 assumed, not printed in the article), between 0% and 85% "
                                   "know the AVG")
    assert sentences[6].startswith("On that assumed common base, under some count and joint table the marginals "
                                   "allow the gap is not statistically significant")
    assert sentences[6].endswith("(McNemar, largest p = 1.000): these figures cannot say how many individuals know "
                                 "the rule but did not change (the two shares themselves are compared in the audit, "
                                 "without a common base).")
    assert not any("come from the same respondents, but" in sentence for sentence in sentences)


def test_every_joint_statement_checks_its_bases(survey):
    """Property over every scenario and language: the Fréchet and McNemar sentences follow a sentence
    on what is known about the two bases, and name the common-base assumption unless both n are known
    and equal; no sentence claims the two figures come from the same respondents."""
    for scenario in survey.scenarios:
        for lang, assumption, same in (("en", "assum", "come from the same respondents, but"),
                                       ("nl", "aan", "komen van dezelfde respondenten, maar")):
            settings = params.validate(lang=lang, n_scenario=scenario)
            comparison = paired.marginal_comparison(survey, ("avg_awareness", ["yes"]),
                                                   ("handles_differently", ["yes"]), settings)
            sentences = findings.security(survey, settings)
            keys = {"bases_same", "bases_differ", "bases_unknown"}
            templates = [findings_text.TEMPLATES[f"security.{key}"][lang].split("{")[0] for key in keys]
            assert any(sentences[3].startswith(start) for start in templates), sentences[3]
            assert "Fréchet" not in sentences[3] and "McNemar" in sentences[-1]
            if comparison["common_base_assumed"]:
                assert assumption in sentences[-2] and assumption in sentences[-1]
            assert not any(same in sentence for sentence in sentences)


def test_the_base_named_is_the_base_used(survey):
    """Property over every question: with don't-know excluded, a question without a published
    don't-know share is not called a share 'of respondents with an opinion'."""
    for lang in ("en", "nl"):
        settings = params.validate(lang=lang, dont_know="exclude")
        for question_id in survey.questions["question_id"]:
            kinds = set(data.options(survey, question_id)["kind"].astype(str))
            named = findings.base(settings, survey, question_id)
            with_opinion = findings.sentence("base_opinion", lang)
            assert (named == with_opinion) == ("dont_know" in kinds), (question_id, named)
    text = findings.education(survey, params.validate(lang="en", dont_know="exclude"))[0]
    assert "of all respondents (no don't-know share was published" in text


def test_findings_state_the_range_over_the_n_scenarios_where_it_differs(survey):
    """Property over every finding with an interval: when the scenarios give intervals that print
    differently, the sentence states the range over the scenarios; when they agree, it does not."""
    for lang in ("en", "nl"):
        settings = params.validate(lang=lang)
        for question_id in survey.questions["question_id"]:
            options = list(data.options(survey, question_id)["option_id"][:1])
            _, shown = findings.share_interval(survey, question_id, options, settings)
            bounds = [stats.combined_share(survey, question_id, options, params.validate(lang=lang, n_scenario=s))
                      for s in survey.scenarios]
            low = findings.number(min(b["ci_low"] for b in bounds), lang)
            high = findings.number(max(b["ci_high"] for b in bounds), lang)
            default = stats.combined_share(survey, question_id, options, settings)
            differs = (low, high) != (findings.number(default["ci_low"], lang), findings.number(default["ci_high"], lang))
            assert ("scenario" in shown) == differs, (question_id, shown)
            if differs:
                assert f"{low}–{high}%" in shown


def figures_in(text: str) -> list[str]:
    """The numbers a sentence states, with Dutch decimal commas read as points; a claim quoted by name
    ('...') left out (its English rendering and its Dutch words need not hold the same figures)."""
    text = re.sub(r"(?<!\w)'[^']*'(?!\w)", "", text)
    return re.findall(r"\d+(?:\.\d+)?", re.sub(r"(\d),(\d)", r"\1.\2", text))


def test_every_section_states_the_same_figures_in_both_languages(survey):
    counts = {name: len(findings.section(name, survey, EN)) for name in findings.SECTIONS}
    assert counts == {"sample": 4, "skills": 2, "security": 7, "trust": 3, "education": 2}
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
    shown = report.table(survey, "training_courses", NL).data
    heads = re.findall(r"<th>(.*?)</th>", shown)
    assert heads == ["Antwoord", "Aandeel (%)", "Respondenten", "95%-interval (%)", "Alle antwoorden tegelijk (%)"]
    assert "<td data-label=\"Aandeel (%)\">33,0</td>" in shown and "316–320" in shown  # 67% of 475
    assert "tables/training_courses.csv" in shown  # the legend names the full table
    rebased = report.table(survey, "skills_sufficient", params.validate(lang="nl", dont_know="exclude")).data
    assert re.findall(r"<th>(.*?)</th>", rebased)[1] == "Gepubliceerd (%)"  # shown only when shares differ
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
    assert report.caption(survey, "handles_differently", EN).startswith(
        "n = 475 (inferred from a caption this chart shares with another chart, not printed for this one)")
    assert report.caption(survey, "prepared_digital", NL).startswith(
        "n = 517 (afgeleid uit een bijschrift dat deze grafiek met een andere grafiek deelt, niet bij deze grafiek "
        "gedrukt)")
    smallest = params.validate(lang="en", n_scenario="smallest")
    assert report.caption(survey, "training_courses", smallest).startswith("n = 280 (assumed under the chosen")
    assert report.caption(survey, "gender", smallest).startswith("n = 577 (stated in the article)")
