"""Tests of helpers.inference.stats on the article's real figures.

Expected values come from outside the module: the data tables, statsmodels called directly, brute
force over all count vectors compatible with the published percentages, and numbers worked out by
hand (Fréchet bounds, the AVG comparison's joint tables).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

from helpers.core import data
from helpers.inference import counts, paired, stats
from helpers.words import tables
from helpers.core.params import Settings
from oracles import model_vectors

CHART_QUESTIONS = [
    "skills_sufficient", "government_keeps_up", "prepared_digital", "education_more_digital",
    "employer_increased_knowledge", "training_courses", "handles_differently",
]
SCENARIOS = ["layout", "attrition", "smallest"]
METHODS = [("wilson", 0.95), ("beta", 0.9), ("jeffreys", 0.99)]
AVG = ("avg_awareness", ["yes"])
HANDLES = ("handles_differently", ["yes"])


# ---------------------------------------------------------------- helpers of the tests

def published(survey: data.Survey, question_id: str) -> pd.DataFrame:
    """The question's published rows straight from the data."""
    return data.options(survey, question_id)


def library_interval(count, nobs, method: str, confidence: float) -> tuple[float, float]:
    """statsmodels' interval in percent."""
    low, high = proportion_confint(count, nobs, alpha=1 - confidence, method=method)
    return float(low) * 100, float(high) * 100


