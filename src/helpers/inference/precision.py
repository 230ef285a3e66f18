"""Precision of the article's shares, and the tests that judge its observed differences.

Two different things live here and never stand in for each other:

* **Planning figures** (half-widths, minimal detectable differences, "MDD"): what a survey of this
  size *could* detect with 80% power. They describe the design, never an observed difference.
* **Judgements of an observed difference**: its own interval and test, at every count vector
  compatible with the printed percentages (:func:`paired_difference`, :func:`difference_over_counts`,
  :func:`unpaired_difference`). Only these decide whether two figures differ.

Numbers only (percentage points); the wording is in :mod:`helpers.display.robustness`. Every quantity
uses Kish's effective sample size ``n / settings.deff`` and the report's confidence
(``settings.alpha``, two-sided) at a power of :data:`POWER`.

* **Half-width**: half the sampling interval (``settings.ci_method``) at each option's observed
  share (the point counts of :func:`helpers.inference.stats.share_table`), and at 50%, the widest any share
  of that n can have (for the usual methods).
* **Independent samples** (two different items, as if answered by different respondents): the
  smallest difference from the observed share ``p`` that a two-sided test of two proportions
  detects with 80% power, from ``statsmodels.stats.power.NormalIndPower`` on Cohen's effect size
  ``h = 2 asin(sqrt p1) - 2 asin(sqrt p2)`` (``statsmodels.stats.proportion.proportion_effectsize``):
  the h that power analysis solves for, turned back into a second share on the side of 50%
  (where a difference in points is hardest to detect, so the cautious direction).
* **Two options of the same question** (dependent: the same respondents, multinomial): the
  estimated difference ``p1 - p2`` has variance ``(p1 + p2 - (p1 - p2)^2) / n``; under the null
  ``p1 = p2`` it is ``(p1 + p2) / n``. The minimal detectable difference ``d`` solves
  ``normal_power_het(d, n_eff, alpha, sqrt(s), sqrt(s - d^2)) = POWER`` with ``s = p1 + p2`` held at
  its observed value (``statsmodels.stats.power.normal_power_het``, root by ``scipy.optimize.brentq``).
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import pandas as pd
from scipy.optimize import brentq
from scipy.stats import norm
from statsmodels.stats.power import NormalIndPower, normal_power_het

from ..core import data
from . import stats
from .question_counts import compatible_pairs, question_counts, rounding_of
from ..core.params import Settings

POWER = 0.8

PRECISION_COLUMNS = [
    "question_id", "n", "n_effective", "half_width_min", "half_width_max", "half_width_50",
    "headline", "headline_share", "versus", "versus_n", "mdd_independent",
    "option_a", "option_b", "share_a", "share_b", "count_a", "count_b", "difference", "diff_low", "diff_high",
    "diff_p", "diff_low_range", "diff_high_range", "diff_verdict", "mdd_paired",
]
# what an observed difference's own test says, at every compatible count vector (see difference_verdict)
DIFFERENCE_VERDICTS = ("differ", "not_distinguishable", "depends_on_counts")


def _check_share(name: str, value: float) -> None:
    if not 0 <= value <= 100:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: a percentage from 0 to 100")


def _check_n(name: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: a positive number of respondents")


def half_width(share: float, n: float, settings: Settings) -> float:
    """Half the sampling interval (points) of a share (percent) of ``n`` respondents under ``settings``.

    The interval is :func:`helpers.inference.stats.interval` at the count ``share * n / 100`` (fractional
    counts allowed; exact methods round, see :func:`helpers.inference.stats.effective_counts`).
    """
    _check_share("share", share)
    _check_n("n", n)
    low, high = stats.interval(share * n / 100.0, float(n), settings)
    return (high - low) / 2.0


def effect_size_needed(n_a: float, n_b: float, settings: Settings, power: float = POWER) -> float:
    """Cohen's h two independent samples of n_a and n_b detect (two-sided, ``settings.alpha``, ``power``).

    ``statsmodels`` ``NormalIndPower().solve_power`` at the effective sizes ``n / settings.deff``
    (through :func:`solved_effect_size`, which keeps each distinct solve).
    """
    _check_n("n_a", n_a)
    _check_n("n_b", n_b)
    return solved_effect_size(n_a / settings.deff, n_b / n_a, settings.alpha, power)


@lru_cache(maxsize=4096)
def solved_effect_size(nobs1: float, ratio: float, alpha: float, power: float) -> float:
    """``NormalIndPower().solve_power`` for the effect size (two-sided), once per distinct arguments.

    Each solve is a root search of a few hundred scipy calls, and many items share (n, partner n,
    level): the precision tables ask for the same solve over and over. ``nobs1`` is the first
    sample's (effective) size, ``ratio`` the second's relative to it; returns Cohen's h (a float).
    """
    return float(NormalIndPower().solve_power(effect_size=None, nobs1=nobs1, alpha=alpha, power=power, ratio=ratio,
                                              alternative="two-sided"))


def share_at_effect(share: float, h: float) -> float:
    """The share (percent) at Cohen's h from ``share`` towards 50% (clipped to 0..100)."""
    _check_share("share", share)
    phi = 2 * math.asin(math.sqrt(share / 100.0))
    other = phi + h if share < 50 else phi - h
    other = min(max(other, 0.0), math.pi)
    return 100.0 * math.sin(other / 2) ** 2


