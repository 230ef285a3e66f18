"""Shares, tables and paired tests for the article's rounded percentages.

Split by concern: :mod:`helpers.inference.intervals` (sampling intervals of one share, numbers only) and
:mod:`helpers.inference.question_counts` (one question's counts compatible with its rounded percentages)
lie below this module, which re-exports their names (``stats.interval``, ``stats.question_counts``
...), builds the share tables and combined shares from them, and compares two marginals of the
same respondents (Fréchet bounds, McNemar).

Only rounded integer percentages and (partly inferred) n values were published, so every share
here carries two kinds of uncertainty, shown side by side:

* **sampling**: a confidence interval for a proportion (``statsmodels``'
  :func:`~statsmodels.stats.proportion.proportion_confint`; method and level from
  :class:`helpers.core.params.Settings`), and simultaneous intervals for all options of a question
  (:func:`simultaneous_intervals`: the per-option interval for two options, Bonferroni-adjusted
  exact intervals for more, valid at any cell count);
* **rounding**: the integer counts that are compatible with all published figures of a question
  at once (:func:`question_counts`), under the run's rounding model (``settings.rounding``:
  either rule by default, or one of them) and one reading of each figure (:func:`evidence`: a
  figure in words bounds no count, a figure merged from two options has twice the rounding
  width). The tables and the audit use the same counts. The point
  interval is computed at one compatible count vector; the *envelope* (``ci_low_range``,
  ``ci_high_range``) is the lowest lower and highest upper bound over all compatible counts.

All shares and bounds are in percent (0-100), like the data.

Choices (documented once, used everywhere):

* **Completeness.** A question's published options are taken as *complete* (counts sum to n)
  when the published total lies within k/2 of 100 for k rounded parts (rounding k shares moves
  the total by at most k/2 either way): 99, 100 and 101 for the article's multi-option items,
  or when an option is printed in words (it holds whatever the numeral options leave).
  Otherwise the options are *incomplete* and the unpublished remainder (n minus the published
  counts) is shown as an extra row ``option == "unpublished"`` and is a category of its own in
  the simultaneous intervals.
* **Point counts.** The count vector (remainder included) nearest to ``percent * n / 100`` that is
  compatible with the published percentages (round, clip to each option's compatible range, then
  move single counts until the vector sums to n). It therefore rounds back to every published
  percentage and, when complete, sums to n.
* **Don't know excluded** (``dont_know == "exclude"``): the don't-know rows are dropped and the
  shares are re-based on those with an opinion, ``percent / (total - dk) * 100``, where total is
  the published total (plus the unpublished remainder when incomplete, i.e. 100). The ``n`` of the
  remaining rows is n minus the *point* don't-know count. The don't-know count is itself only
  known up to rounding: its uncertainty is carried into the envelope, which ranges over every
  compatible pair (option count, don't-know count) with the denominator ``n - dk count`` of that
  pair. The point interval, ``count_min`` and ``count_max`` are unaffected by it.
* **Inconsistent rounding.** If no count vector at that n rounds to all published percentages,
  ``counts_consistent`` is False; counts are then ``round(percent * n / 100)``, ranges come from
  each option's own :func:`helpers.inference.counts.count_interval` and the envelope is taken at those
  ranges' ends.
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

from ..core import data, params
from .intervals import (EXACT_METHODS, SIMULTANEOUS_METHOD, balance_interval, effective_counts,  # noqa: F401
                        interval, normal_quantile, proportion_interval, simultaneous_intervals)
from .question_counts import (DEFAULT_ROUNDING, MERGED_PARTS, UNPUBLISHED, QuestionCounts,  # noqa: F401
                              compatible_pairs, envelope, evidence, fits, is_complete, nearest_counts,
                              question_complete, question_counts, rounding_of, smallest_n)

TABLE_COLUMNS = [
    "question_id", "option", "option_order", "label_nl", "label_en", "kind", "pole", "percent", "share", "n", "count",
    "count_min", "count_max", "ci_low", "ci_high", "ci_low_range", "ci_high_range", "sim_low", "sim_high",
    "counts_consistent", "complete", "label_ours",
]
OURS_MARK = "*"  # appended to an option label the article does not print (results.csv label_source = ours)


# ---------------------------------------------------------------- small pure helpers


def frechet_bounds(share_a: float, share_b: float) -> tuple[float, float]:
    """Bounds (percent) on the share having both A and B, knowing only the two marginal shares.

    Fréchet (1951): ``max(0, a + b - 100) <= share(A and B) <= min(a, b)``. Both bounds are
    attained by some joint distribution, so nothing narrower follows from the marginals alone.
    """
    for name, value in (("share_a", share_a), ("share_b", share_b)):
        if not 0 <= value <= 100:
            raise ValueError(f"{name}={value!r} is not allowed; allowed: a percentage from 0 to 100")
    return max(0.0, share_a + share_b - 100.0), min(float(share_a), float(share_b))


def balance(survey: data.Survey, question_id: str, settings: params.Settings) -> dict:
    """:func:`balance_interval` of a question's positive and negative pole at the point counts.

    The base follows ``settings.dont_know`` (don't-know excluded: n minus the point don't-know
    count). Keys: ``difference``, ``low``, ``high`` (points), ``n``, ``positive``/``negative``
    (point counts) and ``significant`` (the interval excludes 0).
    """
    question = question_counts(survey, question_id, settings.n_scenario, rounding=rounding_of(settings))
    _, excluded, _ = _shown(question, settings)
    nobs = question.n - sum(question.point[i] for i in excluded)
    pole = {p: sum(question.point[question.index(o)] for o in data.pole_options(survey, question_id, p))
            for p in data.POLES}
    diff, low, high = balance_interval(pole["positive"], pole["negative"], nobs, settings.alpha, settings.deff)
    return {"difference": diff, "low": low, "high": high, "n": nobs, "positive": pole["positive"],
            "negative": pole["negative"], "significant": bool(low > 0 or high < 0)}


# ---------------------------------------------------------------- one question's counts


# ---------------------------------------------------------------- tables

def _shown(question: QuestionCounts, settings: params.Settings) -> tuple[list[int], list[int], float]:
    """Rows shown, don't-know rows dropped (when excluded), and the base the percents are re-based on."""
    excluded = question.dont_know if settings.dont_know == "exclude" else []
    shown = [i for i in range(len(question.rows)) if i not in excluded]
    total = question.published_total if question.complete else 100
    base = float(total - sum(question.percents[i] for i in excluded)) if excluded else 100.0
    return shown, excluded, base


