"""The multiverse grid, checked against a direct recomputation with the ordinary stats and audit functions."""

from __future__ import annotations


import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

import pandas as pd

from helpers.audit import verdicts
from helpers.core import params
from helpers.display import multiverse_report, robustness
from helpers.inference import exact, intervals, multiplicity, stats
from helpers.sensitivity import multiverse
from helpers.words import multiverse_text


@pytest.fixture(scope="module")
def result(survey):
    return multiverse.run(survey)


# ---------------------------------------------------------------- the fast exact interval

# Tolerances (never bit for bit across two implementations: scipy's special functions and numpy's
# and Python's powers may round differently per CPU, e.g. with AVX-512).
# P_RTOL: p-values are sums of a few pmf/cdf terms, each correct to a few ulp.
# ROOT_ATOL: brentq stops within xtol + rtol |x| = 2e-12 + 4 eps |x| of the root, so two correct
# root finders agree to about 4e-12; a wrong root (another bracket, a wrong tail) is off by far more.
P_RTOL = 1e-9
ROOT_ATOL = 1e-10


def test_binom_pvalue_agrees_with_scipy():
    rng = np.random.default_rng(11)
    for _ in range(2000):
        n = int(rng.integers(1, 700))
        k = int(rng.integers(0, n + 1))
        p = float(rng.random())
        assert exact.binom_pvalue(k, n, p) == pytest.approx(binomtest(k, n, p).pvalue, rel=P_RTOL, abs=1e-300), (k, n, p)
    for k, n, p in ((0, 10, 0.0), (10, 10, 1.0), (5, 10, 0.5), (3, 7, 3 / 7)):
        assert exact.binom_pvalue(k, n, p) == pytest.approx(binomtest(k, n, p).pvalue, rel=P_RTOL)


def test_binom_pvalues_at_once_agree_with_scipy():
    # the vectorised p-value (bisection for the other tail over all elements at once), including
    # tiny p where the pmf at k underflows (those go through the one-at-a-time reference)
    rng = np.random.default_rng(12)
    n = rng.integers(1, 700, 3000)
    k = np.array([int(rng.integers(0, m + 1)) for m in n])
    p = np.where(rng.random(3000) < 0.1, rng.random(3000) * 1e-3, rng.random(3000))
    p[:5] = k[:5] / n[:5]  # k == p n exactly
    got = exact.binom_pvalues(k, n, p)
    expected = np.array([binomtest(int(k[i]), int(n[i]), float(p[i])).pvalue for i in range(len(n))])
    np.testing.assert_allclose(got, expected, rtol=P_RTOL, atol=0)
    # the one-at-a-time reference and the vectorised path: one algorithm, so equal to a few ulp
    np.testing.assert_allclose(got[:200], [exact.binom_pvalue(int(k[i]), int(n[i]), float(p[i])) for i in range(200)],
                               rtol=1e-12, atol=0)


def _cubic(a, b, c):
    """x**3 + a x**2 + b x + c in Horner form: only + and *, which round alike on every CPU and in
    Python floats and numpy arrays, so both root finders see the same function values."""
    return lambda x: ((x + a) * x + b) * x + c


def test_brentq_at_once_is_scipys_on_the_same_evaluations():
    # the masked copy of scipy's brentq.c against scipy.optimize.brentq on many cubic functions,
    # evaluated alike: the same steps give the same roots
    rng = np.random.default_rng(13)
    a, b, c = rng.normal(size=(3, 400))
    roots = np.array([brentq(_cubic(a[i], b[i], c[i]), -20.0, 20.0) for i in range(400)])
    got = exact._brentq(lambda x, rows: _cubic(a[rows], b[rows], c[rows])(x), np.full(400, -20.0), np.full(400, 20.0))
    np.testing.assert_allclose(got, roots, rtol=0, atol=ROOT_ATOL)
    residual = _cubic(a, b, c)(got)
    assert np.all(np.abs(residual) < 1e-6), "a root that is not a root"
    with pytest.raises(ValueError, match="different signs"):
        exact._brentq(lambda x, rows: x * x + 1.0, np.array([-1.0]), np.array([1.0]))


