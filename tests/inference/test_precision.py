"""The design effect (effective sample size n / deff) and the precision tables, against statsmodels."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.power import NormalIndPower, zt_ind_solve_power
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportion_effectsize

from helpers.core import data, params
from helpers.display import robustness
from helpers.words import robustness_text
from helpers.inference import comparisons, paired, precision, stats
from oracles import point

METHODS = params.CI_METHODS


# ---------------------------------------------------------------- the deff hook

@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("deff", [1.0, 1.5, 2.0, 3.7])
def test_interval_uses_the_effective_sample_size(method, deff):
    count, nobs = 227, 475
    settings = params.Settings(ci_method=method, deff=deff, confidence=0.9)
    low, high = stats.interval(count, nobs, settings)
    if method == "binom_test":  # whole effective counts, rounded half-up
        n_eff = math.floor(nobs / deff + 0.5)
        expected = proportion_confint(math.floor(count * n_eff / nobs + 0.5), n_eff, alpha=0.1, method=method)
    else:
        expected = proportion_confint(count / deff, nobs / deff, alpha=0.1, method=method)
    assert (low, high) == pytest.approx((expected[0] * 100, expected[1] * 100), abs=1e-9)


@pytest.mark.parametrize("method", METHODS)
def test_deff_one_leaves_every_interval_as_it_was(method):
    for count, nobs in ((0, 280), (5, 280), (140, 280), (577, 577)):
        low, high = proportion_confint(count, nobs, alpha=0.05, method=method)
        assert stats.interval(count, nobs, params.Settings(ci_method=method)) == pytest.approx((low * 100, high * 100))


@pytest.mark.parametrize("method", METHODS)
def test_a_larger_deff_never_narrows_an_interval(method):
    for count in (3, 50, 140, 250):
        widths = [np.subtract(*stats.interval(count, 280, params.Settings(ci_method=method, deff=d))[::-1])
                  for d in (1.0, 1.5, 2.0)]
        assert widths[0] <= widths[1] + 1e-9 <= widths[2] + 2e-9


def test_effective_counts_errors_name_the_value():
    with pytest.raises(ValueError, match="deff=0.5"):
        stats.effective_counts(10, 100, 0.5, "wilson")
    with pytest.raises(ValueError, match="count=120"):
        stats.effective_counts(120, 100, 1.0, "wilson")


def test_every_table_interval_is_at_n_over_deff(survey):
    """A property over every question and option: share_table and combined_share go through the hook."""
    for question_id in survey.questions["question_id"]:
        for method in ("wilson", "beta"):
            settings = params.Settings(ci_method=method, deff=2.0)
            table = stats.share_table(survey, question_id, settings)
            for _, row in table.iterrows():
                low, high = proportion_confint(row["count"] / 2.0, row["n"] / 2.0, alpha=0.05, method=method)
                assert (row["ci_low"], row["ci_high"]) == pytest.approx((low * 100, high * 100)), (question_id, row["option"])
            # simultaneous: the per-option interval for two options, Bonferroni-adjusted beta for more, at n / deff
            k, total = len(table), int(table["count"].sum())
            expected = [proportion_confint(c / 2.0, total / 2.0, alpha=0.05 if k == 2 else 0.05 / k,
                                           method=method if k == 2 else "beta") for c in table["count"]]
            assert np.allclose(table[["sim_low", "sim_high"]].to_numpy(), np.array(expected) * 100), question_id


def test_balance_interval_uses_the_effective_sample_size():
    diff, low, high = stats.balance_interval(200, 100, 500, 0.05, 2.0)
    p1, p2 = 0.4, 0.2
    se = ((p1 + p2 - (p1 - p2) ** 2) / 250) ** 0.5
    assert (diff, low, high) == pytest.approx((20.0, (0.2 - 1.959963984540054 * se) * 100,
                                               (0.2 + 1.959963984540054 * se) * 100))


def test_mcnemar_uses_the_effective_table():
    table = np.array([[200, 80], [30, 165]])
    expected = mcnemar(np.array([[100, 40], [15, 83]]), exact=True)  # halves, rounded half-up (82.5 -> 83)
    assert paired.mcnemar_test(table, 2.0) == pytest.approx((expected.statistic, expected.pvalue))
    assert paired.mcnemar_test(table) == pytest.approx((mcnemar(table, exact=True).statistic,
                                                       mcnemar(table, exact=True).pvalue))


def test_marginal_comparison_p_values_grow_with_deff(survey):
    pair = (("avg_awareness", ["yes"]), ("handles_differently", ["yes"]))
    p = [paired.marginal_comparison(survey, *pair, params.Settings(deff=d))["mcnemar_p_max"] for d in (1.0, 2.0, 8.0)]
    assert p[0] <= p[1] <= p[2] and p[0] < p[2]


# ---------------------------------------------------------------- power and detectable differences

@pytest.mark.parametrize("deff", [1.0, 2.0])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_independent_mdd_matches_statsmodels_power(confidence, deff):
    settings = params.Settings(confidence=confidence, deff=deff)
    for share, n_a, n_b in ((81.0, 577, 280), (34.0, 517, 517), (50.0, 280, 475), (9.0, 577, 391)):
        mdd = precision.mdd_independent(share, n_a, n_b, settings)
        other = share + mdd if share < 50 else share - mdd
        h = proportion_effectsize(share / 100, other / 100)
        expected_h = zt_ind_solve_power(effect_size=None, nobs1=n_a / deff, alpha=1 - confidence, power=0.8,
                                        ratio=n_b / n_a)
        assert abs(h) == pytest.approx(expected_h, rel=1e-6)
        achieved = NormalIndPower().power(abs(h), nobs1=n_a / deff, alpha=1 - confidence, ratio=n_b / n_a)
        assert achieved == pytest.approx(0.8, abs=1e-4)


def test_paired_mdd_has_80_percent_power_by_simulation():
    """The multinomial formula checked by simulation: at p1 - p2 = mdd the z-test rejects ~80% of the time."""
    settings = params.Settings(deff=1.0)
    n, total = 400, 0.6
    mdd = precision.mdd_paired(30.0, 30.0, n, settings) / 100
    p1, p2 = (total + mdd) / 2, (total - mdd) / 2
    rng = np.random.default_rng(11)
    draws = rng.multinomial(n, [p1, p2, 1 - p1 - p2], size=20000)
    a, b = draws[:, 0] / n, draws[:, 1] / n
    z = (a - b) / np.sqrt((a + b - (a - b) ** 2) / n)
    power = np.mean(np.abs(z) > 1.959963984540054)
    assert power == pytest.approx(0.8, abs=0.02)


def test_paired_mdd_scales_with_the_effective_n():
    one = precision.mdd_paired(40.0, 20.0, 500, params.Settings())
    two = precision.mdd_paired(40.0, 20.0, 250, params.Settings())
    assert precision.mdd_paired(40.0, 20.0, 500, params.Settings(deff=2.0)) == pytest.approx(two)
    assert one < two


def test_half_width_at_50_is_the_interval_at_half(survey):
    settings = params.Settings(deff=1.5)
    low, high = proportion_confint(140 / 1.5, 280 / 1.5, alpha=0.05, method="wilson")
    assert precision.half_width(50.0, 280, settings) == pytest.approx((high - low) * 50)


@pytest.mark.parametrize("deff", [1.0, 2.0])
def test_precision_rows_of_every_question(survey, deff):
    """A property over all questions: each row's numbers equal the functions they come from."""
    settings = params.Settings(deff=deff)
    table = precision.precision_table(survey, precision.section_questions(survey), settings)
    assert list(table["question_id"]) == list(survey.questions["question_id"])
    for _, row in table.iterrows():
        shares = stats.share_table(survey, row["question_id"], settings)
        widths = (shares["ci_high"] - shares["ci_low"]) / 2
        assert row["half_width_min"] == pytest.approx(widths.min())
        assert row["half_width_max"] == pytest.approx(widths.max())
        assert row["n_effective"] == pytest.approx(row["n"] / deff)
        assert row["half_width_50"] >= row["half_width_max"] - 1e-9
        assert row["mdd_independent"] == pytest.approx(
            precision.mdd_independent(row["headline_share"], row["n"], row["versus_n"], settings))
        if isinstance(row["diff_verdict"], str):
            test = precision.difference_over_counts(survey, row["question_id"], row["option_a"].split(" + "),
                                                    row["option_b"].split(" + "), settings)
            assert row["diff_verdict"] == test["verdict"]
            assert row["share_a"] == pytest.approx(100 * row["count_a"] / row["n"])


