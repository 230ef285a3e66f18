"""The multiverse grid, checked against a direct recomputation with the ordinary stats and audit functions."""

from __future__ import annotations


import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from helpers.core import data, params
from helpers.display import robustness
from helpers.inference import exact, multiplicity, stats
from helpers.sensitivity import multiverse
from helpers.audit.claims import check_claims


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
    total = 6 * 3 * 2 * len(survey.scenarios) * 2 * 3
    readings = multiverse.readings(survey)
    assert len(readings) == total == len(readings.drop_duplicates())
    questions = len(survey.questions)
    assert len(result.findings) == total * questions
    assert len(result.verdicts) == total * len(multiverse.verbal_claims(survey))
    assert len(result.statuses) == len(survey.scenarios) * 2 * 3 * 3 * len(survey.claims)
    assert set(result.summary["readings"]) == {total}


def test_every_interval_tested_verbal_claim_is_in_the_family(survey):
    checked = check_claims(survey, params.Settings())
    assert list(multiverse.verbal_claims(survey)["claim_id"]) == list(
        checked.loc[checked["holds_in_ci"] != "", "claim_id"])


# ---------------------------------------------------------------- a sample of grid points, recomputed

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


def test_verdicts_match_check_claims_under_the_readings_settings(survey, result):
    grid = result.verdicts
    keys = _sample(grid.drop_duplicates(multiverse.READING_COLUMNS), 6, 2)
    for _, reading in keys.iterrows():
        settings = multiverse.settings_of(reading)
        checked = check_claims(survey, settings)
        direct = multiplicity.holm(survey, checked, settings)
        mask = np.logical_and.reduce([grid[c] == reading[c] for c in multiverse.READING_COLUMNS])
        mine = grid[mask].set_index("claim_id")
        assert dict(zip(checked["claim_id"], checked["holds_in_ci"])) == {
            **{c: "" for c in checked["claim_id"]}, **mine["holds_in_ci"].to_dict()}
        direct = direct.set_index("claim_id").loc[mine.index]
        assert np.allclose(mine["p_value"], direct["p_value"])
        assert list(mine["survives"]) == list(direct["survives"])


def test_statuses_match_check_claims(survey, result):
    # every status under the choices the grid varies it by, against the audit run with those settings
    # (the claims on a scale's balance change with the level and design effect: a new reading must show it)
    for scenario, confidence, deff in ((s, c, d) for s in survey.scenarios for c in (0.9, 0.99) for d in (1.0, 2.0)):
        settings = params.Settings(n_scenario=scenario, rounding="half_even", confidence=confidence, deff=deff)
        checked = check_claims(survey, settings)
        mine = result.statuses[(result.statuses["n_scenario"] == scenario)
                               & (result.statuses["rounding"] == "half_even")
                               & (result.statuses["confidence"] == confidence) & (result.statuses["deff"] == deff)]
        assert dict(zip(mine["claim_id"], mine["status"])) == dict(zip(checked["claim_id"], checked["status"]))


def test_no_status_depends_on_a_choice_the_grid_leaves_out(survey):
    # the interval method is not a status dimension: under every method, every status equals the reference
    # one. Don't-know "exclude" re-bases a share on those with an opinion: a different estimand, which may
    # change a verdict, but only of a claim whose item (or other item) has a don't-know option.
    has_dont_know = {q for q in survey.questions["question_id"] if (data.options(survey, q)["kind"] == "dont_know").any()}
    claims = survey.claims.set_index("claim_id")
    for scenario in survey.scenarios:
        reference = check_claims(survey, params.Settings(n_scenario=scenario, rounding="half_up"))
        for method in params.CI_METHODS:
            for dont_know in params.DONT_KNOW:
                settings = params.Settings(n_scenario=scenario, rounding="half_up", ci_method=method,
                                           dont_know=dont_know)
                statuses = list(check_claims(survey, settings)["status"])
                changed = [c for c, a, b in zip(reference["claim_id"], reference["status"], statuses) if a != b]
                if dont_know == "keep":
                    assert changed == [], (scenario, method)
                for claim_id in changed:
                    items = {claims.at[claim_id, "question_id"], claims.at[claim_id, "other_question_id"]}
                    assert items & has_dont_know, (scenario, method, claim_id)


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
    for question_id in survey.questions["question_id"]:
        rows = grid[grid["question_id"] == question_id]
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


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_display_in_each_language_and_exports(survey, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    settings = params.Settings(lang=lang)
    text = robustness.multiverse_summary(survey, settings)
    total = len(multiverse.readings(survey))
    assert text.startswith(f"{total} {'lezingen' if lang == 'nl' else 'readings'}")
    table = robustness.multiverse_table(survey, settings)
    assert len(table) >= len(survey.questions)
    robustness.multiverse_exports(survey)
    import pandas as pd
    exported = pd.read_csv(tmp_path / "tables" / "07_multiverse_findings.csv")
    assert len(exported) == total * len(survey.questions)
    robustness.multiverse_chart(survey, settings)
    assert (tmp_path / "figures" / "07_multiverse.png").exists()
