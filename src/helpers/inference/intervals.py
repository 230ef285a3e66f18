"""Sampling intervals for one share: statsmodels' proportion intervals at a design effect, and their kin.

Numbers only, no survey: a share is a count of n respondents; all bounds are proportions unless a
function says percent. :func:`proportion_interval` is ``statsmodels``'
:func:`~statsmodels.stats.proportion.proportion_confint` at Kish's effective counts
(:func:`effective_counts`), cached per (count, n, method, level, design effect);
:func:`simultaneous_intervals` covers all options of a question at once; :func:`balance_interval`
is the interval of positive minus negative share of one question (multinomial covariance).
Used through :mod:`helpers.inference.stats`, which re-exports these names.
"""

from __future__ import annotations

import functools
import math
from typing import Sequence

import numpy as np
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from ..core import params
from . import exact

SIMULTANEOUS_METHOD = "bonferroni_beta"


EXACT_METHODS = ("binom_test",)  # proportion_confint methods that need integer counts


def effective_counts(count: float, nobs: float, deff: float, method: str) -> tuple[float, float]:
    """Kish's effective (count, n) for a design effect: ``(count / deff, nobs / deff)``.

    A design effect ``deff >= 1`` assumes the sample carries as much information as a simple random
    sample of ``nobs / deff`` respondents (Kish 1965); the share ``count / nobs`` is unchanged.
    At ``deff == 1`` the inputs are returned as they are. Exact methods (:data:`EXACT_METHODS`:
    ``binom_test`` inverts a binomial test and needs whole numbers) get integers: the effective n
    rounded half-up (at least 1) and the count rounded half-up to that n's nearest share
    (``count * n_eff / nobs``); the other methods (normal, agresti_coull, wilson, and beta and
    jeffreys, whose beta quantiles accept non-integer parameters) take the fractional values.
    Raises ValueError for ``deff < 1``, ``nobs <= 0`` or a count outside ``[0, nobs]``.
    """
    if not deff >= 1:
        raise ValueError(f"deff={deff!r} is not allowed; allowed: a number of at least 1")
    if not nobs > 0 or not 0 <= count <= nobs:
        raise ValueError(f"count={count!r}, nobs={nobs!r} is not allowed; allowed: 0 <= count <= nobs, nobs > 0")
    if deff == 1 and method not in EXACT_METHODS:
        return count, nobs
    if method in EXACT_METHODS:
        n_eff = max(1, math.floor(nobs / deff + 0.5))
        return min(n_eff, math.floor(count * n_eff / nobs + 0.5)), n_eff
    return count / deff, nobs / deff


def _key(value: float) -> float:
    """A count as a cache key: whole numbers as int (numpy or not), fractions as float."""
    value = float(value)
    return int(value) if value.is_integer() else value


def proportion_interval(count: float, nobs: float, method: str, alpha: float, deff: float = 1.0) -> tuple[float, float]:
    """The confidence interval (percent) of ``count`` of ``nobs``: the one function through which
    every proportion interval of the package is computed (statsmodels ``proportion_confint``), at
    Kish's effective sample size ``nobs / deff`` (:func:`effective_counts`)."""
    return _cached_interval(_key(count), _key(nobs), method, float(alpha), float(deff))


def interval(count: float, nobs: float, settings: params.Settings) -> tuple[float, float]:
    """:func:`proportion_interval` under ``settings`` (method, level and design effect)."""
    return proportion_interval(count, nobs, settings.ci_method, settings.alpha, settings.deff)


_INTERVALS: dict[tuple, tuple[float, float]] = {}  # (count, nobs, method, alpha, deff) -> (low, high) percent
_CACHE_LIMIT = 200_000


def _cached_interval(count: float, nobs: float, method: str, alpha: float, deff: float = 1.0) -> tuple[float, float]:
    """One interval in percent at the effective sample size (cached: tables re-use the same (count, n) pairs)."""
    key = (count, nobs, method, alpha, deff)
    if key not in _INTERVALS:
        effective = effective_counts(count, nobs, deff, method)
        low, high = proportion_confint(*effective, alpha=alpha, method=method)
        _remember(key, (float(low) * 100, float(high) * 100))
    return _INTERVALS[key]


def _remember(key: tuple, value: tuple[float, float]) -> None:
    if len(_INTERVALS) >= _CACHE_LIMIT:  # a bounded cache: start afresh rather than grow without end
        _INTERVALS.clear()
    _INTERVALS[key] = value