def test_article_comparisons_against_detectable_difference(survey):
    table = comparisons.claim_comparisons(survey, params.Settings())
    assert set(table["claim_id"]) == {"lead_avg_vs_behaviour", "prepared_more_positive"}
    row = table.set_index("claim_id").loc["lead_avg_vs_behaviour"]
    # shares from the point counts, never the printed figures
    (count_a, n_a), (count_b, n_b) = point(survey, "avg_awareness", "yes"), point(survey, "handles_differently", "yes")
    assert (row["share_a"], row["share_b"], row["n_a"], row["n_b"]) == pytest.approx(
        (100 * count_a / n_a, 100 * count_b / n_b, n_a, n_b))
    assert row["difference"] == pytest.approx(100 * count_a / n_a - 100 * count_b / n_b)
    # the standard error holds whatever the overlap: the sum of the two Wald half-widths (statsmodels), wider
    # than the independent-samples interval
    half = sum((high - low) / 2 for low, high in (proportion_confint(count_a, n_a, alpha=0.05, method="normal"),
                                                  proportion_confint(count_b, n_b, alpha=0.05, method="normal")))
    assert (row["low"], row["high"]) == pytest.approx((row["difference"] - 100 * half, row["difference"] + 100 * half))
    low, high = confint_proportions_2indep(count_a, n_a, count_b, n_b, method="wald", compare="diff")
    assert row["low"] < 100 * low and row["high"] > 100 * high
    assert row["verdict"] == ("differ" if row["low_range"] > 0 or row["high_range"] < 0 else row["verdict"])
    assert row["mdd"] == pytest.approx(precision.mdd_independent(100 * count_a / n_a, n_a, n_b, params.Settings()))


