"""The audit's interval verdicts as one family of tests, with Holm's family-wise correction.

A verbal claim whose rule is checked against a sampling interval (``holds_in_ci`` of
:func:`helpers.audit.claims.check_claims`: ``all``, ``some`` or ``none``) is a test: the interval lies
wholly inside the rule (``all``: the claim holds beyond sampling noise) or wholly outside it
(``none``: it fails beyond noise). Testing a dozen claims at once, some verdict is likely by
chance alone; Holm's step-down method (``statsmodels.stats.multitest.multipletests``,
``method="holm"``) keeps the family-wise error at ``settings.alpha``.

p-values (numbers only; the wording is in :mod:`helpers.display.robustness`), at Kish's effective sample
size ``n / settings.deff`` and with the point counts of :func:`helpers.inference.stats.combined_share`:

* a share against a threshold ``t``: the one-sided score test of a proportion
  (the statistic of ``statsmodels.stats.proportion.proportions_ztest`` with ``value = t`` and
  ``prop_var = t``, the test the Wilson interval inverts, computed on arrays by :func:`score_p`), doubled so that it matches a two-sided interval at the
  same level (a 95% interval excludes ``t`` on one side exactly when the one-sided p < 0.025);
* a rule on both poles (``divided``, ``positive_below_negative``): the audit reads it as the
  balance, positive minus negative share of all respondents (:func:`helpers.inference.stats.balance`), so
  the p-value is the Wald test of that difference (multinomial variance), doubled one-sided:
  "discouraging" holds when the difference is significantly below 0; "divided" fails when it is
  significantly different from 0 and holds otherwise, which no test can confirm (p = 1: an
  absence of evidence never survives a correction);
* a one-share rule of two conditions (``between``): the larger p of its conditions
  (intersection-union test); it fails when either fails: the smaller p of the failing directions.

The verdict's p is the p of the direction the interval decides (``all``: holds, ``none``: fails);
for ``some`` the smaller of the two (no verdict, listed for the family's size). With the Wilson
interval the uncorrected verdict and ``p < alpha`` agree up to the interval's continuity; other
interval methods can differ at the margin.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Mapping

import pandas as pd
import numpy as np
from scipy.special import ndtr
from statsmodels.stats.multitest import multipletests

from ..core import data
from . import stats
from ..core.params import Settings

HOLM_COLUMNS = ["claim_id", "rule_id", "test", "holds_in_ci", "direction", "p_value", "p_holm", "verdict",
                "survives"]


def score_p(count, n, threshold, larger: bool):
    """p of the one-sided score test that a share (count of n) is above (``larger``) or below ``threshold`` (%).

    The statistic of ``statsmodels``' ``proportions_ztest(count, n, value=t, alternative=...,
    prop_var=t)``, ``(count / n - t) / sqrt(t (1 - t) / n)``, computed on arrays (the tests check it
    against statsmodels); a threshold of 0% or 100% gives 0 or 1.
    """
    count, n, value = (np.asarray(x, dtype=float) for x in (count, n, np.asarray(threshold, dtype=float) / 100.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (count / n - value) / np.sqrt(value * (1 - value) / n)
    p = ndtr(-z) if larger else ndtr(z)  # norm.sf / norm.cdf without scipy's per-call overhead (the same floats)
    edge = 0.0 if larger else 1.0
    p = np.where(value <= 0, edge, np.where(value >= 1, 1.0 - edge, p))
    return float(p) if p.ndim == 0 else p


def _one_sided(count: float, n: float, threshold: float, larger: bool) -> float:
    return float(score_p(count, n, threshold, larger))


def holm_adjust(p_values: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Holm's step-down adjustment along the last axis: (reject, adjusted p), as ``multipletests(method="holm")``.

    Rows are families (shape (..., m)); the tests check every row against statsmodels, which
    handles one family per call.
    """
    p = np.asarray(p_values, dtype=float)
    m = p.shape[-1]
    order = np.argsort(p, axis=-1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=-1) * np.arange(m, 0, -1)
    adjusted_sorted = np.minimum(np.maximum.accumulate(ranked, axis=-1), 1.0)
    adjusted = np.empty_like(adjusted_sorted)
    np.put_along_axis(adjusted, order, adjusted_sorted, axis=-1)
    return adjusted <= alpha, adjusted


def _two_sided(p: float) -> float:
    return min(1.0, 2.0 * p)


Counts = Callable[[str, list[str]], tuple[float, float]]


def point_counts(survey: data.Survey, settings: Settings) -> Counts:
    """(question_id, options) -> (point count, n) of :func:`helpers.inference.stats.combined_share` under ``settings``."""
    def counts(question_id: str, options: list[str]) -> tuple[float, float]:
        _, count, n = stats.combined_point(survey, question_id, options, settings)
        return float(count), float(n)
    return counts