def nearest_half_up(percent: int, n: int) -> int:
    """The count nearest percent * n / 100, ties up, by decimal (exact)."""
    return int((Decimal(percent * n) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def compatible_vectors(percents: list[int], n: int, complete: bool):
    """Every count vector (remainder last when incomplete) rounding half-up to all percents: brute force."""
    choices = [range(low, high + 1) for low, high in (counts.count_interval(p, n) for p in percents)]
    for vector in itertools.product(*choices):
        rest = n - sum(vector)
        if rest == 0 or (not complete and rest > 0):
            yield vector + (() if complete else (rest,))


def survey_with(survey: data.Survey, question_id: str, percents: list[int] | None = None,
                n: int | None = None) -> data.Survey:
    """A copy of the survey with one question's percentages and/or n (all scenarios) replaced."""
    results, scenarios = survey.results.copy(), survey.n_scenarios.copy()
    if percents is not None:
        rows = results.index[results["question_id"] == question_id]
        results.loc[rows, "percent"] = percents
    if n is not None:
        scenarios.loc[scenarios["question_id"] == question_id, "n"] = n
    return dataclasses.replace(survey, results=results, n_scenarios=scenarios)


# ---------------------------------------------------------------- share_table: the published figures

@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("question_id", CHART_QUESTIONS)
def test_share_table_matches_data_and_counts(survey, question_id, scenario):
    table = stats.share_table(survey, question_id, Settings(n_scenario=scenario))
    rows = published(survey, question_id)
    shown = table[table["option"] != stats.UNPUBLISHED]
    n = data.n_for(survey, question_id, scenario)

    assert list(shown["option"].astype(str)) == list(rows["option_id"])
    assert list(shown["percent"]) == list(rows["percent"])
    assert list(table["option"].cat.categories) == list(table["option"].astype(str))
    assert (table["n"] == n).all()
    assert shown["share"].sum() == pytest.approx(data.published_total(survey, question_id))
    assert table["share"].sum() == pytest.approx(max(100, data.published_total(survey, question_id)))
    assert (table["count_min"] <= table["count"]).all() and (table["count"] <= table["count_max"]).all()
    assert (table["ci_low_range"] <= table["ci_low"] + 1e-12).all()
    assert (table["ci_high_range"] >= table["ci_high"] - 1e-12).all()
    assert table["counts_consistent"].all()
    # the point counts are one compatible vector, and the count ranges are those of every
    # compatible vector under the data's reading of each figure (brute force)
    vectors = np.array(list(model_vectors(survey, question_id, n)))
    assert table["count"].sum() == n
    assert tuple(table["count"]) in set(map(tuple, vectors.tolist()))
    assert list(table["count_min"]) == list(vectors.min(axis=0))
    assert list(table["count_max"]) == list(vectors.max(axis=0))


@pytest.mark.parametrize("method, confidence", METHODS)
@pytest.mark.parametrize("question_id", CHART_QUESTIONS)
def test_share_table_intervals_are_statsmodels(survey, question_id, method, confidence):
    settings = Settings(ci_method=method, confidence=confidence, n_scenario="attrition")
    table = stats.share_table(survey, question_id, settings)
    for row in table.itertuples():
        assert (row.ci_low, row.ci_high) == pytest.approx(library_interval(row.count, row.n, method, confidence))
        # keeping don't know, the envelope is the interval at the ends of the count range
        assert row.ci_low_range == pytest.approx(library_interval(row.count_min, row.n, method, confidence)[0])
        assert row.ci_high_range == pytest.approx(library_interval(row.count_max, row.n, method, confidence)[1])


def test_envelope_covers_every_compatible_vector(survey):
    """Brute force: the envelope is the lowest/highest bound over all compatible count vectors."""
    rows = published(survey, "government_keeps_up")
    n = data.n_for(survey, "government_keeps_up", "layout")
    vectors = np.array(list(compatible_vectors(list(rows["percent"]), n, complete=True)))
    table = stats.share_table(survey, "government_keeps_up", Settings(n_scenario="layout"))
    low, high = proportion_confint(vectors, n, alpha=0.05, method="wilson")
    assert np.allclose(table["ci_low_range"], low.min(axis=0) * 100)
    assert np.allclose(table["ci_high_range"], high.max(axis=0) * 100)
    assert list(table["count_min"]) == list(vectors.min(axis=0))
    assert list(table["count_max"]) == list(vectors.max(axis=0))


def test_labels_follow_language(survey):
    for lang in ("nl", "en"):
        table = stats.share_table(survey, "education_more_digital", Settings(lang=lang))
        rows = data.options(survey, "education_more_digital")
        marks = ["*" if source == "ours" else "" for source in rows["label_source"]]
        expected = [label + mark for label, mark in zip(rows[f"option_{lang}"], marks)]
        assert list(table[f"label_{lang}"][:2]) == expected
        assert tables.option_labels(table, lang)[:2] == expected
        assert table[f"label_{lang}"].iloc[-1] == ""  # stats gives numbers and ids; words word the remainder
        assert tables.option_labels(table, lang)[-1] == {"nl": "niet gepubliceerd", "en": "not published"}[lang]


def test_the_share_table_is_language_free(survey):
    """Issue 18: lang never enters a computation. The table is the same frame whatever settings.lang,
    with both languages' labels as data columns."""
    for question_id in survey.questions["question_id"]:
        nl = stats.share_table(survey, question_id, Settings(lang="nl"))
        en = stats.share_table(survey, question_id, Settings(lang="en"))
        pd.testing.assert_frame_equal(nl, en)
        assert not any(column == "label" or column.endswith("_lang") for column in nl.columns)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_label_the_article_does_not_print_is_marked_as_ours(survey, lang):
    """Property over every question: a label with label_source = ours carries the mark, no other does,
    and the caption explains the mark exactly where one appears."""
    from helpers.display import report

    for question_id in survey.questions["question_id"]:
        table = stats.share_table(survey, question_id, Settings(lang=lang))
        shown = table[table["option"] != stats.UNPUBLISHED]
        ours = data.options(survey, question_id)["label_source"] == "ours"
        for column in ("label_nl", "label_en"):
            assert list(shown[column].str.endswith(stats.OURS_MARK)) == list(ours)
        assert list(shown["label_ours"]) == list(ours)
        caption = report.caption(survey, question_id, Settings(lang=lang))
        assert ("* " in caption) == bool(ours.any())
    assert stats.share_table(survey, "education_more_digital", Settings(lang="nl"))["label_nl"].iloc[0] == \
        "eens (meerderheid)*"


def test_unipolar_scales_have_no_negative_pole_in_the_table(survey):
    """'Enigszins' (somewhat) is an affirmative answer: the knowledge item's scale is unipolar and its
    chart is drawn from zero (no poles), as questions.csv records; bipolar items keep their poles."""
    for question_id in survey.questions["question_id"]:
        table = stats.share_table(survey, question_id, Settings())
        meaning = data.question(survey, question_id)["scale_meaning"]
        if meaning == "unipolar":
            assert (table["pole"] == "").all()
        elif meaning == "bipolar":
            assert "positive" in set(table["pole"])
    assert data.question(survey, "employer_increased_knowledge")["scale_meaning"] == "unipolar"
    assert data.options(survey, "employer_increased_knowledge").set_index("option_id").at["somewhat", "pole"] == ""


# ---------------------------------------------------------------- incomplete questions

def test_education_more_digital_gets_an_unpublished_row(survey):
    table = stats.share_table(survey, "education_more_digital", Settings(n_scenario="layout"))
    assert list(table["option"].astype(str)) == ["agree", "nonsense", "unpublished"]
    remainder = table.iloc[-1]
    assert remainder["kind"] == "unpublished" and math.isnan(remainder["percent"])
    assert remainder["share"] == 100 - data.published_total(survey, "education_more_digital")
    n = data.n_for(survey, "education_more_digital")
    assert (table["n"] == n).all()
    vectors = np.array(list(model_vectors(survey, "education_more_digital", n)))
    assert (remainder["count_min"], remainder["count_max"]) == (vectors[:, -1].min(), vectors[:, -1].max())
    # 'eens (meerderheid)' may be two options merged: its range is two rounding widths (k - 1 .. k + 1 %)
    assert (table["count_min"].iloc[0], table["count_max"].iloc[0]) == (vectors[:, 0].min(), vectors[:, 0].max())
    agree = int(published(survey, "education_more_digital")["percent"].iloc[0])
    assert {c for c in range(n + 1) if agree - 1 <= 100 * c / n <= agree + 1} == set(vectors[:, 0])
    assert not table["complete"].any()


def test_completeness_rule(survey):
    """Complete exactly when the printed total lies within half a point per printed option of 100 (each
    rounded share is at most half a point off its true share)."""
    for question_id in survey.questions["question_id"]:
        percents = published(survey, question_id)["percent"]
        total = data.published_total(survey, question_id)
        assert total == sum(percents)
        assert stats.is_complete(percents) == (abs(total - 100) <= len(percents) / 2), question_id
    # both kinds occur in the data
    assert {stats.is_complete(published(survey, q)["percent"]) for q in survey.questions["question_id"]} == {True, False}
    assert stats.UNPUBLISHED not in set(stats.share_table(survey, "ict_work", Settings())["option"].astype(str))


# ---------------------------------------------------------------- don't know excluded

@pytest.mark.parametrize("question_id", CHART_QUESTIONS)
def test_dont_know_excluded_rebases_shares(survey, question_id):
    keep = stats.share_table(survey, question_id, Settings(dont_know="keep"))
    table = stats.share_table(survey, question_id, Settings(dont_know="exclude"))
    rows = published(survey, question_id)
    dk = rows.loc[rows["kind"] == "dont_know", "percent"].sum()
    total = data.published_total(survey, question_id)
    base = (total if stats.is_complete(rows["percent"]) else 100) - dk
    expected = {o: p / base * 100 for o, p, kind in zip(rows["option_id"], rows["percent"], rows["kind"])
                if kind != "dont_know"}
    assert "dont_know" not in set(table["kind"])
    shown = table[table["option"] != stats.UNPUBLISHED]
    assert dict(zip(shown["option"].astype(str), shown["share"])) == pytest.approx(expected)
    assert table["share"].sum() == pytest.approx(100)
    dk_count = keep.loc[keep["kind"] == "dont_know", "count"].sum()
    assert (table["n"] == data.n_for(survey, question_id) - dk_count).all()
    assert table["count"].sum() == table["n"].iloc[0]


def test_handles_differently_without_dont_know(survey):
    table = stats.share_table(survey, "handles_differently", Settings(dont_know="exclude"))
    assert list(table["option"].astype(str)) == ["yes", "no"]
    assert table["share"].iloc[0] == pytest.approx(50 / (100 - 10) * 100)
    assert table["n"].iloc[0] < 475


def test_dont_know_envelope_ranges_over_the_dont_know_count(survey):
    """Brute force: with dk excluded, each vector's interval uses its own denominator n - dk."""
    n = data.n_for(survey, "handles_differently", "layout")
    vectors = np.array(list(model_vectors(survey, "handles_differently", n)))
    nobs = n - vectors[:, 2]
    low, high = proportion_confint(vectors[:, :2], nobs[:, None], alpha=0.1, method="beta")
    table = stats.share_table(survey, "handles_differently", Settings(dont_know="exclude", ci_method="beta",
                                                                      confidence=0.9))
    assert np.allclose(table["ci_low_range"], low.min(axis=0) * 100)
    assert np.allclose(table["ci_high_range"], high.max(axis=0) * 100)
    assert list(table["count_min"]) == list(vectors[:, :2].min(axis=0))
    assert list(table["count_max"]) == list(vectors[:, :2].max(axis=0))


# ---------------------------------------------------------------- simultaneous intervals

@pytest.mark.parametrize("dont_know", ["keep", "exclude"])
@pytest.mark.parametrize("question_id", CHART_QUESTIONS)
def test_simultaneous_intervals_hold_where_shown(survey, question_id, dont_know):
    """Two options: the per-option interval (already simultaneous); more: Bonferroni-adjusted exact
    (Clopper-Pearson) intervals, valid at any cell count, never narrower than the per-option ones."""
    table = stats.share_table(survey, question_id, Settings(dont_know=dont_know))
    k, n = len(table), int(table["count"].sum())
    if k == 2:
        assert np.allclose(table[["sim_low", "sim_high"]].to_numpy(), table[["ci_low", "ci_high"]].to_numpy())
    else:
        low, high = proportion_confint(table["count"].to_numpy(), n, alpha=0.05 / k, method="beta")
        assert np.allclose(table["sim_low"], low * 100) and np.allclose(table["sim_high"], high * 100)
        assert ((table["sim_high"] - table["sim_low"]) > (table["ci_high"] - table["ci_low"])).all()


def test_simultaneous_intervals_cover_jointly_with_small_cells():
    """Simulation: with cells of 1-5 % (counts 3-6, where Goodman's approximation fails) the
    intervals cover all shares at once in at least 95 % of samples (within simulation error)."""
    truth = np.array([0.23, 0.44, 0.21, 0.10, 0.01, 0.01])
    rng = np.random.default_rng(9)
    samples = rng.multinomial(517, truth, size=1500)
    covered = 0
    for sample in samples:
        bounds = stats.simultaneous_intervals(sample, 0.05) / 100
        covered += bool(((bounds[:, 0] <= truth) & (truth <= bounds[:, 1])).all())
    assert covered / len(samples) >= 0.95 - 2 * math.sqrt(0.05 * 0.95 / len(samples))


def test_simultaneous_intervals_with_a_zero_count(survey):
    intervals = stats.simultaneous_intervals([0, 30, 70], 0.05)
    expected = np.array(proportion_confint(np.array([0, 30, 70]), 100, alpha=0.05 / 3, method="beta")).T * 100
    assert np.allclose(intervals, expected)
    assert intervals[0, 0] == 0 and 0 < intervals[0, 1] < 10
    zero = survey_with(survey, "government_keeps_up", percents=[7, 27, 19, 36, 11, 0])
    table = stats.share_table(zero, "government_keeps_up", Settings())
    assert table["count"].iloc[-1] == 0 and table["sim_low"].iloc[-1] == 0
    assert np.isfinite(table[["sim_low", "sim_high", "ci_low", "ci_high"]].to_numpy()).all()
    with pytest.raises(ValueError, match="at least two non-negative counts"):
        stats.simultaneous_intervals([5], 0.05)


# ---------------------------------------------------------------- rounding inconsistent with n

def test_inconsistent_counts_fall_back_to_single_ranges(survey):
    percents = [51, 40, 10]  # 101 in total: complete, but for some n no count vector rounds to all three
    n = next(n for n in range(30, 200) if not counts.compatible_counts(percents, n, "both").exists
             and all(counts.count_interval(p, n, "both") for p in percents))
    changed = survey_with(survey, "ict_work", percents=percents, n=n)
    table = stats.share_table(changed, "ict_work", Settings())
    assert not table["counts_consistent"].any()
    assert list(table["percent"]) == percents and (table["n"] == n).all()
    for row, percent in zip(table.itertuples(), percents):
        assert (row.count_min, row.count_max) == counts.count_interval(percent, n, "both")
        assert row.count == nearest_half_up(percent, n)
        assert row.ci_low_range <= row.ci_low and row.ci_high_range >= row.ci_high
    share = stats.combined_share(changed, "ict_work", ["fully", "partly"], Settings())
    assert not share["counts_consistent"]
    assert (share["count_min"], share["count_max"]) == (sum(table["count_min"][:2]), sum(table["count_max"][:2]))


@pytest.mark.parametrize("n, expected", [
    # 51 % of 10 is 5.1, but 5 of 10 is 50 % and 6 is 60 %: no count rounds to 51, so the point 5;
    # 9 % of 10 is 0.9 -> 1 (10 %, no count rounds to 9); the remainder is 10 - 5 - 1 = 4
    (10, [(5, 5, 5), (1, 1, 1), (4, 4, 4)]),
    # 19 of 37 is 51.4 %, the only count rounding to 51; 3 of 37 is 8.1 % and 4 is 10.8 %, so 9 % is
    # unreachable and 9 % of 37 = 3.33 gives 3; the remainder is 37 - 19 - 3 = 15
    (37, [(19, 19, 19), (3, 3, 3), (15, 15, 15)]),
])
def test_inconsistent_counts_of_an_incomplete_question(survey, n, expected):
    """Regression: the remainder row is appended to the published ranges, not written over the last one."""
    changed = survey_with(survey, "education_more_digital", n=n)
    assert not counts.compatible_counts([51, 9], n, "half_up", complete=False).exists
    table = stats.share_table(changed, "education_more_digital", Settings())
    assert list(table["option"].astype(str)) == ["agree", "nonsense", "unpublished"]
    assert not table["counts_consistent"].any() and not table["complete"].any()
    assert list(zip(table["count_min"], table["count"], table["count_max"])) == expected
    assert list(table["share"]) == [51, 9, 40] and (table["n"] == n).all()
    share = stats.combined_share(changed, "education_more_digital", ["agree", "nonsense"], Settings())
    assert (share["count_min"], share["count"], share["count_max"]) == (expected[0][0] + expected[1][0],) * 3


# ---------------------------------------------------------------- combined shares

def test_combined_share_of_skills(survey):
    settings = Settings(n_scenario="smallest")
    share = stats.combined_share(survey, "skills_sufficient", ["strongly_agree", "agree"], settings)
    n = data.n_for(survey, "skills_sufficient", "smallest")
    sums = [v[0] + v[1] for v in model_vectors(survey, "skills_sufficient", n)]
    printed = published(survey, "skills_sufficient").set_index("option_id")["percent"]
    assert share["share"] == share["percent_published_sum"] == printed["strongly_agree"] + printed["agree"]
    assert share["n"] == n
    assert (share["count_min"], share["count_max"]) == (min(sums), max(sums))
    assert share["count_min"] <= share["count"] <= share["count_max"]
    assert (share["ci_low"], share["ci_high"]) == pytest.approx(library_interval(share["count"], n, "wilson", 0.95))
    assert share["ci_low_range"] == pytest.approx(library_interval(share["count_min"], n, "wilson", 0.95)[0])
    assert share["ci_high_range"] == pytest.approx(library_interval(share["count_max"], n, "wilson", 0.95)[1])


def test_combined_share_excluding_dont_know(survey):
    share = stats.combined_share(survey, "employer_increased_knowledge", ["much", "sufficiently"],
                                 Settings(dont_know="exclude"))
    printed = published(survey, "employer_increased_knowledge").set_index("option_id")["percent"]
    base = data.published_total(survey, "employer_increased_knowledge") - printed["dont_know"]  # the printed total
    assert share["share"] == pytest.approx((printed["much"] + printed["sufficiently"]) / base * 100)
    with pytest.raises(ValueError, match="don't-know") as error:
        stats.combined_share(survey, "employer_increased_knowledge", ["dont_know"], Settings(dont_know="exclude"))
    assert str(error.value) == (
        "option_ids=['dont_know'] is not allowed with dont_know='exclude': dont_know are don't-know answers, "
        "left out of the base; allowed: " + ", ".join(published(survey, "employer_increased_knowledge")
                                                      ["option_id"][:-1]) + " (or dont_know='keep')")
    with pytest.raises(KeyError, match="allowed"):
        stats.combined_share(survey, "employer_increased_knowledge", ["nonsense"], Settings())
    with pytest.raises(ValueError):
        stats.combined_share(survey, "employer_increased_knowledge", [], Settings())


# ---------------------------------------------------------------- Fréchet bounds

def test_frechet_bounds_by_hand():
    assert stats.frechet_bounds(85, 50) == (35, 50)
    assert stats.frechet_bounds(30, 40) == (0, 30)
    with pytest.raises(ValueError):
        stats.frechet_bounds(101, 10)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=4, max_size=4).filter(lambda cells: sum(cells) > 0))