def test_deff_widening_table(survey):
    table = precision.deff_widening(survey, params.Settings())
    skills = table[table["question_id"] == "skills_sufficient"].set_index("deff")
    count, n = point(survey, "skills_sufficient", ["strongly_agree", "agree"])
    for deff in (1.0, 1.5, 2.0):
        low, high = proportion_confint(count / deff, n / deff, alpha=0.05, method="wilson")
        assert (skills.at[deff, "ci_low"], skills.at[deff, "ci_high"]) == pytest.approx((low * 100, high * 100))
    assert skills["half_width"].is_monotonic_increasing


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_precision_display_in_each_language(survey, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    settings = params.Settings(lang=lang, deff=1.5)
    shown = robustness.precision_table(survey, "trust", settings)
    wording = dict(zip(survey.questions["question_id"], survey.questions[f"wording_{lang}"]))
    assert list(shown.index) == [wording[q] for q in ("government_keeps_up", "prepared_digital", "more_ict_specialists")]
    decimal = "," if lang == "nl" else "."
    n = data.n_for(survey, "government_keeps_up")
    low, high = proportion_confint(0.5 * n / 1.5, n / 1.5, alpha=0.05, method="wilson")  # the +/- at 50%
    assert shown.iloc[0, 1] == f"{round(n / 1.5)}" and f"{100 * (high - low) / 2:.1f}".replace(".", decimal) == shown.iloc[0, 3]
    text = robustness.precision_findings(survey, "trust", settings)
    assert ("n / 1,5" if lang == "nl" else "n / 1.5") in text
    other = "en" if lang == "nl" else "nl"
    assert robustness_text.TEMPLATES["verdict.differ"][other] not in text.replace(
        robustness_text.TEMPLATES["verdict.differ"][lang], "")
    assert (tmp_path / "tables" / "precision_trust.csv").exists()


def test_every_template_in_both_languages_with_the_same_fields():
    from helpers.words import labels
    for key, entry in robustness_text.TEMPLATES.items():
        assert set(entry) == set(params.LANGUAGES), key
        assert labels.fields_of(key, robustness_text.TEMPLATES) == {
            name for _, name, _, _ in __import__("string").Formatter().parse(entry["nl"]) if name}, key


def test_data_text_in_the_precision_sentences_is_never_markup(survey, tmp_path, monkeypatch):
    """A label typed with markup (a kind of fault: any label, any question) shows as text."""
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    results = survey.results.copy()
    mask = (results["question_id"] == "handles_differently") & (results["option_id"] == "yes")
    results.loc[mask, "option_en"] = "<script>alert(1)</script> *yes*"
    questions = survey.questions.copy()
    questions.loc[questions["question_id"] == "handles_differently", "wording_en"] = "Do you *handle* <b>data</b>?"
    changed = dataclasses.replace(survey, results=results, questions=questions)
    text = robustness.precision_findings(changed, "security", params.Settings(lang="en"))
    assert "<script>" not in text and "*yes*" not in text and "<b>" not in text
    assert r"\<script\>alert(1)\</script\> \*yes\*" in text
    assert r"'Do you \*handle\* \<b\>data\</b\>?'" in text