def _share(question: QuestionCounts, index: int, base: float) -> float:
    """Row share in percent (the remainder's is 100 minus the published total), re-based on ``base``."""
    value = question.percents[index]
    if math.isnan(value):
        value = 100.0 - question.published_total
    return float(value) * 100.0 / base


def share_table(survey: data.Survey, question_id: str, settings: params.Settings) -> pd.DataFrame:
    """One question's shares with per-option, rounding-envelope and simultaneous intervals.

    One row per published option in scale order (don't-know dropped when excluded), plus a row
    ``"unpublished"`` holding the remainder when the published options are incomplete. Columns:
    see ``TABLE_COLUMNS`` and the module docstring for the choices behind them.

    Language-free: the option labels of both languages are data columns (``label_nl``, ``label_en``,
    with :data:`OURS_MARK` on a label the article does not print), so ``settings.lang`` takes no part.
    Built once per survey, question and settings (a report asks three times: chart, table and
    interval chart) and kept in ``survey.views``; each caller gets its own copy.
    """
    key = ("share_table", question_id, dataclasses.replace(settings, lang=params.DEFAULTS["lang"]))
    if key not in survey.views:
        survey.views[key] = _share_table(survey, question_id, settings)
    return survey.views[key].copy()


def _share_table(survey: data.Survey, question_id: str, settings: params.Settings) -> pd.DataFrame:
    """:func:`share_table`, computed."""
    question = question_counts(survey, question_id, settings.n_scenario, rounding=rounding_of(settings))
    shown, excluded, base = _shown(question, settings)
    n_opinion = question.n - sum(question.point[i] for i in excluded)
    table = data.options(survey, question_id).set_index("option_id")
    # a unipolar scale (questions.csv scale_meaning) has no negative pole: drawn from zero, no poles
    unipolar = str(data.question(survey, question_id)["scale_meaning"]) == "unipolar"
    records = []
    for order, i in enumerate(shown, start=1):
        option_id = question.rows[i]
        published = option_id != UNPUBLISHED
        ours = bool(published and table.at[option_id, "label_source"] == "ours")
        count = question.point[i]
        ci_low, ci_high = interval(count, n_opinion, settings)
        range_low, range_high = envelope(question, [i], excluded, settings)
        records.append({
            "question_id": question_id,
            "option": option_id,
            "option_order": order,
            # words.tables.option_labels words the remainder
            **{f"label_{lang}": table.at[option_id, f"option_{lang}"] + (OURS_MARK if ours else "") if published else ""
               for lang in params.LANGUAGES},
            "kind": str(table.at[option_id, "kind"]) if published else UNPUBLISHED,
            "pole": table.at[option_id, "pole"] if published and not unipolar else "",
            "percent": question.percents[i],
            "share": _share(question, i, base),
            "n": n_opinion,
            "count": count,
            "count_min": question.minimum[i],
            "count_max": question.maximum[i],
            "ci_low": float(ci_low),
            "ci_high": float(ci_high),
            "ci_low_range": min(range_low, float(ci_low)),
            "ci_high_range": max(range_high, float(ci_high)),
            "counts_consistent": question.consistent,
            "complete": question.complete,
            "label_ours": ours,
        })
    frame = pd.DataFrame.from_records(records)
    simultaneous = simultaneous_intervals([question.point[i] for i in shown], settings.alpha, settings.ci_method,
                                          settings.deff)
    frame["sim_low"], frame["sim_high"] = simultaneous[:, 0], simultaneous[:, 1]
    frame["option"] = pd.Categorical(frame["option"], categories=list(frame["option"]), ordered=True)
    return frame[TABLE_COLUMNS]