def test_true_joint_lies_within_frechet_bounds(cells):
    both, a_only, b_only, neither = cells
    n = sum(cells)
    low, high = stats.frechet_bounds(100 * (both + a_only) / n, 100 * (both + b_only) / n)
    assert low - 1e-9 <= 100 * both / n <= high + 1e-9


# ---------------------------------------------------------------- AVG known vs handles differently

@pytest.mark.parametrize("scenario", SCENARIOS)
def test_avg_versus_changed_behaviour(survey, scenario):
    result = paired.marginal_comparison(survey, AVG, HANDLES, Settings(n_scenario=scenario))
    assert result["a"]["share"] == 85 and result["b"]["share"] == 50
    assert result["difference"] == 35
    assert result["both_bounds"] == (35, 50)
    # know the AVG but not 'yes': 85 + (100 - 50) - 100 = 35 .. min(85, 50) = 50
    assert result["a_not_b_bounds"] == (35, 50)
    # know the AVG and an explicit 'no': 85 + 40 - 100 = 25 .. min(85, 40) = 40
    assert result["explicit_no_options"] == ["no"] and result["a_no_bounds"] == (25, 40)
    n = min(data.n_for(survey, "avg_awareness", scenario), data.n_for(survey, "handles_differently", scenario))
    assert result["n_paired"] == n == 280
    # 85% and 50% of 280: 238 and 140; overlap from 238 + 140 - 280 = 98 to 140
    assert (result["count_a"], result["count_b"]) == (238, 140)
    tables = {"min_overlap": np.array([[98, 140], [42, 0]]), "max_overlap": np.array([[140, 98], [0, 42]])}
    for name, table in tables.items():
        assert np.array_equal(result["joint_tables"][name], table)
        expected = mcnemar(table, exact=True)
        assert result["mcnemar"][name]["pvalue"] == pytest.approx(expected.pvalue)
        assert result["mcnemar"][name]["statistic"] == expected.statistic
    assert result["mcnemar_p_max"] == pytest.approx(mcnemar(tables["min_overlap"], exact=True).pvalue)
    assert result["mcnemar_p_max"] < 1e-10
    assert result["difference_significant_at_all_joints"] is True
    # kind 3 (issue 19): when 'handles differently' has more respondents than the common group of 280,
    # its 50% is a share of all of them; a group of 280 can hold far fewer or more 'yes': nothing follows
    own_n = data.n_for(survey, "handles_differently", scenario)
    if own_n > n:
        assert result["subsets"]["b"]["n_full"] == own_n
        low, high = result["subsets"]["b"]["count_range"]
        assert (low, high) == paired.subset_count_range(n, own_n, result["subsets"]["b"]["count_range_full"])
        assert result["subset_a_not_b_bounds"][0] == 0
        assert result["difference_significant_at_all_joints_and_counts"] is False
        assert result["mcnemar_p_max_over_counts"] == 1.0
    else:
        assert result["subsets"] == {}
        assert result["difference_significant_at_all_joints_and_counts"] is True
    # the bases are checked first: the AVG item has no published n, so the common base is assumed
    assert result["bases"]["known_a"] is False and result["bases"]["same_base"] is False
    assert result["common_base_assumed"] is True and result["bases"]["only_one_at_least"] is None
    assert result["bases"]["n_b"] == data.n_for(survey, "handles_differently", scenario)


