"""Two marginals of the same respondents: their joint tables (Fréchet bounds of the overlap, also within a
smaller item's group of respondents), what is known about their bases, and the paired (McNemar) test of
their difference over every compatible joint table.
"""

from __future__ import annotations

import copy
import dataclasses
import math

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import mcnemar

from ..core import data, params
from .question_counts import compatible_pairs, question_counts, rounding_of
from .stats import combined_share, frechet_bounds


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
    """:func:`marginal_comparison`, computed (``keep``: the settings with don't-know kept).

    Long: one record of related numbers (shares, Fréchet and subset bounds, McNemar over every compatible
    joint table) built in one pass from the helpers above.
    """
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