def mdd_independent(share: float, n_a: float, n_b: float, settings: Settings, power: float = POWER) -> float:
    """Minimal detectable difference (points) between a share of n_a and an independent item of n_b.

    The second share lies towards 50% (see the module docstring); ``proportion_effectsize`` of the
    two shares equals the h :func:`effect_size_needed` solves for.
    """
    return abs(share_at_effect(share, effect_size_needed(n_a, n_b, settings, power)) - share)


def mdd_paired(share_a: float, share_b: float, n: float, settings: Settings, power: float = POWER) -> float:
    """Minimal detectable difference (points) between two options of the same question (multinomial).

    ``share_a + share_b`` (percent) is held at its observed value; n is divided by ``settings.deff``.
    NaN if even the largest possible difference (the whole of ``share_a + share_b``) is not
    detectable with that power.
    """
    _check_share("share_a", share_a)
    _check_share("share_b", share_b)
    _check_n("n", n)
    total = (share_a + share_b) / 100.0
    if total <= 0:
        return math.nan
    n_eff = n / settings.deff

    def gap(d: float) -> float:
        return float(normal_power_het(d, n_eff, settings.alpha, std_null=math.sqrt(total),
                                      std_alternative=math.sqrt(max(total - d * d, 1e-12)))) - power

    if gap(total) < 0:
        return math.nan
    return 100.0 * brentq(gap, 0.0, total, xtol=1e-10)


def paired_difference(count_a: float, count_b: float, n: float, settings: Settings) -> dict:
    """The observed difference of two options of one question, judged by its own test (not by an MDD).

    Counts ``count_a`` and ``count_b`` of the same ``n`` respondents (one multinomial question).
    Difference ``p_a - p_b`` in points with the Wald interval of
    :func:`helpers.inference.intervals.balance_interval` (variance ``(p_a + p_b - (p_a - p_b)^2) / n``
    at ``n / settings.deff``, level ``settings.confidence``) and the two-sided p-value of the same
    z statistic (so the interval excludes 0 exactly when ``p < settings.alpha``). Tested against
    a simulation of the multinomial. Raises ValueError for counts that do not fit n.
    Keys: ``difference``, ``low``, ``high`` (points), ``p``.
    """
    difference, low, high = stats.balance_interval(int(count_a), int(count_b), int(n), settings.alpha,
                                                   settings.deff)
    p_a, p_b = count_a / n, count_b / n
    variance = max(p_a + p_b - (p_a - p_b) ** 2, 0.0) / (n / settings.deff)
    if variance == 0:
        p = 1.0 if p_a == p_b else 0.0
    else:
        p = float(2 * norm.sf(abs(p_a - p_b) / math.sqrt(variance)))
    return {"difference": difference, "low": low, "high": high, "p": p}


def unpaired_difference(count_a: float, n_a: float, count_b: float, n_b: float, settings: Settings) -> dict:
    """The observed difference of two shares of different items whose respondents' overlap is unknown.

    Its standard error is the *sum* of the two Wald standard errors (at the effective sizes
    ``n / settings.deff``): the largest the standard error of a difference can be whatever the
    correlation of the two answers (at correlation -1), so the interval holds without a common base,
    exactly as the audit's ``difference_interval`` (:mod:`helpers.audit.hypotheses`). Interval at
    ``settings.confidence``, two-sided normal p. Keys: ``difference``, ``low``, ``high`` (points), ``p``.
    Raises ValueError for an n below 1.
    """
    for name, value in (("n_a", n_a), ("n_b", n_b)):
        _check_n(name, value)
    p_a, p_b = count_a / n_a, count_b / n_b
    se = (math.sqrt(p_a * (1 - p_a) * settings.deff / n_a) + math.sqrt(p_b * (1 - p_b) * settings.deff / n_b))
    z = float(norm.ppf(1 - settings.alpha / 2))
    difference = p_a - p_b
    p = float(2 * norm.sf(abs(difference) / se)) if se > 0 else (1.0 if difference == 0 else 0.0)
    return {"difference": 100.0 * difference, "low": 100.0 * (difference - z * se),
            "high": 100.0 * (difference + z * se), "p": p}