def test_comparison_frame(survey):
    result = paired.marginal_comparison(survey, AVG, HANDLES, Settings())
    frame = paired.comparison_frame(result).set_index("quantity")
    # 'handles differently' (475) bounded in the group of 280 first: 39..241 'yes', 238 know the AVG
    assert tuple(frame.loc["a_not_b", ["low", "high"]]) == pytest.approx((0, 100 * min(239, 280 - 39) / 280))
    assert tuple(frame.loc["a_not_b", ["low", "high"]]) == result["subset_a_not_b_bounds"]
    assert tuple(frame.loc["a_explicit_no", ["low", "high"]]) == result["subset_a_no_bounds"]
    assert frame.loc["mcnemar_max_over_counts", "pvalue"] == result["mcnemar_p_max_over_counts"] == 1.0


def test_comparison_ignores_dont_know_setting(survey):
    keep = paired.marginal_comparison(survey, AVG, HANDLES, Settings(dont_know="keep"))
    exclude = paired.marginal_comparison(survey, AVG, HANDLES, Settings(dont_know="exclude"))
    assert keep["a_not_b_bounds"] == exclude["a_not_b_bounds"] and keep["mcnemar_p_max"] == exclude["mcnemar_p_max"]


def test_small_difference_is_not_significant_everywhere(survey):
    """Shares of 52% and 50% at n=280: significant at some joint tables only, so the flag is False."""
    close = survey_with(survey, "avg_awareness", percents=[52])
    result = paired.marginal_comparison(close, AVG, HANDLES, Settings())
    assert result["mcnemar_p_min"] < 0.05 < result["mcnemar_p_max"]
    assert result["difference_significant_at_all_joints"] is False