def prime(requests: Sequence[tuple]) -> int:
    """Compute the intervals among ``requests`` that are not cached yet, many at once, and cache them.

    ``requests``: ``(count, nobs, method, alpha, deff)`` tuples as :func:`proportion_interval` takes
    them. statsmodels' ``binom_test`` interval costs about 35 ms per call; the multiverse asks for
    hundreds. :func:`helpers.inference.exact.binom_test_intervals` runs statsmodels' algorithm for all
    of them in one vectorised call (tested against statsmodels to a stated tolerance). The other
    methods go to statsmodels' ``proportion_confint`` itself, one call on arrays per (method, alpha):
    elementwise the same floats as one call per interval (the tests check equality). Later calls of
    :func:`proportion_interval` find them cached. Returns how many intervals were computed. Raises
    ValueError as :func:`effective_counts` does.
    """
    wanted = {}
    for count, nobs, method, alpha, deff in requests:
        key = (_key(count), _key(nobs), method, float(alpha), float(deff))
        if key not in _INTERVALS and key not in wanted:
            wanted[key] = effective_counts(key[0], key[1], key[4], method)
    groups: dict[tuple, list[tuple]] = {}
    for key in wanted:  # every exact interval in one call; the others per (method, alpha)
        groups.setdefault(("exact",) if key[2] in EXACT_METHODS else (key[2], key[3]), []).append(key)
    for group, keys in groups.items():
        count = np.array([wanted[k][0] for k in keys], dtype=float)
        nobs = np.array([wanted[k][1] for k in keys], dtype=float)
        if group == ("exact",):
            low, high = exact.binom_test_intervals(count, nobs, [k[3] for k in keys])
        else:
            low, high = proportion_confint(count, nobs, alpha=group[1], method=group[0])
        for key, lo, hi in zip(keys, np.atleast_1d(low), np.atleast_1d(high)):
            _remember(key, (float(lo) * 100, float(hi) * 100))
    return len(wanted)


def simultaneous_intervals(category_counts: Sequence[int], alpha: float, ci_method: str = "wilson",
                           deff: float = 1.0) -> np.ndarray:
    """Intervals (percent, shape k x 2) that hold for all k categories of one question at once.

    * k = 2: the per-option interval (``ci_method`` at ``alpha``) is already simultaneous: the two
      shares are p and 100 - p and the methods here give mirror-image intervals, so both cover
      or neither does. Widening it (as Goodman's method would) adds nothing.
    * k > 2: Bonferroni-adjusted exact (Clopper-Pearson, statsmodels ``method="beta"``) intervals,
      each at level ``1 - alpha / k``. By Bonferroni's inequality they hold jointly with
      probability at least ``1 - alpha`` at *any* cell counts, including the counts of 0-6 that
      several options here have, where Goodman's chi-square approximation does not hold.

    Every interval goes through :func:`proportion_interval` (at the design effect ``deff``). Raises ValueError for fewer than two
    categories, negative counts or a zero total.
    """
    values = [int(v) for v in category_counts]
    if len(values) < 2 or any(v < 0 for v in values) or sum(values) <= 0:
        raise ValueError(f"category_counts={list(category_counts)!r} is not allowed; "
                         "allowed: at least two non-negative counts with a positive sum")
    total = sum(values)
    if len(values) == 2:
        return np.array([proportion_interval(v, total, ci_method, alpha, deff) for v in values])
    return np.array([proportion_interval(v, total, "beta", alpha / len(values), deff) for v in values])


@functools.lru_cache(maxsize=64)
def normal_quantile(probability: float) -> float:
    """``scipy.stats.norm.ppf(probability)`` as a float, computed once per probability (the multiverse asks
    thousands of times for three levels; each scipy call costs about 0.2 ms)."""
    return float(norm.ppf(probability))


def balance_interval(count_positive: int, count_negative: int, nobs: int, alpha: float,
                     deff: float = 1.0) -> tuple[float, float, float]:
    """Positive minus negative share of one question, in points, with its confidence interval.

    Both shares come from the same respondents (one multinomial question), so their covariance is
    ``-p1 p2 / n`` and ``Var(p1 - p2) = (p1 + p2 - (p1 - p2)^2) / n``; the interval is the Wald
    interval ``d -/+ z sqrt(Var)`` (clipped to -100..100). Tested against a simulation of the
    multinomial. At a design effect ``deff`` the variance is that of ``nobs / deff`` respondents
    (Kish). Returns ``(difference, low, high)``.
    """
    if not (0 <= count_positive and 0 <= count_negative and count_positive + count_negative <= nobs and nobs > 0):
        raise ValueError(f"counts ({count_positive}, {count_negative}) of nobs={nobs} are not allowed; "
                         "allowed: non-negative counts whose sum is at most nobs > 0")
    p1, p2 = count_positive / nobs, count_negative / nobs
    diff = p1 - p2
    if not deff >= 1:
        raise ValueError(f"deff={deff!r} is not allowed; allowed: a number of at least 1")
    se = math.sqrt(max(p1 + p2 - diff ** 2, 0.0) / (nobs / deff))
    z = normal_quantile(1 - alpha / 2)
    return diff * 100, max(-100.0, (diff - z * se) * 100), min(100.0, (diff + z * se) * 100)

