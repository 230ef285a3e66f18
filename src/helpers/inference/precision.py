"""Precision of the article's shares: interval half-widths and minimal detectable differences.

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
from statsmodels.stats.power import NormalIndPower, normal_power_het

from ..core import data
from . import stats
from ..core.params import Settings

POWER = 0.8

PRECISION_COLUMNS = [
    "question_id", "n", "n_effective", "half_width_min", "half_width_max", "half_width_50",
    "headline", "headline_share", "versus", "versus_n", "mdd_independent",
    "option_a", "option_b", "share_a", "share_b", "difference", "mdd_paired", "detectable",
]


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
    (:func:`comparison_partner`); ``mdd_paired`` between ``option_a`` and ``option_b`` (the poles or
    the two largest options, combined shares) and ``detectable`` whether their observed
    ``difference`` is at least that large (None when the mdd is NaN).
    """
    table = stats.share_table(survey, question_id, settings)
    n = int(table["n"].iloc[0])
    widths = (table["ci_high"] - table["ci_low"]) / 2
    side_a, side_b = _compared_options(survey, question_id)
    shares = {}
    headline_side = data.headline_options(survey, question_id)
    for name, side in (("a", side_a), ("b", side_b), ("headline", headline_side)):
        usable = [o for o in side if o in set(table["option"].astype(str))]
        shares[name] = (float(stats.combined_share(survey, question_id, usable, settings)["share"]) if usable
                        else math.nan)
    versus = comparison_partner(survey, question_id, settings.n_scenario)
    versus_n = data.n_for(survey, versus, settings.n_scenario)
    headline = float(shares["headline"])
    paired = (mdd_paired(shares["a"], shares["b"], n, settings)
              if not (math.isnan(shares["a"]) or math.isnan(shares["b"])) else math.nan)
    difference = shares["a"] - shares["b"]
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
        "share_a": shares["a"],
        "share_b": shares["b"],
        "difference": difference,
        "mdd_paired": paired,
        "detectable": None if math.isnan(paired) or math.isnan(difference) else bool(abs(difference) >= paired),
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


def claim_comparisons(survey: data.Survey, settings: Settings, section: str | None = None) -> pd.DataFrame:
    """The article's comparisons of two items (claims ``comparison``/``frechet``) against what is detectable.

    One row per claim: both shares (percent, :func:`helpers.inference.stats.combined_share` under
    ``settings``), their n, the difference (points), ``mdd`` (independent samples, at share a) and
    ``detectable`` (|difference| >= mdd). Items of the same respondents are treated as independent
    samples: their correlation is not published.
    """
    keep = replace(settings, dont_know="keep")
    claims = survey.claims[survey.claims["method"].isin(["comparison", "frechet"])]
    if section is not None:
        claims = claims[claims["section"] == section]
    rows = []
    for _, claim in claims.iterrows():
        a_options = [o for o in claim["options"].split(";") if o]
        b_options = [o for o in claim["other_options"].split(";") if o]
        a = stats.combined_share(survey, claim["question_id"], a_options, keep)
        b = stats.combined_share(survey, claim["other_question_id"], b_options, keep)
        mdd = mdd_independent(float(a["share"]), float(a["n"]), float(b["n"]), settings)
        difference = float(a["share"] - b["share"])
        rows.append({"claim_id": claim["claim_id"], "question_a": claim["question_id"],
                     "question_b": claim["other_question_id"], "share_a": float(a["share"]),
                     "share_b": float(b["share"]), "n_a": int(a["n"]), "n_b": int(b["n"]),
                     "difference": difference, "mdd": mdd, "detectable": bool(abs(difference) >= mdd)})
    return pd.DataFrame(rows, columns=["claim_id", "question_a", "question_b", "share_a", "share_b", "n_a", "n_b",
                                       "difference", "mdd", "detectable"])


def deff_widening(survey: data.Survey, settings: Settings, deffs: tuple[float, ...] = (1.0, 1.5, 2.0)) -> pd.DataFrame:
    """Each chart's headline share with its interval at several design effects (long format).

    Columns: question_id, deff, share, n, n_effective, ci_low, ci_high, half_width (percent/points).
    """
    rows = []
    charted = survey.questions.dropna(subset=["chart"])
    for question_id in charted["question_id"]:
        options = data.headline_options(survey, question_id)
        for deff in deffs:
            result = stats.combined_share(survey, question_id, options, replace(settings, deff=float(deff)))
            rows.append({"question_id": question_id, "deff": float(deff), "share": float(result["share"]),
                         "n": int(result["n"]), "n_effective": float(result["n"]) / deff,
                         "ci_low": float(result["ci_low"]), "ci_high": float(result["ci_high"]),
                         "half_width": (float(result["ci_high"]) - float(result["ci_low"])) / 2})
    return pd.DataFrame(rows)