# ---------------------------------------------------------------- memoised per survey

def test_share_table_is_built_once_per_settings_and_copied(survey):
    settings = Settings(n_scenario="attrition", ci_method="beta")
    first = stats.share_table(survey, "skills_sufficient", settings)
    assert ("share_table", "skills_sufficient", settings) in survey.views
    first.loc[0, "share"] = -1.0  # a caller's edit must not reach the next caller
    again = stats.share_table(survey, "skills_sufficient", settings)
    assert again is not first and again.loc[0, "share"] == 46
    pd.testing.assert_frame_equal(again, stats._share_table(survey, "skills_sufficient", settings))
    # other settings, and an edited copy of the survey, get their own table
    wilson = stats.share_table(survey, "skills_sufficient", Settings(n_scenario="attrition"))
    assert wilson["ci_low"].iloc[0] == pytest.approx(library_interval(wilson["count"].iloc[0], wilson["n"].iloc[0],
                                                                      "wilson", 0.95)[0])
    assert wilson["ci_low"].iloc[0] != again["ci_low"].iloc[0]
    changed = survey_with(survey, "skills_sufficient", percents=[45, 36, 4, 14, 1])
    assert list(stats.share_table(changed, "skills_sufficient", settings)["percent"]) == [45, 36, 4, 14, 1]


