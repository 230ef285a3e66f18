"""The audit's interval verdicts as one family of tests, with Holm's family-wise correction.

A verbal claim whose rule is checked against a sampling interval (``holds_in_ci`` of
:func:`helpers.audit.check_claims`: ``all``, ``some`` or ``none``) is a test: the interval lies
wholly inside the rule (``all``: the claim holds beyond sampling noise) or wholly outside it
(``none``: it fails beyond noise). Testing a dozen claims at once, some verdict is likely by
chance alone; Holm's step-down method (``statsmodels.stats.multitest.multipletests``,
``method="holm"``) keeps the family-wise error at ``settings.alpha``.

p-values (numbers only; the wording is in :mod:`helpers.robustness`), at Kish's effective sample
size ``n / settings.deff`` and with the point counts of :func:`helpers.stats.combined_share`:

* a share against a threshold ``t``: the one-sided score test of a proportion
  (``statsmodels.stats.proportion.proportions_ztest`` with ``value = t`` and ``prop_var = t``; the
  test the Wilson interval inverts), doubled so that it matches a two-sided interval at the
  same level (a 95% interval excludes ``t`` on one side exactly when the one-sided p < 0.025);
* the positive against the negative side of one question (rule ``positive_below_negative``):
  the exact conditional binomial test of the positive count among those on either side
  (``scipy.stats.binomtest``, p = 1/2; whole effective counts rounded half-up), doubled;
* a rule of several conditions that must all hold (``between``, ``divided``,
  ``positive_below_negative``): the largest p of its conditions (intersection-union test); the
  rule fails when any condition fails: the smallest p of the failing directions.

The verdict's p is the p of the direction the interval decides (``all``: holds, ``none``: fails);
for ``some`` the smaller of the two (no verdict, listed for the family's size). With the Wilson
interval the uncorrected verdict and ``p < alpha`` agree up to the interval's continuity; other
interval methods can differ at the margin.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from . import data, stats
from .params import Settings

HOLM_COLUMNS = ["claim_id", "rule_id", "test", "holds_in_ci", "direction", "p_value", "p_holm", "verdict",
                "survives"]


def _one_sided(count: float, n: float, threshold: float, larger: bool) -> float:
    """p of the one-sided score test that the share (count of n) is above (``larger``) or below ``threshold`` (%)."""
    value = threshold / 100.0
    if value <= 0 or value >= 1:
        return 0.0 if (larger and value <= 0) or (not larger and value >= 1) else 1.0
    _, p = proportions_ztest(count, n, value=value, alternative="larger" if larger else "smaller", prop_var=value)
    return float(p)


def _paired(count_a: float, count_b: float, smaller: bool) -> float:
    """p of the exact one-sided test that side A is smaller (``smaller``) or larger than side B of one question."""
    a, b = math.floor(count_a + 0.5), math.floor(count_b + 0.5)
    if a + b == 0:
        return 1.0
    return float(binomtest(a, a + b, 0.5, alternative="less" if smaller else "greater").pvalue)


def _two_sided(p: float) -> float:
    return min(1.0, 2.0 * p)


def _counts(survey: data.Survey, question_id: str, options: list[str], settings: Settings) -> tuple[float, float]:
    """Effective (count, n) of a combined share: the point count and n divided by ``settings.deff``."""
    result = stats.combined_share(survey, question_id, options, settings)
    return float(result["count"]) / settings.deff, float(result["n"]) / settings.deff


def claim_p_values(survey: data.Survey, claim: pd.Series, settings: Settings) -> tuple[float, float]:
    """(p that the rule holds, p that it fails) for one verbal claim of ``claims.csv``; both doubled one-sided."""
    rule = survey.verbal_rules.set_index("rule_id").loc[claim["rule_id"]]
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
    sides = {pole: _counts(survey, question_id, data.pole_options(survey, question_id, pole), settings)
             for pole in data.POLES}
    if test == "divided":
        holds = max(max(_one_sided(c, n, lower, True), _one_sided(c, n, upper, False)) for c, n in sides.values())
        fails = min(min(_one_sided(c, n, lower, False), _one_sided(c, n, upper, True)) for c, n in sides.values())
        return _two_sided(holds), _two_sided(fails)
    if test == "positive_below_negative":
        (pos, n), (neg, _) = sides["positive"], sides["negative"]
        holds = max(_one_sided(pos, n, upper, False), _paired(pos, neg, True))
        fails = min(_one_sided(pos, n, upper, True), _paired(pos, neg, False))
        return _two_sided(holds), _two_sided(fails)
    raise ValueError(f"test={test!r} is not allowed here; allowed: between, more_than, at_least, at_most, divided, "
                     "positive_below_negative (the tests whose claims carry a sampling interval)")


def holm(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The family of interval verdicts of ``checked`` (:func:`helpers.audit.check_claims`) with Holm's correction.

    One row per claim with a ``holds_in_ci`` (columns :data:`HOLM_COLUMNS`): ``direction``
    ("holds"/"fails", the one the p-value tests), ``p_value``, ``p_holm`` (Holm-adjusted over the
    whole family), ``verdict`` (True where the interval gives one: ``all`` or ``none``) and
    ``survives`` (a verdict whose Holm-adjusted p is below ``settings.alpha``). Family size: the
    number of rows.
    """
    family = checked[checked["holds_in_ci"].isin(["all", "some", "none"])]
    claims = {claim["claim_id"]: claim for _, claim in survey.claims.iterrows()}
    rows = []
    for _, row in family.iterrows():
        p_holds, p_fails = claim_p_values(survey, claims[row["claim_id"]], settings)
        extent = row["holds_in_ci"]
        direction = "holds" if extent == "all" or (extent == "some" and p_holds <= p_fails) else "fails"
        rows.append({"claim_id": row["claim_id"], "rule_id": row["rule_id"],
                     "test": survey.verbal_rules.set_index("rule_id").at[row["rule_id"], "test"],
                     "holds_in_ci": extent, "direction": direction,
                     "p_value": p_holds if direction == "holds" else p_fails, "verdict": extent != "some"})
    table = pd.DataFrame(rows, columns=[c for c in HOLM_COLUMNS if c not in ("p_holm", "survives")])
    if table.empty:
        return pd.DataFrame(columns=HOLM_COLUMNS)
    _, adjusted, _, _ = multipletests(table["p_value"].to_numpy(), alpha=settings.alpha, method="holm")
    table["p_holm"] = adjusted
    table["survives"] = table["verdict"] & (table["p_holm"] < settings.alpha)
    return table[HOLM_COLUMNS]
