"""A fast, numerically identical copy of statsmodels' ``binom_test`` interval, for the multiverse grid.

``statsmodels.stats.proportion.proportion_confint(method="binom_test")`` inverts scipy's exact
two-sided binomial test (``scipy.stats.binomtest``, the "minlike" p-value) with ``brentq``; each
interval takes about 0.1-0.2 s, almost all of it the per-call overhead of ``scipy.stats.binom``
inside ``binomtest``. :func:`binom_test_interval` runs the same algorithm (the same bracketing,
root finder, tolerances and conservative fallback, in the same order) on a p-value computed
from the same special functions scipy's ``binom`` distribution calls (``scipy.special``'s
``_binom_pmf``/``_binom_cdf``/``_binom_sf``), with the distribution's own support rules, so every
evaluation gives the same float and the interval is the same to the last bit, about 50 times
faster. ``tests/test_multiverse.py`` checks both identities (p-values and intervals) against
scipy and statsmodels over many counts, sizes and levels, so a library update that changes
either shows up as a failing test.

Used by :mod:`helpers.multiverse` only; the notebooks' tables keep calling statsmodels.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize
from scipy.special import _ufuncs

EPS = float(np.finfo(float).eps)
RERR = 1 + 1e-7  # scipy.stats.binomtest's relative tolerance for "as likely as the observed count"


def _pmf(k: float, n: int, p: float) -> float:
    """``scipy.stats.binom.pmf`` for a whole k: zero outside 0..n."""
    return 0.0 if k < 0 or k > n else float(_ufuncs._binom_pmf(k, n, p))


def _cdf(k: float, n: int, p: float) -> float:
    """``scipy.stats.binom.cdf``: 0 below the support, 1 from n on."""
    k = math.floor(k)
    return 0.0 if k < 0 else 1.0 if k >= n else float(_ufuncs._binom_cdf(k, n, p))


def _sf(k: float, n: int, p: float) -> float:
    """``scipy.stats.binom.sf``: 1 below the support, 0 from n on."""
    k = math.floor(k)
    return 1.0 if k < 0 else 0.0 if k >= n else float(_ufuncs._binom_sf(k, n, p))


def _search(a, d: float, lo: int, hi: int) -> int:
    """scipy's ``_binary_search_for_binom_tst``: the i in lo..hi with ``a(i) <= d < a(i + 1)``."""
    while lo < hi:
        mid = lo + (hi - lo) // 2
        midval = a(mid)
        if midval < d:
            lo = mid + 1
        elif midval > d:
            hi = mid - 1
        else:
            return mid
    return lo if a(lo) <= d else lo - 1


def binom_pvalue(k: int, n: int, p: float) -> float:
    """The two-sided p-value of ``scipy.stats.binomtest(k, n, p)`` (minlike method), computed directly."""
    d = _pmf(k, n, p)
    if k == p * n:
        return 1.0
    if k < p * n:
        ix = _search(lambda x: -_pmf(x, n, p), -d * RERR, math.ceil(p * n), n)
        y = n - ix + int(d * RERR == _pmf(ix, n, p))
        pval = _cdf(k, n, p) + _sf(n - y, n, p)
    else:
        ix = _search(lambda x: _pmf(x, n, p), d * RERR, 0, math.floor(p * n))
        y = ix + 1
        pval = _cdf(y - 1, n, p) + _sf(k - 1, n, p)
    return min(1.0, pval)


def _bound(func, qi: float, lower: bool) -> float:
    """statsmodels' ``_bound_proportion_confint``: a coarse bracket end where ``func`` is negative."""
    default = EPS if lower else 1.0 - EPS

    def step(v: float) -> float:
        return v / 8 if lower else v + (1.0 - v) / 8

    x = step(qi)
    w = func(x)
    cnt = 1
    while w > 0 and cnt < 10:
        x = step(x)
        w = func(x)
        cnt += 1
    return x if cnt < 10 else default


def _bisection(func, lb: float, ub: float, steps: int = 27) -> float:
    """statsmodels' ``_bisection_search_conservative``: a point where ``func`` is negative."""
    upper, lower = func(ub), func(lb)
    best = upper if upper < 0 else lower
    best_pt = ub if upper < 0 else lb
    if np.sign(lower) == np.sign(upper):
        raise ValueError("problem with signs")
    mp = (ub + lb) / 2
    mid = func(mp)
    if (mid < 0) and (mid > best):
        best, best_pt = mid, mp
    for _ in range(steps):
        if np.sign(mid) == np.sign(upper):
            ub, upper = mp, mid
        else:
            lb = mp
        mp = (ub + lb) / 2
        mid = func(mp)
        if (mid < 0) and (mid > best):
            best, best_pt = mid, mp
    return best_pt


def binom_test_interval(count: int, nobs: int, alpha: float) -> tuple[float, float]:
    """``proportion_confint(count, nobs, alpha, method="binom_test")`` (proportions, two-sided), fast.

    Whole ``0 <= count <= nobs``, ``nobs >= 1``; ValueError otherwise.
    """
    if count != int(count) or nobs != int(nobs) or not 0 <= count <= nobs or nobs < 1:
        raise ValueError(f"count={count!r}, nobs={nobs!r} is not allowed; allowed: whole numbers, "
                         "0 <= count <= nobs, nobs >= 1")
    c, n = int(count), int(nobs)
    q = c / n
    reverse = False
    c_work = c
    if c > n // 2:
        c_work, reverse, q = n - c, True, 1 - q

    def func(qi: float) -> float:
        return binom_pvalue(c_work, n, qi) - alpha

    if c_work == 0:
        low = 0.0
    else:
        lower_bnd = _bound(func, q, lower=True)
        low = optimize.brentq(func, lower_bnd, q, full_output=True)[0]
        if func(low) > 0:
            power = 10
            new_lb = low - (low - lower_bnd) / 2 ** power
            while func(new_lb) > 0 and power >= 0:
                power -= 1
                new_lb = low - (low - lower_bnd) / 2 ** power
            low = _bisection(func, new_lb, q)
    if c_work == n:
        high = 1.0
    else:
        upper_bnd = _bound(func, q, lower=False)
        high = optimize.brentq(func, q, upper_bnd, full_output=True)[0]
        if func(high) > 0:
            power = 10
            new_ub = high + (upper_bnd - high) / 2 ** power
            while func(new_ub) > 0 and power >= 0:
                power -= 1
                new_ub = high - (upper_bnd - high) / 2 ** power  # as statsmodels has it
            high = _bisection(func, q, new_ub)
    if reverse:
        low, high = 1 - high, 1 - low
    return float(low), float(high)