def _combined_members(survey: data.Survey, question_id: str, option_ids: list[str],
                      settings: params.Settings) -> tuple[QuestionCounts, list[int], list[int], float, int]:
    """The question's counts, the options' rows, the excluded rows, the re-basing base and n (checked ids)."""
    option_ids = list(option_ids)
    if not option_ids or len(set(option_ids)) != len(option_ids):
        raise ValueError(f"option_ids={option_ids!r} is not allowed; allowed: one or more distinct option ids")
    question = question_counts(survey, question_id, settings.n_scenario, rounding=rounding_of(settings))
    members = [question.index(option_id) for option_id in option_ids]
    shown, excluded, base = _shown(question, settings)
    dropped = [question.rows[i] for i in members if i in excluded]
    if dropped:
        allowed = [question.rows[i] for i in shown]
        raise ValueError(f"option_ids={option_ids!r} is not allowed with dont_know='exclude': {', '.join(dropped)} "
                         f"are don't-know answers, left out of the base; allowed: {', '.join(allowed)} "
                         "(or dont_know='keep')")
    n_opinion = question.n - sum(question.point[i] for i in excluded)
    return question, members, excluded, base, n_opinion


def combined_point(survey: data.Survey, question_id: str, option_ids: list[str],
                   settings: params.Settings) -> tuple[float, int, int]:
    """``(share, count, n)`` of :func:`combined_share` without its intervals: the share (percent),
    the point count and the base n, as :func:`combined_share` gives them (same errors)."""
    question, members, _, base, n_opinion = _combined_members(survey, question_id, option_ids, settings)
    count = sum(question.point[i] for i in members)
    return float(sum(_share(question, i, base) for i in members)), count, n_opinion