def test_marginal_comparison_is_built_once_and_copied(survey, monkeypatch):
    calls = []
    real = paired.mcnemar_test
    monkeypatch.setattr(paired, "mcnemar_test", lambda table: calls.append(table.copy()) or real(table))
    close = survey_with(survey, "avg_awareness", percents=[52])
    result = paired.marginal_comparison(close, AVG, HANDLES, Settings())
    # each exact McNemar test at most once: one per pair of discordant cells (A only, B only)
    pairs = {(int(t[0, 1]), int(t[1, 0])) for t in calls}
    assert len(calls) == len(pairs) > 0
    n = result["n_paired"]
    result["a"]["share"] = 0.0
    result["joint_tables"]["min_overlap"][0, 0] = -1
    again = paired.marginal_comparison(close, AVG, HANDLES, Settings(dont_know="exclude"))
    assert len(calls) == len(pairs)  # from the memo: dont_know does not change the comparison
    count_a, count_b = again["count_a"], again["count_b"]
    assert again["a"]["share"] == 52
    assert again["joint_tables"]["min_overlap"][0, 0] == count_a + count_b - n == 6  # 146 + 140 - 280
    assert again["mcnemar_p_min"] < 0.05 < again["mcnemar_p_max"]


# ---------------------------------------------------------------- table layout and point counts

