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

import copy
import dataclasses
import math

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import mcnemar

from ..core import data, params
from .intervals import (EXACT_METHODS, SIMULTANEOUS_METHOD, balance_interval, effective_counts,  # noqa: F401
                        interval, normal_quantile, proportion_interval, simultaneous_intervals)
from .question_counts import (DEFAULT_ROUNDING, MERGED_PARTS, UNPUBLISHED, QuestionCounts,  # noqa: F401
                              compatible_pairs, envelope, evidence, fits, is_complete, nearest_counts,
                              question_complete, question_counts, rounding_of, smallest_n)

TABLE_COLUMNS = [
    "question_id", "option", "option_order", "label", "kind", "pole", "percent", "share", "n", "count",
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

    Built once per survey, question and settings (a report asks three times: chart, table and
    interval chart) and kept in ``survey.views``; each caller gets its own copy.
    """
    key = ("share_table", question_id, settings)
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
            "label": table.at[option_id, f"option_{settings.lang}"] + (OURS_MARK if ours else "") if published else "",  # labels.option_labels words the remainder
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

def joint_table(n: int, count_a: int, count_b: int, both: int) -> np.ndarray:
    """The 2x2 table (rows A yes/no, columns B yes/no) with the given margins and overlap."""
    for name, value in (("count_a", count_a), ("count_b", count_b)):
        if not 0 <= value <= n:
            raise ValueError(f"{name}={value!r} is not allowed; allowed: a count from 0 to n={n}")
    low, high = overlap_range(n, count_a, count_b)
    if not low <= both <= high:
        raise ValueError(f"both={both!r} is not allowed; allowed: from {low} to {high}, the overlaps "
                         f"count_a={count_a} and count_b={count_b} of n={n} allow")
    return np.array([[both, count_a - both], [count_b - both, n - count_a - count_b + both]])


def overlap_range(n: int, count_a: int, count_b: int) -> tuple[int, int]:
    """The Fréchet bounds in counts: the possible numbers having both A and B."""
    return max(0, count_a + count_b - n), min(count_a, count_b)


def mcnemar_test(table: np.ndarray, deff: float = 1.0) -> tuple[float, float]:
    """Exact (binomial) McNemar test of a paired 2x2 table: (statistic, p-value).

    At a design effect ``deff`` the test runs on the effective table: every cell divided by
    ``deff`` and rounded half-up (the exact test needs whole counts; only the two discordant
    cells enter it).

    Exact rather than chi-square: at the Fréchet extremes one discordant cell is often 0 or small,
    where the chi-square approximation is least trustworthy; the exact test is valid at any count.
    """
    if not deff >= 1:
        raise ValueError(f"deff={deff!r} is not allowed; allowed: a number of at least 1")
    if deff != 1:
        table = np.floor(np.asarray(table, dtype=float) / deff + 0.5).astype(int)
    result = mcnemar(table, exact=True)
    return float(result.statistic), float(result.pvalue)


def _not_b_options(survey: data.Survey, question_id: str, option_ids: list[str]) -> list[str]:
    """The explicit opposite of B: the published options other than B's that are not don't-know."""
    table = data.options(survey, question_id)
    return [o for o, kind in zip(table["option_id"], table["kind"]) if o not in option_ids and kind != "dont_know"]


def _counts_at(survey: data.Survey, question_id: str, option_ids: list[str], n: int,
               rounding: str) -> tuple[int, list[int]]:
    """Point count and compatible counts of some options together when the question had n respondents."""
    question = question_counts(survey, question_id, n=n, rounding=rounding)
    members = [question.index(option_id) for option_id in option_ids]
    totals, _ = compatible_pairs(question, members)
    return sum(question.point[i] for i in members), sorted(set(int(t) for t in totals))


def subset_count_range(n_subset: int, n_full: int, count_range: tuple[int, int]) -> tuple[int, int]:
    """The counts a group of ``n_subset`` of ``n_full`` respondents can hold, when the ``n_full`` hold a
    count anywhere in ``count_range`` (the counts compatible with the printed percentage).

    Every subset of every compatible full table: a subset of ``n_subset`` from ``n_full`` with count
    ``c`` holds from ``max(0, n_subset - (n_full - c))`` to ``min(n_subset, c)``, every value in between
    attained; the union over ``c`` in ``count_range`` is one interval. E.g. 237 "yes" of 475: a group of
    280 of them holds 42 to 237. Raises ValueError unless ``0 < n_subset <= n_full`` and the range fits.
    """
    low, high = (int(v) for v in count_range)
    if not 0 < n_subset <= n_full:
        raise ValueError(f"n_subset={n_subset!r} is not allowed; allowed: from 1 to n_full={n_full}")
    if not 0 <= low <= high <= n_full:
        raise ValueError(f"count_range={count_range!r} is not allowed; allowed: 0 <= low <= high <= n_full={n_full}")
    return max(0, n_subset - (n_full - low)), min(n_subset, high)


def subset_overlap_bounds(n_a: int, range_a: tuple[int, int], n_b: int, range_b: tuple[int, int]) -> dict:
    """Bounds on how many have both A and B, when A was asked of ``n_a`` and B of ``n_b`` respondents,
    the smaller group among the larger one's respondents (the common base), and each count is known
    only up to its compatible range (``range_a`` of ``n_a``, ``range_b`` of ``n_b``).

    A share of the larger group is not the share among the smaller one: the larger item's count is
    first bounded within the group of ``n = min(n_a, n_b)`` (:func:`subset_count_range`: every subset
    of every compatible full table), and only then combined with the other's (Fréchet): for group
    counts ``a`` and ``b``, the overlap runs from ``max(0, a + b - n)`` to ``min(a, b)``, and the union
    over every compatible ``a`` and ``b`` is one interval, every value attained. E.g. 463-472 of 577
    satisfied with their skills and 316-320 of 475 without courses: a group of 475 of the 577 holds
    361-472 satisfied, so 202-320 of the 475 (42.5-67.4%) are both, not the 47.9-66.9% that 80.9%
    and 66.9% give on an assumed common base.

    Keys: ``n`` (the group), ``range_a``/``range_b`` (counts within the group), ``both`` and
    ``a_not_b`` (count bounds in the group), ``both_pct``/``a_not_b_pct`` (percent of ``n``).
    Raises ValueError for a range that does not fit its n.
    """
    n = min(int(n_a), int(n_b))
    group_a = subset_count_range(n, int(n_a), range_a)
    group_b = subset_count_range(n, int(n_b), range_b)
    both = (max(0, group_a[0] + group_b[0] - n), min(group_a[1], group_b[1]))
    a_not_b = (max(0, group_a[0] - group_b[1]), min(group_a[1], n - group_b[0]))
    return {"n": n, "range_a": group_a, "range_b": group_b, "both": both, "a_not_b": a_not_b,
            "both_pct": tuple(100.0 * v / n for v in both), "a_not_b_pct": tuple(100.0 * v / n for v in a_not_b)}


def bases(survey: data.Survey, question_a: str, question_b: str, scenario: str | None = None) -> dict:
    """What is known about the respondents behind two items before any joint statement about them.

    A joint (Fréchet) or paired (McNemar) statement needs one group of respondents that answered
    both items. Keys: ``n_a``, ``n_b`` (the scenario's n), ``known_a``, ``known_b`` (is that n
    stated, or inferred from a caption under the default reading, rather than assumed: an
    ``unknown`` n, or any inferred n under another scenario, is an assumption),
    ``same_base`` (both known and equal: the data allow one common group; still not proof of it),
    ``only_one_at_least`` (both known and different: at least ``|n_a - n_b|`` respondents answered
    only one of the two items; else None) and ``n_common`` (the smaller n: the largest group that
    can have answered both, the base a joint statement assumes when ``same_base`` is False).
    """
    n_a, n_b = data.n_for(survey, question_a, scenario), data.n_for(survey, question_b, scenario)
    default = (scenario or survey.scenarios[0]) == survey.scenarios[0]  # the reading questions.csv records

    def known(question_id: str) -> bool:
        status = str(data.question(survey, question_id)["n_status"])
        return status == "stated" or (status == "inferred" and default)

    known_a, known_b = known(question_a), known(question_b)
    both = known_a and known_b
    return {"n_a": n_a, "n_b": n_b, "known_a": known_a, "known_b": known_b,
            "same_base": bool(both and n_a == n_b),
            "only_one_at_least": abs(n_a - n_b) if both and n_a != n_b else None,
            "n_common": min(n_a, n_b)}


def _mcnemar_once(table: np.ndarray, tests: dict[tuple[int, int], tuple[float, float]],
                  deff: float = 1.0) -> tuple[float, float]:
    """:func:`mcnemar_test` of a table, computed once per pair of discordant cells and kept in ``tests``.

    The exact test reads only the discordant cells (A only, B only), and a comparison meets the same
    pair many times over its overlaps and compatible counts.
    """
    key = (int(table[0, 1]), int(table[1, 0]))
    if key not in tests:
        tests[key] = mcnemar_test(table) if deff == 1 else mcnemar_test(table, deff)
    return tests[key]


def _joint_p_values(n: int, count_a: int, count_b: int,
                    tests: dict[tuple[int, int], tuple[float, float]], deff: float = 1.0) -> np.ndarray:
    """Exact McNemar p-values at every overlap the Fréchet bounds allow (in overlap order)."""
    low, high = overlap_range(n, count_a, count_b)
    return np.array([_mcnemar_once(joint_table(n, count_a, count_b, both), tests, deff)[1]
                     for both in range(low, high + 1)])


def marginal_comparison(survey: data.Survey, a: tuple[str, list[str]], b: tuple[str, list[str]],
                        settings: params.Settings) -> dict:
    """Compare two shares measured on the same respondents when only the marginals are published.

    E.g. "85% know the AVG, only half handle confidential information differently". The joint
    distribution is unknown, so: Fréchet bounds on "A and B" and on "A and not B" (not-B as
    everything else, don't-know included, and as the explicit opposite options only), and a paired
    McNemar test at every joint table the marginals allow (the extremes reported). Don't-know is
    always kept here (whatever ``settings.dont_know``): a paired table needs one common base of
    respondents. The bases are checked first (:func:`bases`, under key ``bases``): unless both n
    are known and equal, every joint and paired number here holds only under the named
    assumption ``common_base_assumed``: the ``n_paired`` (= the smaller n) respondents of the
    smaller item also answered the other, with the published shares on both.

    Keys: ``a``, ``b`` (:func:`combined_share` of each), ``difference`` (points), ``both_bounds``,
    ``a_not_b_bounds`` (not-B = 100 - B), ``a_no_bounds`` (not-B = ``explicit_no_options``),
    ``n_paired``, ``count_a``/``count_b`` (point counts at n_paired) with their compatible ranges,
    ``joint_tables`` and ``mcnemar`` at the ``min_overlap``/``max_overlap`` extremes,
    ``mcnemar_p_min``/``mcnemar_p_max`` over every allowed overlap, ``mcnemar_p_max_over_counts``
    (also over the compatible counts), the flags ``difference_significant_at_all_joints`` (and
    ``..._and_counts``) at ``alpha`` = settings.alpha.

    Computed once per survey and arguments (the findings and the report ask for the same
    comparison) and kept in ``survey.views``; each caller gets its own (deep) copy.
    """
    keep = dataclasses.replace(settings, dont_know="keep")  # the result does not depend on dont_know
    (question_a, options_a), (question_b, options_b) = a, b
    key = ("marginal_comparison", question_a, tuple(options_a), question_b, tuple(options_b), keep)
    if key not in survey.views:
        survey.views[key] = _marginal_comparison(survey, (question_a, list(options_a)),
                                                 (question_b, list(options_b)), keep)
    return copy.deepcopy(survey.views[key])


def _marginal_comparison(survey: data.Survey, a: tuple[str, list[str]], b: tuple[str, list[str]],
                         keep: params.Settings) -> dict:
    """:func:`marginal_comparison`, computed (``keep``: the settings with don't-know kept)."""
    (question_a, options_a), (question_b, options_b) = a, b
    share_a = combined_share(survey, question_a, list(options_a), keep)
    share_b = combined_share(survey, question_b, list(options_b), keep)
    explicit = _not_b_options(survey, question_b, list(options_b))
    share_no = combined_share(survey, question_b, explicit, keep)["share"] if explicit else 0.0
    not_b = 100.0 - share_b["share"]
    both_bounds = frechet_bounds(share_a["share"], share_b["share"])
    a_not_b = frechet_bounds(share_a["share"], not_b)
    a_no = frechet_bounds(share_a["share"], share_no)

    base = bases(survey, question_a, question_b, keep.n_scenario)
    n = base["n_common"]
    rounding = rounding_of(keep)
    (count_a, range_a), (count_b, range_b) = (_counts_at(survey, question, options, n, rounding)
                                              for question, options in ((question_a, options_a), (question_b, options_b)))
    # a share of a larger item is not the share among a smaller group of its respondents: bound it first
    subsets = {}
    for side, question, options in (("a", question_a, options_a), ("b", question_b, options_b)):
        own_n = base[f"n_{side}"]
        if own_n > n:
            _, own_range = _counts_at(survey, question, options, own_n, rounding)
            subsets[side] = {"n_full": own_n, "count_range_full": (min(own_range), max(own_range)),
                             "count_range": subset_count_range(n, own_n, (min(own_range), max(own_range)))}
    if "a" in subsets:
        range_a = list(range(subsets["a"]["count_range"][0], subsets["a"]["count_range"][1] + 1))
    if "b" in subsets:
        range_b = list(range(subsets["b"]["count_range"][0], subsets["b"]["count_range"][1] + 1))
    done: dict[tuple[int, int], tuple[float, float]] = {}  # each McNemar test computed once
    p_values = _joint_p_values(n, count_a, count_b, done, keep.deff)
    a_low, a_high, b_low, b_high = min(range_a), max(range_a), min(range_b), max(range_b)
    if a_low <= b_high and b_low <= a_high:
        p_worst = 1.0  # equal margins are possible: some joint table has as many A-only as B-only answers
    else:  # the margins closest together give the largest p-values
        closest = (a_low, b_high) if a_low > b_high else (a_high, b_low)
        p_worst = float(_joint_p_values(n, *closest, done, keep.deff).max())
    # bounds (percent of n) over every count pair and joint table the (subset) ranges allow
    subset_a_not_b = (100.0 * max(0, a_low - b_high) / n, 100.0 * min(a_high, n - b_low) / n)
    subset_both = (100.0 * max(0, a_low + b_low - n) / n, 100.0 * min(a_high, b_high) / n)
    subset_a_no = a_no
    if explicit:  # the explicit opposite of B, bounded in the group of n the same way
        own_n = base["n_b"]
        _, no_range = _counts_at(survey, question_b, explicit, own_n if own_n > n else n, rounding)
        no_low, no_high = (subset_count_range(n, own_n, (min(no_range), max(no_range))) if own_n > n
                           else (min(no_range), max(no_range)))
        subset_a_no = (100.0 * max(0, a_low + no_low - n) / n, 100.0 * min(a_high, no_high) / n)
    low, high = overlap_range(n, count_a, count_b)
    extremes = {name: joint_table(n, count_a, count_b, both) for name, both in (("min_overlap", low),
                                                                                  ("max_overlap", high))}
    tests = {name: dict(zip(("statistic", "pvalue"), _mcnemar_once(table, done, keep.deff))) for name, table in extremes.items()}
    significant = bool((p_values < keep.alpha).all())
    result = {
        "a": share_a,
        "b": share_b,
        "difference": float(share_a["share"] - share_b["share"]),
        "both_bounds": both_bounds,
        "not_b_share": not_b,
        "a_not_b_bounds": a_not_b,
        "explicit_no_options": explicit,
        "explicit_no_share": float(share_no),
        "a_no_bounds": a_no,
        "bases": base,
        "common_base_assumed": not base["same_base"],
        "n_paired": n,
        "count_a": count_a,
        "count_b": count_b,
        "joint_tables": extremes,
        "mcnemar": tests,
        "mcnemar_method": "exact binomial (statsmodels mcnemar, exact=True)",
        "mcnemar_p_min": float(p_values.min()),
        "mcnemar_p_max": float(p_values.max()),
        "count_a_range": (int(min(range_a)), int(max(range_a))),
        "count_b_range": (int(min(range_b)), int(max(range_b))),
        "mcnemar_p_max_over_counts": float(p_worst),
        "alpha": keep.alpha,
        "difference_significant_at_all_joints": significant,
        "difference_significant_at_all_joints_and_counts": bool(p_worst < keep.alpha),
        "subsets": subsets,
        "subset_both_bounds": subset_both,
        "subset_a_not_b_bounds": subset_a_not_b,
        "subset_a_no_bounds": subset_a_no,
    }
    return result


def comparison_frame(result: dict) -> pd.DataFrame:
    """The marginal comparison as a tidy table for display: one row per quantity.

    Columns: ``quantity`` (id), ``share`` (point value in percent, NaN for bounds), ``low``/``high``
    (interval or Fréchet bounds in percent), ``pvalue`` (McNemar rows only). The joint rows hold
    only on a common base of respondents (``result["bases"]``; assumed unless both n are known and
    equal), and bound the larger item's count in that group first (``result["subsets"]``): its
    printed share is a share of all its respondents, not of the group. The McNemar row is the
    largest p over every count pair and joint table those bounds allow.
    """
    a, b = result["a"], result["b"]
    nan = math.nan
    rows = [
        ("share_a", a["share"], a["ci_low"], a["ci_high"], nan),
        ("share_b", b["share"], b["ci_low"], b["ci_high"], nan),
        ("difference", result["difference"], nan, nan, nan),
        ("a_and_b", nan, *result["subset_both_bounds"], nan),
        ("a_not_b", nan, *result["subset_a_not_b_bounds"], nan),
        ("a_explicit_no", nan, *result["subset_a_no_bounds"], nan),
        ("mcnemar_max_over_counts", nan, nan, nan, result["mcnemar_p_max_over_counts"]),
    ]
    frame = pd.DataFrame(rows, columns=["quantity", "share", "low", "high", "pvalue"])
    return frame.astype({"share": float, "low": float, "high": float, "pvalue": float})