def test_the_root_tolerance_catches_a_wrong_root():
    # the tolerance above is far tighter than any error that matters: a root found on a p-value
    # shifted by one count lies well outside it
    low, _ = exact.binom_test_intervals(100, 280, 0.05)
    shifted, _ = exact.binom_test_intervals(101, 280, 0.05)
    assert abs(shifted[0] - low[0]) > 1e3 * ROOT_ATOL


def _stratified_cases():
    """(count, nobs, alpha) cases for the exact intervals: a stratified sample, not a random heap.

    Every level the grid and the reports use (0.1, 0.05, 0.01); every stratum of n (tiny 1-10,
    the smallest compatible n of the items 10-100, the article's printed n 280-577); per n the edge
    counts (0, 1, n - 1, n), where the exact interval has its one-sided ends, and a share near 50%.
    About 70 intervals checked one by one against statsmodels, mixed in one call.
    """
    cases = []
    for alpha in (0.1, 0.05, 0.01):
        for n in (1, 10, 81, 280, 577):
            for count in sorted({0, 1, n // 2, n - 1, n}):
                cases.append((count, n, alpha))
    return cases


def test_binom_test_intervals_at_once_agree_with_statsmodels():
    # the stratified cases in one call, as the multiverse grid asks (mixed n and levels at once);
    # tolerance ROOT_ATOL (two correct root finders agree to ~4e-12; a wrong root is off by > 1e-7)
    count, nobs, alpha = (np.array(column) for column in zip(*_stratified_cases()))
    low, high = exact.binom_test_intervals(count, nobs, alpha)
    for i in range(len(count)):
        expected = proportion_confint(int(count[i]), int(nobs[i]), alpha=float(alpha[i]), method="binom_test")
        assert (low[i], high[i]) == pytest.approx((float(expected[0]), float(expected[1])), rel=0, abs=ROOT_ATOL), \
            (count[i], nobs[i], alpha[i])


def test_binom_test_interval_agrees_with_statsmodels():
    # the one-at-a-time path on the cases that matter: every level the reports use, the edge counts
    # and the article's printed n values (the stratified sample above covers the rest)
    for alpha in (0.1, 0.05, 0.01):
        for n in (7, 475):
            for count in sorted({0, 1, n // 2, n - 1, n}):
                low, high = proportion_confint(count, n, alpha=alpha, method="binom_test")
                assert exact.binom_test_interval(count, n, alpha) == pytest.approx((float(low), float(high)), rel=0,
                                                                                  abs=ROOT_ATOL), (count, n, alpha)


def test_binom_test_interval_rejects_fractions():
    with pytest.raises(ValueError, match="count=2.5"):
        exact.binom_test_interval(2.5, 10, 0.05)
    with pytest.raises(ValueError, match=r"count=12, nobs=10, alpha=0.05 \(element 1\) is not allowed"):
        exact.binom_test_intervals([3, 12], [10, 10], 0.05)


# ---------------------------------------------------------------- the grid's shape

def test_the_grid_covers_every_combination(survey, result):
    dims = multiverse.dimensions(survey)
    assert dims["n_scenario"] == tuple(survey.scenarios)
    assert dims["rounding"] == ("both", "half_up", "half_even")
    total = 6 * 3 * 2 * len(survey.scenarios) * 3 * 3
    readings = multiverse.readings(survey)
    assert len(readings) == total == len(readings.drop_duplicates())
    assert len(result.findings) == total * len(survey.questions)
    assert len(result.verdicts) == total * len(survey.claims)
    # the counts are over the readings that ask the same question (don't-know kept): half of them
    assert set(result.summary["readings"]) == {total // 2}


def test_the_reference_reading_is_the_reports_defaults():
    for column in multiverse.READING_COLUMNS:
        assert multiverse.REFERENCE[column] == params.DEFAULTS[column]
    assert multiverse.REFERENCE["rounding"] == "both"


# ---------------------------------------------------------------- findings, recomputed

def _sample(frame, size, seed):
    rng = np.random.default_rng(seed)
    return frame.iloc[sorted(rng.choice(len(frame), size=size, replace=False))]


def test_findings_match_combined_share_under_the_readings_settings(survey, result):
    grid = result.findings
    # every method at least once, and a random sample of the rest
    picks = [grid[grid["ci_method"] == method].iloc[[7, 401, 1400]] for method in params.CI_METHODS]
    rows = [r for frame in picks for _, r in frame.iterrows()] + [r for _, r in _sample(grid, 30, 1).iterrows()]
    for row in rows:
        settings = multiverse.settings_of(row)
        direct = stats.combined_share(survey, row["question_id"], row["options"].split(";"), settings)
        assert (row["share"], row["n"]) == (pytest.approx(direct["share"]), direct["n"])
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((direct["ci_low"], direct["ci_high"]), abs=1e-9), \
            dict(row)
        expected = {"majority": direct["ci_low"] > 50, "minority": direct["ci_high"] < 50,
                    "half": 45 <= direct["ci_low"] and direct["ci_high"] <= 55}[row["statement"]]
        assert row["holds"] == expected


# ---------------------------------------------------------------- verdicts: one decision rule with the audit

def _reading(grid, reading):
    mask = np.logical_and.reduce([grid[c] == reading[c] for c in multiverse.READING_COLUMNS])
    return grid[mask].set_index("claim_id")


def test_06_and_07_agree_on_the_default_reading(survey, result):
    # the grid's reference row is exactly the audit that 06 renders, outcome by outcome and Holm by Holm
    mine = _reading(result.verdicts, multiverse.REFERENCE)
    audit = verdicts.verdicts(survey, params.Settings()).set_index("claim_id")
    assert list(mine.index) == list(audit.index)
    assert dict(mine["outcome"]) == dict(audit["outcome"])
    holm = robustness.holm_numbers(survey, params.Settings()).set_index("hypothesis_id")
    family = mine[mine["p_value"].notna()].set_index("hypothesis_id")
    assert sorted(family.index) == sorted(holm.index)
    np.testing.assert_allclose(family.loc[holm.index, "p_holm"], holm["p_holm"], rtol=1e-9)
    assert list(family.loc[holm.index, "survives"]) == list(holm["survives"])


def _stratified_readings(survey):
    """Every value of every dimension at least once (each changed alone from the reference), plus a
    seeded sample of combinations: the cases that matter and a spread of the rest."""
    dims = multiverse.dimensions(survey)
    picks = [dict(multiverse.REFERENCE, **{column: value}) for column in multiverse.READING_COLUMNS
             for value in dims[column]]
    sample = multiverse.readings(survey).sample(12, random_state=5).to_dict("records")
    return picks + sample


def test_every_verdict_is_the_audits_under_the_readings_settings(survey, result):
    for reading in _stratified_readings(survey):
        settings = multiverse.settings_of(reading)
        audit = verdicts.verdicts(survey, settings)
        mine = _reading(result.verdicts, reading)
        assert dict(mine["outcome"]) == dict(zip(audit["claim_id"], audit["outcome"])), reading
        family = verdicts.holm(verdicts.holm_family(audit), settings.alpha).set_index("hypothesis_id")
        held = mine[mine["p_value"].notna()].set_index("hypothesis_id").loc[family.index]
        np.testing.assert_allclose(held["p_value"], family["p_value"], rtol=1e-9)
        np.testing.assert_allclose(held["p_holm"], family["p_holm"], rtol=1e-9)
        assert list(held["survives"]) == list(family["survives"]), reading


def test_primed_exact_intervals_are_statsmodels(survey):
    # the batch of exact intervals the grid computes first agrees with statsmodels one by one
    settings = params.Settings(ci_method="binom_test", confidence=0.99, deff=1.5, n_scenario="smallest")
    requests = verdicts.interval_requests(survey, settings)
    assert requests, "the audit asks for proportion intervals"
    intervals._INTERVALS.clear()
    assert intervals.prime(requests) > 0
    for count, nobs, method, alpha, deff in requests[:12]:
        effective = intervals.effective_counts(count, nobs, deff, method)
        expected = proportion_confint(*effective, alpha=alpha, method=method)
        got = intervals.proportion_interval(count, nobs, method, alpha, deff)
        assert got == pytest.approx((expected[0] * 100, expected[1] * 100), rel=0, abs=ROOT_ATOL * 100)


def test_no_verdict_gets_stronger_when_the_intervals_widen(survey, result):
    # a higher level, a larger design effect or a smaller n never turns an undetermined verdict decisive
    grid = result.verdicts
    wider = [("confidence", 0.95, 0.99), ("deff", 1.0, 2.0), ("n_scenario", "layout", "smallest")]
    for column, narrow, wide in wider:
        base = _reading(grid, dict(multiverse.REFERENCE, **{column: narrow}))
        widened = _reading(grid, dict(multiverse.REFERENCE, **{column: wide}))
        for claim_id in base.index:
            if base.at[claim_id, "outcome"] == "undetermined":
                assert widened.at[claim_id, "outcome"] == "undetermined", (column, claim_id)


def test_a_dont_know_change_is_another_question_not_a_flip(survey, result):
    summary = result.summary
    assert not summary["flipped_by"].str.contains("dont_know").any()
    reference = _reading(result.verdicts, dict(multiverse.REFERENCE, dont_know="exclude"))
    rows = summary[summary["kind"] == "verdict"].set_index("item")
    assert dict(rows["estimand"]) == dict(reference["outcome"])


# ---------------------------------------------------------------- vectorised helpers against statsmodels

def test_score_p_is_proportions_ztest():
    for count, n, t in ((467, 577, 66.67), (40.5, 140.2, 50.0), (3, 280, 25.0)):
        for larger in (True, False):
            _, expected = proportions_ztest(count, n, value=t / 100, alternative="larger" if larger else "smaller",
                                            prop_var=t / 100)
            assert multiplicity.score_p(count, n, t, larger) == pytest.approx(expected, rel=1e-12)


def test_holm_adjust_is_multipletests_row_by_row():
    rng = np.random.default_rng(3)
    p = rng.random((12, 13)) ** 3
    p[0, :4] = p[0, 4]  # ties
    reject, adjusted = multiplicity.holm_adjust(p, 0.05)
    for row in range(len(p)):
        expected = multipletests(p[row], alpha=0.05, method="holm")
        assert np.allclose(adjusted[row], expected[1])
        assert list(reject[row]) == list(expected[0])


# ---------------------------------------------------------------- the summary

def test_summary_counts_and_single_flips(survey, result):
    summary = result.summary.set_index(["kind", "item"])
    grid = result.findings
    asked = grid[grid["dont_know"] == multiverse.REFERENCE["dont_know"]]
    for question_id in survey.questions["question_id"]:
        rows = asked[asked["question_id"] == question_id]
        ref = rows[np.logical_and.reduce([rows[c] == v for c, v in multiverse.REFERENCE.items()])]
        assert len(ref) == 1
        outcome = "holds" if ref["holds"].iloc[0] else "not shown"
        entry = summary.loc[("finding", question_id)]
        assert entry["reference"] == outcome
        assert entry["same"] == int((rows["holds"] == ref["holds"].iloc[0]).sum())
        for flip in filter(None, entry["flipped_by"].split(";")):
            column, value = flip.split("=")
            changed = {**multiverse.REFERENCE, column: type(multiverse.REFERENCE[column])(value)}
            row = rows[np.logical_and.reduce([rows[c] == v for c, v in changed.items()])]
            assert bool(row["holds"].iloc[0]) != bool(ref["holds"].iloc[0]), flip


def test_robust_findings_far_from_half_and_fragile_ones_near_it(result):
    """What the grid must show with the committed data: shares far from 50% are robust, those near it are not."""
    summary = result.summary[result.summary["kind"] == "finding"].set_index("item")
    robust = summary["same"] == summary["readings"]
    assert robust["skills_sufficient"] and robust["avg_awareness"] and robust["prepared_digital"]
    assert not robust["handles_differently"]
    assert "deff=2" in summary.at["handles_differently", "flipped_by"]


def test_the_verdicts_the_committed_data_must_give(result):
    """With the committed data: 'divided' is undetermined at the reports' defaults (an equivalence claim
    the data cannot show, and a negative side too near half for the side-by-side reading); only a
    narrower (90%) interval makes that second reading hold, so the verdict then depends on the reading;
    'half' is supported only where the intervals are narrow."""
    summary = result.summary[result.summary["kind"] == "verdict"].set_index("item")
    assert summary.at["keepup_divided", "reference"] == "undetermined"
    assert set(summary.at["keepup_divided", "flipped_by"].split(";")) <= {"confidence=0.9"}
    assert set(summary.at["keepup_divided", "outcomes"].split(";")) <= {
        f"undetermined:{summary.at['keepup_divided', 'same']}",
        f"depends_on_reading:{summary.at['keepup_divided', 'readings'] - summary.at['keepup_divided', 'same']}"}
    assert summary.at["handles_half", "reference"] == "supported"
    assert {"confidence=0.99", "deff=2"} <= set(summary.at["handles_half", "flipped_by"].split(";"))


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_display_in_each_language_and_exports(survey, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    settings = params.Settings(lang=lang)
    text = multiverse_report.multiverse_summary(survey, settings)
    total = len(multiverse.readings(survey))
    assert text.startswith(f"{total} {'lezingen' if lang == 'nl' else 'readings'}")
    table = multiverse_report.multiverse_table(survey, settings)
    assert len(table) >= len(survey.questions)
    multiverse_report.multiverse_exports(survey)
    exported = pd.read_csv(tmp_path / "tables" / "07_multiverse_findings.csv")
    assert len(exported) == total * len(survey.questions)
    exported = pd.read_csv(tmp_path / "tables" / "07_multiverse_verdicts.csv", keep_default_na=False)
    assert len(exported) == total * int((survey.claims["hypothesis_id"] != "").sum())
    assert not (tmp_path / "tables" / "07_multiverse_statuses.csv").exists()
    multiverse_report.multiverse_chart(survey, settings)
    assert (tmp_path / "figures" / "07_multiverse.png").exists()


def test_a_choice_is_called_inert_exactly_when_changing_it_alone_changes_no_outcome(survey, result):
    """Every grid choice, checked directly: for an inert one, each (kind, item, other choices) has one
    outcome over its values; for the others, some item's outcome changes with it. A planted change of
    one verdict's outcome at one rounding rule makes the rounding rule count again."""
    inert = multiverse.inert_choices(result.findings, result.verdicts)
    columns = multiverse.READING_COLUMNS
    for column in columns:
        others = [c for c in columns if c != column]
        varies = False
        for frame, item in ((result.findings.assign(outcome=result.findings["holds"]), "question_id"),
                            (result.verdicts, "claim_id")):
            spread = frame.groupby([item] + others)["outcome"].nunique()
            varies = varies or bool((spread > 1).any())
        assert (column in inert) == (not varies), column
    assert "rounding" in inert and "confidence" not in inert  # with the committed data
    planted = result.verdicts.copy()
    row = planted.index[(planted["rounding"] == "half_up")][0]
    planted.loc[row, "outcome"] = "contradicted" if planted.loc[row, "outcome"] != "contradicted" else "supported"
    assert "rounding" not in multiverse.inert_choices(result.findings, planted)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_summary_says_which_choice_changes_nothing_and_what_that_does_to_the_counts(survey, result, lang):
    sizes = {name: len(values) for name, values in multiverse.dimensions(survey).items()}
    inert = multiverse.inert_choices(result.findings, result.verdicts)
    times = int(np.prod([sizes[c] for c in inert]))
    asked = int(result.summary["readings"].iloc[0])
    summary = multiverse_report.multiverse_summary(survey, params.Settings(lang=lang))
    sentence = multiverse_text.inert_choices(result.findings, result.verdicts, sizes, asked, lang)
    assert sentence and sentence in summary
    assert multiverse_text.text("dimension.rounding", lang) in sentence
    assert f" {times} " in sentence and f"{asked // times} " in sentence and f" {asked} " in sentence