@pytest.mark.parametrize("question_id", CHART_QUESTIONS)
def test_share_table_columns_and_rows(survey, question_id):
    table = stats.share_table(survey, question_id, Settings(lang="en"))
    assert list(table.columns) == stats.TABLE_COLUMNS
    assert (table["question_id"] == question_id).all()
    extra = [] if stats.is_complete(published(survey, question_id)["percent"]) else [stats.UNPUBLISHED]
    assert list(table["option"].astype(str)) == list(published(survey, question_id)["option_id"]) + extra
    assert list(table["option_order"]) == list(range(1, len(table) + 1))


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10), st.integers(0, 100)), min_size=1, max_size=6),
       st.data())
def test_nearest_counts_stays_in_range_and_sums_to_n(ranges, draw):
    minimum = [low for low, _, _ in ranges]
    maximum = [low + width for low, width, _ in ranges]
    percents = [percent for _, _, percent in ranges]
    n = draw.draw(st.integers(max(1, sum(minimum)), max(1, sum(maximum))))
    if n > sum(maximum):
        return  # every range is (0, 0): no positive n fits
    result = stats.nearest_counts(percents, minimum, maximum, n)
    assert sum(result) == n
    assert all(low <= value <= high for value, low, high in zip(result, minimum, maximum))
    start = [min(max(nearest_half_up(p, n), low), high) for p, low, high in zip(percents, minimum, maximum)]
    if sum(start) == n:  # the nearest counts, clipped, already add up: nothing to move
        assert list(result) == start
    else:  # counts only move one way, towards n
        up = sum(start) < n
        assert all((value >= first) if up else (value <= first) for value, first in zip(result, start))


@pytest.mark.parametrize("args, message", [
    # the ranges hold 3..7 in total: 8 respondents cannot be placed
    (([50, 50], [1, 2], [3, 4], 8), "n=8 is not allowed; allowed: from sum(minimum)=3 to sum(maximum)=7, "
                                    "the only totals a vector within the ranges can have"),
    (([50, 50], [1, 2], [3, 4], 2), "n=2 is not allowed; allowed: from sum(minimum)=3 to sum(maximum)=7, "
                                    "the only totals a vector within the ranges can have"),
    (([50, 50], [1, 5], [3, 4], 6), "minimum[1]=5 is not allowed with maximum[1]=4; allowed: minimum[1] <= maximum[1]"),
    (([50], [1, 2], [3, 4], 5), "percents, minimum and maximum have 1, 2 and 2 entries; "
                                "allowed: the same number (one per row)"),
])
def test_nearest_counts_says_what_is_impossible(args, message):
    with pytest.raises(ValueError) as error:
        stats.nearest_counts(*args)
    assert str(error.value) == message


def test_joint_table_names_the_bad_value():
    assert np.array_equal(paired.joint_table(280, 238, 140, 98), [[98, 140], [42, 0]])
    with pytest.raises(ValueError) as error:
        paired.joint_table(280, 238, 140, 97)
    assert str(error.value) == ("both=97 is not allowed; allowed: from 98 to 140, the overlaps count_a=238 and "
                                "count_b=140 of n=280 allow")
    with pytest.raises(ValueError, match=r"count_b=281 is not allowed; allowed: a count from 0 to n=280"):
        paired.joint_table(280, 238, 281, 238)


