"""Findings sentences and the notebook-facing report helpers: numbers come from the data."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import matplotlib.pyplot as plt
from statsmodels.stats.proportion import proportion_confint

from helpers.core import data, params, paths
from helpers.display import report
from helpers.inference import paired, stats
from helpers.words import findings, findings_text
from helpers.words.claim_table import check_claims
from helpers.words import audit_text
from oracles import count_range, model_vectors, point

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


def one(value: float) -> str:
    return f"{value:.1f}"


def nl(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def nl_g(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def test_skills_sentence_carries_the_recomputed_share_and_statsmodels_interval(survey):
    text = findings.skills(survey, EN)[0]
    low, high = expected_interval(survey, "skills_sufficient", ["strongly_agree", "agree"], EN)
    # issue 19 kind 8: the counts' share, not the printed sum of the two figures
    count, n = point(survey, "skills_sufficient", ["strongly_agree", "agree"])
    least, most = count_range(survey, "skills_sufficient", ["strongly_agree", "agree"], n)
    assert text.startswith(f"{one(100 * count / n)}% of respondents agree or strongly agree that their digital skills are "
                           f"sufficient ({count} of {n}, n from a chart caption; {one(100 * least / n)}–"
                           f"{one(100 * most / n)}% over every count that fits the printed figures; ")
    assert f"; 95% CI {low}–{high}%; " in text
    insufficient, _ = point(survey, "skills_sufficient", ["insufficient"])
    least, most = count_range(survey, "skills_sufficient", ["insufficient"], n)
    assert (f"{one(100 * insufficient / n)}% ({insufficient} of {n}; {one(100 * least / n)}–{one(100 * most / n)}% "
            "over every count that fits) find them insufficient") in text


def test_changing_a_value_in_the_data_changes_the_sentence(data_copy):
    before = findings.skills(data.load_survey(data_copy), EN)[0]
    edit_percent(data_copy, "skills_sufficient", "strongly_agree", 50)
    edit_percent(data_copy, "skills_sufficient", "insufficient", 10)
    changed = data.load_survey(data_copy)
    after = findings.skills(changed, EN)[0]
    for survey_, text in ((data.load_survey(paths.data_dir()), before), (changed, after)):
        count, n = point(survey_, "skills_sufficient", ["strongly_agree", "agree"])
        assert text.startswith(f"{one(100 * count / n)}% "), text
    insufficient, n = point(changed, "skills_sufficient", ["insufficient"])
    least, most = count_range(changed, "skills_sufficient", ["insufficient"], n)
    assert (f"{one(100 * insufficient / n)}% ({insufficient} of {n}; {one(100 * least / n)}–{one(100 * most / n)}% "
            "over every count that fits) find them insufficient") in after
    assert before != after
    low, high = expected_interval(changed, "skills_sufficient", ["strongly_agree", "agree"], EN)
    assert f"; 95% CI {low}–{high}%" in after


def test_a_verdict_follows_the_data_and_the_documented_rule(survey, data_copy):
    assert "more than a small group by our rule (at most 25%)" in findings.sample(survey, EN)[2]
    for option, percent in (("fully", 5), ("partly", 15), ("other", 80)):
        edit_percent(data_copy, "ict_work", option, percent)
    changed = data.load_survey(data_copy)
    sentence = findings.sample(changed, EN)[2]
    count, n = point(changed, "ict_work", ["fully", "partly"])
    assert sentence.startswith(f"Fully or partly in ICT: {one(100 * count / n)}% ({count} of {n}")
    assert "that is a small group" in sentence


def test_excluding_dont_know_rebases_the_share_and_says_so(survey):
    settings = params.validate(lang="en", dont_know="exclude")
    text = findings.security(survey, settings)[2]
    # the counts' share (yes of those with an opinion), not the printed parts re-based
    (yes, n), (dont_know, _) = point(survey, "handles_differently", "yes"), point(survey, "handles_differently", "dont_know")
    rebased = [100 * v[0] / (n - v[2]) for v in model_vectors(survey, "handles_differently", n)]
    assert text.startswith(f"{one(100 * yes / (n - dont_know))}% of respondents with an opinion handle confidential "
                           f"information differently than before ({yes} of the {n - dont_know} with an opinion (n = {n}, "
                           "from a caption this chart shares with another chart, not printed for this one); "
                           f"{one(min(rebased))}–{one(max(rebased))}% over every count that fits")


def test_dutch_sentences_use_dutch_wording_and_the_interval_level(survey):
    settings = params.validate(lang="nl", confidence=0.9)
    text = findings.skills(survey, settings)[1]
    low, high = expected_interval(survey, "training_courses", ["no"], settings)
    lows, highs = zip(*(expected_interval(survey, "training_courses", ["no"], params.validate(
        lang="nl", confidence=0.9, n_scenario=scenario)) for scenario in survey.scenarios))
    over = f"{min(lows, key=int)}–{max(highs, key=int)}"
    count, n = point(survey, "training_courses", "no")
    least, most = count_range(survey, "training_courses", ["no"], n)
    everyone = data.printed_n(survey)[0]  # the participants: the largest printed n
    missing = everyone - n
    claim = survey.claims.set_index("claim_id").loc["lead_no_training_majority"]
    hypothesis = survey.hypotheses.set_index("hypothesis_id").loc[claim["hypothesis_id"]]
    status = check_claims(survey, NL).set_index("claim_id").at["lead_no_training_majority", "status"]
    assert status != "depends_on_reading"
    assert text == f"{nl(100 * count / n)}% van de respondenten volgde de afgelopen jaren geen (extra) cursussen bij " \
                   f"de gemeente ({count} van {n}, n uit een grafiekbijschrift; {nl(100 * least / n)}–" \
                   f"{nl(100 * most / n)}% over alle aantallen die bij de gedrukte cijfers passen; 90%-BI {low}–{high}%; " \
                   f"{over}% over de n-scenario's; van alle {everyone} deelnemers {nl(100 * count / everyone)}–" \
                   f"{nl(100 * (count + missing) / everyone)}%, als niemand of iedereen van de {missing} die deze vraag " \
                   f"niet beantwoordden dat zou hebben gedaan). Kanttekening: de cijfers beslissen niet of de bewering " \
                   f"'{claim['phrase_nl']}' van het artikel over dit cijfer klopt (aandeel ≥ " \
                   f"{nl_g(hypothesis['threshold'])}%: {audit_text.text(f'status.{status}', 'nl')})."


def test_published_totals_are_explained_from_the_data(survey):
    for question_id in survey.questions["question_id"]:
        total, options = data.published_total(survey, question_id), len(data.options(survey, question_id))
        note = findings.total_note(survey, question_id, "en")
        if total == 100:
            assert findings.total_note(survey, question_id, "nl") == "zoals het hoort", question_id
        elif abs(total - 100) <= options / 2:
            assert note == f"a difference that rounding {options} shares can produce", question_id
        else:
            assert note == f"{100 - total}% of the answers is not published", question_id
    assert f"{100 - data.published_total(survey, 'education_more_digital')}% of the answers is not published" in \
        findings.education(survey, EN)[0]


def test_awareness_against_behaviour_checks_the_bases_first(survey):
    sentences = findings.security(survey, EN)
    low, high = stats.frechet_bounds(85, 100 - 50)
    assert (low, high) == (35, 50)
    # the AVG item has no n: the bases are not known to be the same, and the joint bounds and the
    # paired test are stated under a named common-base assumption
    (_, n_a), (yes, n_b) = point(survey, "avg_awareness", "yes"), point(survey, "handles_differently", "yes")
    assert sentences[3] == (f"The two figures are not known to come from the same respondents (AVG: n = {n_a} assumed, "
                            f"not printed in the article; handling information: n = {n_b}, from a caption this chart "
                            "shares with another chart, not printed for this one), and no cross-table is published.")
    # issue 19 kind 3: the share is of all n_b; a group of n_a of them holds what brute force says, so the
    # printed figures' Fréchet bounds no longer follow
    yes_low, yes_high = count_range(survey, "handles_differently", ["yes"], n_b)
    held = {k for c in range(yes_low, yes_high + 1) for k in range(0, n_a + 1) if k <= c and n_a - k <= n_b - c}
    assert sentences[4] == (f"The {one(100 * yes / n_b)}% ({yes} of {n_b}; {one(100 * yes_low / n_b)}–"
                            f"{one(100 * yes_high / n_b)}% over every count that fits) handling information differently is a share "
                            f"of all {n_b} who answered that question (n from a caption this chart shares with another "
                            f"chart, not printed for this one): a group of {n_a} of them can hold from {min(held)} to "
                            f"{max(held)} who said yes ({100 * min(held) / n_a:.0f}–{100 * max(held) / n_a:.0f}%), so "
                            f"their share among those {n_a} is not known.")
    aware_low, aware_high = count_range(survey, "avg_awareness", ["yes"], n_a)
    first = max(0, aware_low - max(held)), min(aware_high, n_a - min(held))
    assert sentences[5].startswith(f"Only if the {n_a} respondents of the smaller question answered both (our "
                                   f"assumption; n = {n_a} assumed, not printed in the article), between "
                                   f"{100 * first[0] / n_a:.0f}% and {100 * first[1] / n_a:.0f}% know the AVG")
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
    n = data.n_for(survey, "training_courses")
    printed = stats.share_table(survey, "training_courses", NL).set_index("option").at["yes", "share"]
    low, high = count_range(survey, "training_courses", ["no"], n)
    assert f"<td data-label=\"Aandeel (%)\">{nl(printed)}</td>" in shown and f"{low}–{high}" in shown
    assert "tables/training_courses.csv" in shown  # the legend names the full table
    rebased = report.table(survey, "skills_sufficient", params.validate(lang="nl", dont_know="exclude")).data
    assert re.findall(r"<th>(.*?)</th>", rebased)[1] == "Gepubliceerd (%)"  # shown only when shares differ
    exported = pd.read_csv(tmp_path / "tables" / "training_courses.csv")
    assert list(exported["percent"]) == list(data.options(survey, "training_courses")["percent"])
    assert list(exported["n"]) == [n] * len(exported)


def test_report_chart_saves_both_formats_and_rejects_unknown_views(survey, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    image = report.chart(survey, "handles_differently", EN)
    figures = tmp_path / "figures"
    assert sorted(path.name for path in figures.iterdir()) == ["handles_differently.png", "handles_differently.svg"]
    assert image.data == (figures / "handles_differently.png").read_bytes()  # shown inline = the exported file
    svg = (figures / "handles_differently.svg").read_text(encoding="utf-8")
    n = data.n_for(survey, "handles_differently")
    assert "confidential information differently than before?" in svg and f"n = {n}" in svg
    assert not plt.get_fignums()  # the figure is closed: no second rendering by the inline backend
    assert report.interval_chart(survey, "handles_differently", EN) is None  # opt-in: nothing drawn or saved
    assert len(list(figures.iterdir())) == 2
    shown = report.interval_chart(survey, "handles_differently", params.validate(lang="en", interval_charts=True))
    assert shown.data == (figures / "handles_differently_intervals.png").read_bytes()
    with pytest.raises(ValueError, match="view='pie' is not allowed; allowed: bar, intervals"):
        report.chart(survey, "handles_differently", EN, view="pie")


def test_caption_names_n_and_how_it_is_known(survey):
    def n(question_id, scenario=None):
        return data.n_for(survey, question_id, scenario)

    assert report.caption(survey, "training_courses", EN).startswith(
        f"n = {n('training_courses')} (inferred from the chart captions)")
    assert report.caption(survey, "handles_differently", EN).startswith(
        f"n = {n('handles_differently')} (inferred from a caption this chart shares with another chart, not printed "
        "for this one)")
    assert report.caption(survey, "prepared_digital", NL).startswith(
        f"n = {n('prepared_digital')} (afgeleid uit een bijschrift dat deze grafiek met een andere grafiek deelt, niet "
        "bij deze grafiek gedrukt)")
    smallest = params.validate(lang="en", n_scenario="smallest")
    assert report.caption(survey, "training_courses", smallest).startswith(
        f"n = {n('training_courses', 'smallest')} (assumed under the chosen")
    assert report.caption(survey, "gender", smallest).startswith(f"n = {n('gender', 'smallest')} (stated in the article)")