def combined_share(survey: data.Survey, question_id: str, option_ids: list[str],
                   settings: params.Settings) -> pd.Series:
    """The share of several options together (e.g. strongly agree + agree) with its intervals.

    ``count_min``/``count_max`` bound the options' summed count under the sum constraint (tighter
    than adding the single ranges); the envelope ranges over those counts (and the don't-know count
    when excluded). ``percent_published_sum`` is the plain sum of the published percentages.

    Two shares: ``share`` is the printed percentages summed (re-based when don't-know is excluded),
    kept for the callers that compare the article's own arithmetic (the multiverse, the audit);
    ``share_count`` is the share the counts give, ``100 * count / n`` at the point counts, with
    ``share_count_low``/``share_count_high`` its lowest and highest value over every compatible count
    (and don't-know count, when excluded: ``100 * count / (n - dk)`` per compatible pair). A sum of
    rounded parts is not a share of anyone (9% + 23% is 32%, but the counts give 31.4%, 31.2-31.4%
    over the compatible counts): whatever a reader sees shows ``share_count``.

    Built once per survey, question, options and settings (the audit, the precision tables and the
    multiverse ask for the same shares) and kept in ``survey.views``; each caller gets its own copy.
    """
    key = ("combined_share", question_id, tuple(option_ids), settings)
    if key not in survey.views:
        survey.views[key] = _combined_share(survey, question_id, list(option_ids), settings)
    return survey.views[key].copy()


def _combined_share(survey: data.Survey, question_id: str, option_ids: list[str],
                    settings: params.Settings) -> pd.Series:
    """:func:`combined_share`, computed."""
    question, members, excluded, base, n_opinion = _combined_members(survey, question_id, option_ids, settings)
    count = sum(question.point[i] for i in members)
    totals, _ = compatible_pairs(question, members, [])
    ci_low, ci_high = interval(count, n_opinion, settings)
    range_low, range_high = envelope(question, members, excluded, settings)
    published = [question.percents[i] for i in members if not math.isnan(question.percents[i])]
    # the share as the counts give it, over every compatible (count, don't-know count) pair
    pair_totals, pair_dks = compatible_pairs(question, members, excluded)
    fractions = 100.0 * pair_totals / (question.n - pair_dks)
    return pd.Series({
        "question_id": question_id,
        "options": tuple(option_ids),
        "share": float(sum(_share(question, i, base) for i in members)),
        "percent_published_sum": float(sum(published)),
        "share_count": 100.0 * count / n_opinion,
        "share_count_low": float(fractions.min()),
        "share_count_high": float(fractions.max()),
        "n": n_opinion,
        "count": count,
        "count_min": int(totals.min()),
        "count_max": int(totals.max()),
        "ci_low": float(ci_low),
        "ci_high": float(ci_high),
        "ci_low_range": min(range_low, float(ci_low)),
        "ci_high_range": max(range_high, float(ci_high)),
        "counts_consistent": question.consistent,
    }, name=question_id)


def nonresponse_bounds(survey: data.Survey, question_id: str, option_ids: list[str],
                      settings: params.Settings) -> dict | None:
    """The share (percent) of some options among *all* participants, for an item answered by fewer.

    The article writes "van de ambtenaren" about items with a smaller printed n. Worst case: none
    of the ``missing = total - n`` non-respondents would have given these answers,
    ``count / total``; best case: all of them, ``(count + missing) / total``, at the point count
    (don't-know kept: the base is everyone). ``total`` is the n of the full sample (the largest n
    of any item stated in the text, ``n_status == "stated"``). None for an item whose n is not
    printed (``unknown``: its n is itself an assumption) or that all participants answered.
    E.g. 318 of 475 without training: 55.1 to 72.8% of 577.
    """
    questions = survey.questions.set_index("question_id")
    if str(questions.at[question_id, "n_status"]) == "unknown":
        return None
    stated = [q for q in survey.questions["question_id"] if str(questions.at[q, "n_status"]) == "stated"]
    if not stated:
        return None
    total = max(data.n_for(survey, q, settings.n_scenario) for q in stated)
    _, count, n = combined_point(survey, question_id, list(option_ids), dataclasses.replace(settings, dont_know="keep"))
    if n >= total:
        return None
    missing = total - n
    return {"total": total, "n": n, "count": count, "missing": missing,
            "low": 100.0 * count / total, "high": 100.0 * (count + missing) / total}


# ---------------------------------------------------------------- two marginals of the same respondents