def nearest_by_enumeration(percents, minimum, maximum, n) -> tuple[int, ...]:
    """Independent oracle of :func:`stats.nearest_counts`: every vector within the ranges summing to n,
    the least squared distance ``sum((percent * n - 100 * count) ** 2)`` to the targets (integers, so ties
    are exact); among ties, counts taken off the first options when the nearest counts overshoot n, added
    to them when they fall short (lexicographically smallest, resp. largest)."""
    best, best_cost = [], None
    def walk(i, prefix, total):
        nonlocal best, best_cost
        if i == len(percents):
            if total == n:
                cost = sum((p * n - 100 * c) ** 2 for p, c in zip(percents, prefix))
                if best_cost is None or cost < best_cost:
                    best, best_cost = [tuple(prefix)], cost
                elif cost == best_cost:
                    best.append(tuple(prefix))
            return
        rest_low, rest_high = sum(minimum[i + 1:]), sum(maximum[i + 1:])
        for count in range(minimum[i], maximum[i] + 1):
            if rest_low <= n - total - count <= rest_high:
                walk(i + 1, [*prefix, count], total + count)
    walk(0, [], 0)
    start = sum(min(max(nearest_half_up(p, n), low), high) for p, low, high in zip(percents, minimum, maximum))
    return min(best) if start > n else max(best)


def test_nearest_counts_breaks_exact_ties_at_the_first_option():
    """A worked example (the article's government_keeps_up figures at n = 280, typed as inputs): the targets
    19.6, 75.6, 53.2, 100.8, 25.2, 5.6 round to a total of 281; options 1, 2 and 6 all sit 0.4 above their
    target, so the first gives one up. (With float targets, 19.6 - 20 and 75.6 - 76 differ in the last
    bits and picked option 2.)"""
    percents = [7, 27, 19, 36, 9, 2]
    found = counts.compatible_counts(percents, 280)
    assert stats.nearest_counts(percents, found.minimum, found.maximum, 280) == (19, 76, 53, 101, 25, 6)
    assert nearest_by_enumeration(percents, found.minimum, found.maximum, 280) == (19, 76, 53, 101, 25, 6)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_table_counts_are_the_nearest_vector_by_enumeration(survey, scenario):
    """For any data: every complete question's point counts in the tables are the enumeration's nearest vector."""
    checked = 0
    for question_id in survey.questions["question_id"]:
        rows = published(survey, question_id)
        percents, n = [int(p) for p in rows["percent"]], data.n_for(survey, question_id, scenario)
        found = counts.compatible_counts(percents, n)
        if (rows["form"] != "numeral").any() or not found.exists:
            continue
        table = stats.share_table(survey, question_id, Settings(n_scenario=scenario))
        assert list(table["percent"]) == percents and (table["n"] == n).all()
        assert tuple(table["count"]) == nearest_by_enumeration(percents, found.minimum, found.maximum, n), question_id
        checked += 1
    assert checked >= 5


# ---------------------------------------------------------------- issue 19 kind 3: a share of one base in a subset

def test_subset_count_range_the_issue_example():
    assert paired.subset_count_range(280, 475, (237, 237)) == (42, 237)
    with pytest.raises(ValueError, match="n_subset"):
        paired.subset_count_range(500, 475, (237, 237))


@given(st.integers(1, 60), st.integers(0, 60), st.data())
def test_subset_count_range_is_exactly_what_subsets_can_hold(n_full, count, draw):
    """Brute force: every count a subset can hold is inside the range, and both ends are attained."""
    count = min(count, n_full)
    n_subset = draw.draw(st.integers(1, n_full))
    low, high = paired.subset_count_range(n_subset, n_full, (count, count))
    held = {k for k in range(0, n_subset + 1) if k <= count and n_subset - k <= n_full - count}
    assert held == set(range(low, high + 1))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_joint_statement_takes_a_share_of_one_base_for_a_subset(survey, scenario):
    """Property over every pair the package compares jointly and every scenario: the counts a joint
    statement uses for an item with more respondents than the common group lie within what a group
    of that size can hold, and reach both ends of it (no share of n_full imposed on the group)."""
    pairs = [(AVG, HANDLES), (("skills_sufficient", ["strongly_agree", "agree"]), ("training_courses", ["no"])),
             (("prepared_digital", ["very_well", "well"]), ("government_keeps_up", ["certainly", "probably"]))]
    for a, b in pairs:
        result = paired.marginal_comparison(survey, a, b, Settings(n_scenario=scenario))
        n = result["n_paired"]
        for side, (question_id, options) in (("a", a), ("b", b)):
            own_n = result["bases"][f"n_{side}"]
            if own_n > n:
                full = stats.combined_share(survey, question_id, options, Settings(n_scenario=scenario))
                expected = paired.subset_count_range(n, own_n, (int(full["count_min"]), int(full["count_max"])))
                assert result[f"count_{side}_range"] == expected, (question_id, scenario)
            else:
                assert side not in result["subsets"]