def difference_verdict(lows: list[float], highs: list[float]) -> str:
    """What an observed difference's intervals say over every compatible count vector.

    ``differ``: every interval excludes 0 on the same side; ``not_distinguishable``: every
    interval contains 0 (the data cannot tell the two apart, which is not evidence that they are
    equal: that needs an equivalence test); ``depends_on_counts``: the unpublished counts decide.
    """
    above = [low > 0 for low in lows]
    below = [high < 0 for high in highs]
    if all(above) or all(below):
        return "differ"
    if not any(above) and not any(below):
        return "not_distinguishable"
    return "depends_on_counts"


def difference_over_counts(survey: data.Survey, question_id: str, side_a: list[str], side_b: list[str],
                           settings: Settings) -> dict:
    """:func:`paired_difference` of two sides of one question at the point counts and at every
    compatible (count of side a, count of side b) pair (:func:`helpers.inference.question_counts.compatible_pairs`).

    Don't-know excluded (``settings.dont_know == "exclude"``): the base is n minus the point
    don't-know count, as in the share tables. Keys: ``count_a``, ``count_b``, ``n``, the point
    test's ``difference``/``low``/``high``/``p``, ``low_range``/``high_range`` (lowest lower and
    highest upper bound over the compatible pairs) and ``verdict`` (:func:`difference_verdict`
    over those pairs and the point counts).
    """
    question = question_counts(survey, question_id, settings.n_scenario, rounding=rounding_of(settings))
    members_a = [question.index(o) for o in side_a]
    members_b = [question.index(o) for o in side_b]
    excluded = question.dont_know if settings.dont_know == "exclude" else []
    n = question.n - sum(question.point[i] for i in excluded)
    count_a = sum(question.point[i] for i in members_a)
    count_b = sum(question.point[i] for i in members_b)
    point = paired_difference(count_a, count_b, n, settings)
    totals_a, totals_b = compatible_pairs(question, members_a, members_b)
    tests = [paired_difference(a, b, n, settings) for a, b in set(zip(totals_a.tolist(), totals_b.tolist()))
             if a + b <= n]
    tests.append(point)
    return {"count_a": count_a, "count_b": count_b, "n": n, **point,
            "low_range": min(t["low"] for t in tests), "high_range": max(t["high"] for t in tests),
            "verdict": difference_verdict([t["low"] for t in tests], [t["high"] for t in tests])}


def _compared_options(survey: data.Survey, question_id: str) -> tuple[list[str], list[str]]:
    """The two sides a reader compares: the poles if the question has both, else its two largest options."""
    key = ("compared_options", question_id)
    if key not in survey.views:  # asked for once per share by the multiverse
        positive = data.pole_options(survey, question_id, "positive")
        negative = data.pole_options(survey, question_id, "negative")
        if positive and negative:
            survey.views[key] = (tuple(positive), tuple(negative))
        else:
            table = data.options(survey, question_id).sort_values(["percent", "option_order"], ascending=[False, True])
            ids = tuple(table["option_id"])
            survey.views[key] = (ids[:1], ids[1:2])
    first, second = survey.views[key]
    return list(first), list(second)


def comparison_partner(survey: data.Survey, question_id: str, scenario: str) -> str:
    """The item a question's share is compared with as independent samples.

    The item the article itself compares it with (claims of method ``comparison``/``frechet``),
    else the item with the smallest n under ``scenario`` (the most cautious partner; the first in
    ``questions.csv`` order on a tie, another item than the question itself).
    """
    if "compared_pairs" not in survey.views:  # asked for once per question and table: the pairs, in file order
        claims = survey.claims[survey.claims["method"].isin(["comparison", "frechet"])]
        survey.views["compared_pairs"] = tuple(zip(claims["question_id"].tolist(), claims["other_question_id"].tolist()))
    for first, other in survey.views["compared_pairs"]:
        if first == question_id and other:
            return str(other)
        if other == question_id:
            return str(first)
    others = [q for q in survey.questions["question_id"] if q != question_id]
    return min(others, key=lambda q: (data.n_for(survey, q, scenario), others.index(q)))