def claim_p_values(survey: data.Survey, claim: Mapping, settings: Settings,
                   counts: Counts | None = None, counts_keep: Counts | None = None) -> tuple[float, float]:
    """(p that the rule holds, p that it fails) for one verbal claim of ``claims.csv``; both doubled one-sided.

    ``counts`` gives a share's (point count, n) (default: :func:`point_counts` under ``settings``),
    ``counts_keep`` the same with don't-know kept (for the rules on both poles, which the audit reads
    as the balance of all respondents); both are divided by ``settings.deff`` (Kish).
    """
    source = counts or point_counts(survey, settings)

    def _counts(survey: data.Survey, question_id: str, options: list[str], settings: Settings) -> tuple[float, float]:
        count, n = source(question_id, list(options))
        return float(count) / settings.deff, float(n) / settings.deff

    rule = data.rule_row(survey, claim["rule_id"])
    test, lower, upper = rule["test"], float(rule["lower"]), float(rule["upper"])
    question_id = claim["question_id"]
    if test in ("between", "more_than", "at_least", "at_most"):
        count, n = _counts(survey, question_id, [o for o in claim["options"].split(";") if o], settings)
        above = lambda t: _one_sided(count, n, t, True)  # noqa: E731
        below = lambda t: _one_sided(count, n, t, False)  # noqa: E731
        if test == "between":
            holds, fails = max(above(lower), below(upper)), min(below(lower), above(upper))
        elif test == "at_most":
            holds, fails = below(upper), above(upper)
        else:
            holds, fails = above(lower), below(lower)
        return _two_sided(holds), _two_sided(fails)
    # both poles: the audit's balance reading, positive minus negative of all respondents (don't-know kept)
    keep = dataclasses.replace(settings, dont_know="keep")
    source_keep = counts if counts is not None and settings.dont_know == "keep" else (
        counts_keep or point_counts(survey, keep))
    (pos, n), (neg, _) = (source_keep(question_id, data.pole_options(survey, question_id, pole)) for pole in data.POLES)
    p1, p2 = pos / n, neg / n
    se = math.sqrt(max(p1 + p2 - (p1 - p2) ** 2, 1e-300) / (n / settings.deff))
    z = (p1 - p2) / se
    below, above = float(ndtr(z)), float(ndtr(-z))  # norm.cdf(z), norm.sf(z)
    if test == "divided":  # holds when the interval includes 0: no test rejects anything then
        return 1.0, _two_sided(min(below, above))
    if test == "positive_below_negative":
        return _two_sided(below), _two_sided(above)
    raise ValueError(f"test={test!r} is not allowed here; allowed: between, more_than, at_least, at_most, divided, "
                     "positive_below_negative (the tests whose claims carry a sampling interval)")


def holm(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The family of interval verdicts of ``checked`` (:func:`helpers.audit.claims.check_claims`) with Holm's correction.

    One row per claim with a ``holds_in_ci`` (columns :data:`HOLM_COLUMNS`): ``direction``
    ("holds"/"fails", the one the p-value tests), ``p_value``, ``p_holm`` (Holm-adjusted over the
    whole family), ``verdict`` (True where the interval gives one: ``all`` or ``none``) and
    ``survives`` (a verdict Holm rejects at ``settings.alpha``: adjusted p at most alpha). Family size: the
    number of rows.
    """
    family = checked[checked["holds_in_ci"].isin(["all", "some", "none"])]
    claims = {claim["claim_id"]: claim for claim in survey.claims.to_dict("records")}
    rows = []
    for _, row in family.iterrows():
        p_holds, p_fails = claim_p_values(survey, claims[row["claim_id"]], settings)
        extent = row["holds_in_ci"]
        direction = "holds" if extent == "all" or (extent == "some" and p_holds <= p_fails) else "fails"
        rows.append({"claim_id": row["claim_id"], "rule_id": row["rule_id"],
                     "test": data.rule_row(survey, row["rule_id"])["test"],
                     "holds_in_ci": extent, "direction": direction,
                     "p_value": p_holds if direction == "holds" else p_fails, "verdict": extent != "some"})
    table = pd.DataFrame(rows, columns=[c for c in HOLM_COLUMNS if c not in ("p_holm", "survives")])
    if table.empty:
        return pd.DataFrame(columns=HOLM_COLUMNS)
    reject, adjusted, _, _ = multipletests(table["p_value"].to_numpy(), alpha=settings.alpha, method="holm")
    table["p_holm"] = adjusted
    table["survives"] = table["verdict"] & reject
    return table[HOLM_COLUMNS]