def question_precision(survey: data.Survey, question_id: str, settings: Settings) -> dict:
    """One question's precision row (see :data:`PRECISION_COLUMNS`; shares and widths in percent/points).

    ``half_width_min``/``_max`` over the options' observed shares (:func:`helpers.inference.stats.share_table`,
    don't-know excluded when ``settings.dont_know == "exclude"``), ``half_width_50`` at 50%;
    ``mdd_independent`` of the headline share (:func:`helpers.core.data.headline_options`) against ``versus``
    (:func:`comparison_partner`) and ``mdd_paired`` between ``option_a`` and ``option_b`` (the poles or
    the two largest options): planning figures only. ``share_a``/``share_b`` come from the point
    counts (count / n, never a sum of printed rounded percentages). The observed ``difference`` of the two
    sides is judged by its own test (:func:`difference_over_counts`): ``diff_low``/``diff_high``/``diff_p``
    at the point counts, ``diff_low_range``/``diff_high_range`` over the compatible counts and
    ``diff_verdict`` (one of :data:`DIFFERENCE_VERDICTS`; None when the question has no second side).
    """
    table = stats.share_table(survey, question_id, settings)
    n = int(table["n"].iloc[0])
    widths = (table["ci_high"] - table["ci_low"]) / 2
    side_a, side_b = _compared_options(survey, question_id)
    shown = set(table["option"].astype(str))
    sides = {name: [o for o in side if o in shown] for name, side in (("a", side_a), ("b", side_b))}
    headline_side = [o for o in data.headline_options(survey, question_id) if o in shown]
    # the one headline definition every table shares (helpers.core.data.headline_options, combined_share),
    # as the counts give it: never the printed rounded parts summed (issue 19 kind 8)
    headline = (float(stats.combined_share(survey, question_id, headline_side, settings)["share_count"])
                if headline_side else math.nan)
    versus = comparison_partner(survey, question_id, settings.n_scenario)
    versus_n = data.n_for(survey, versus, settings.n_scenario)
    nan = math.nan
    test = {"count_a": nan, "count_b": nan, "difference": nan, "low": nan, "high": nan, "p": nan,
            "low_range": nan, "high_range": nan, "verdict": None}
    if sides["a"] and sides["b"]:
        test = difference_over_counts(survey, question_id, sides["a"], sides["b"], settings)
    share_a, share_b = 100.0 * test["count_a"] / n, 100.0 * test["count_b"] / n
    paired = mdd_paired(share_a, share_b, n, settings) if test["verdict"] is not None else nan
    return {
        "question_id": question_id,
        "n": n,
        "n_effective": n / settings.deff,
        "half_width_min": float(widths.min()),
        "half_width_max": float(widths.max()),
        "half_width_50": half_width(50.0, n, settings),
        "headline": " + ".join(headline_side),
        "headline_share": headline,
        "versus": versus,
        "versus_n": int(versus_n),
        "mdd_independent": mdd_independent(headline, n, versus_n, settings),
        "option_a": " + ".join(side_a),
        "option_b": " + ".join(side_b),
        "share_a": share_a,
        "share_b": share_b,
        "count_a": test["count_a"],
        "count_b": test["count_b"],
        "difference": test["difference"],
        "diff_low": test["low"],
        "diff_high": test["high"],
        "diff_p": test["p"],
        "diff_low_range": test["low_range"],
        "diff_high_range": test["high_range"],
        "diff_verdict": test["verdict"],
        "mdd_paired": paired,
    }


def precision_table(survey: data.Survey, question_ids: list[str], settings: Settings) -> pd.DataFrame:
    """:func:`question_precision` of several questions, one row each (columns :data:`PRECISION_COLUMNS`).

    Built once per survey, questions and settings (a section's table and its findings read the same
    rows; each power calculation is a root search); each caller gets its own copy.
    """
    key = ("precision_table", tuple(question_ids), settings)
    if key not in survey.views:
        survey.views[key] = pd.DataFrame([question_precision(survey, q, settings) for q in question_ids],
                                         columns=PRECISION_COLUMNS)
    return survey.views[key].copy()


def section_questions(survey: data.Survey, section: str | None = None) -> list[str]:
    """The questions of a section in ``questions.csv`` order (all questions for None)."""
    questions = survey.questions
    if section is not None:
        if section not in set(questions["section"]):
            raise KeyError(f"unknown section {section!r}; allowed: {', '.join(dict.fromkeys(questions['section']))}")
        questions = questions[questions["section"] == section]
    return list(questions["question_id"])


def deff_widening(survey: data.Survey, settings: Settings, deffs: tuple[float, ...] = (1.0, 1.5, 2.0)) -> pd.DataFrame:
    """Each chart's headline share (count / n, ``share_count``) with its interval at several design effects
    (long format).

    Columns: question_id, deff, share, n, n_effective, ci_low, ci_high, half_width (percent/points).
    """
    rows = []
    charted = survey.questions.dropna(subset=["chart"])
    for question_id in charted["question_id"]:
        options = data.headline_options(survey, question_id)
        for deff in deffs:
            result = stats.combined_share(survey, question_id, options, replace(settings, deff=float(deff)))
            rows.append({"question_id": question_id, "deff": float(deff), "share": float(result["share_count"]),
                         "n": int(result["n"]), "n_effective": float(result["n"]) / deff,
                         "ci_low": float(result["ci_low"]), "ci_high": float(result["ci_high"]),
                         "half_width": (float(result["ci_high"]) - float(result["ci_low"])) / 2})
    return pd.DataFrame(rows)

