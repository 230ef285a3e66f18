"""statsmodels' ``binom_test`` interval for many counts at once, for the multiverse grid.

``statsmodels.stats.proportion.proportion_confint(method="binom_test")`` inverts scipy's exact
two-sided binomial test (``scipy.stats.binomtest``, the "minlike" p-value) with ``brentq``, one
interval at a time; each takes about 0.1-0.2 s, almost all of it the per-call overhead of
``scipy.stats.binom`` inside ``binomtest``, and the multiverse needs about 500 of them.
:func:`binom_test_intervals` runs statsmodels' algorithm (the same bracketing, root finder,
tolerances and conservative fallback, in the same order) for all intervals together: a masked
copy of scipy's ``brentq`` (:func:`_brentq`, ``scipy/optimize/Zeros/brentq.c``) steps every
interval at once on a vectorised p-value (:func:`binom_pvalues`) computed from the public
``scipy.stats.binom`` pmf, cdf and sf, with the distribution's own support rules. Every element
sees the same sequence of float operations as the one-at-a-time code, about a hundred times
faster (the 500 intervals: about 0.1 s). :func:`binom_pvalue` is the one-at-a-time p-value, the
reference. ``tests/test_multiverse.py`` checks p-values against scipy, the root finder against
``scipy.optimize.brentq`` and the intervals against statsmodels over many counts, sizes and
levels, each to a stated tolerance (not bit for bit: the elementary functions may round
differently on different CPUs, e.g. with AVX-512), so a library update or a wrong root shows up
as a failing test.

Used by :mod:`helpers.sensitivity.multiverse` only; the notebooks' tables keep calling statsmodels.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import binom

EPS = float(np.finfo(float).eps)
RERR = 1 + 1e-7  # scipy.stats.binomtest's relative tolerance for "as likely as the observed count"
XTOL, RTOL, MAXITER = 2e-12, 4 * EPS, 100  # scipy.optimize.brentq's defaults, as statsmodels calls it


# ---------------------------------------------------------------- the p-value, one at a time (the reference)

def _pmf(k: float, n: int, p: float) -> float:
    """``scipy.stats.binom.pmf`` for a whole k: zero outside 0..n."""
    return 0.0 if k < 0 or k > n else float(binom.pmf(k, n, p))


def _cdf(k: float, n: int, p: float) -> float:
    """``scipy.stats.binom.cdf``: 0 below the support, 1 from n on."""
    k = math.floor(k)
    return 0.0 if k < 0 else 1.0 if k >= n else float(binom.cdf(k, n, p))


def _sf(k: float, n: int, p: float) -> float:
    """``scipy.stats.binom.sf``: 1 below the support, 0 from n on."""
    k = math.floor(k)
    return 1.0 if k < 0 else 0.0 if k >= n else float(binom.sf(k, n, p))


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


# ---------------------------------------------------------------- the p-value, many at once

def _pmf_array(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """:func:`_pmf` elementwise (the same ufunc, element by element the same float)."""
    inside = (k >= 0) & (k <= n)
    out = np.zeros(k.shape)
    out[inside] = binom.pmf(k[inside], n[inside], p[inside])
    return out


def _tail_array(ufunc, k: np.ndarray, n: np.ndarray, p: np.ndarray, below: float) -> np.ndarray:
    """A binomial tail elementwise with scipy's support rules: ``below`` under the support, ``1 - below`` from n on."""
    k = np.floor(k)
    out = np.where(k < 0, below, 1.0 - below)
    inside = (k >= 0) & (k < n)
    out[inside] = ufunc(k[inside], n[inside], p[inside])
    return out


def _cdf_array(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """:func:`_cdf` elementwise."""
    return _tail_array(binom.cdf, k, n, p, below=0.0)


def _sf_array(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """:func:`_sf` elementwise."""
    return _tail_array(binom.sf, k, n, p, below=1.0)


def _largest_at_most(values, target: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per element, the largest i in lo..hi with ``values(i, rows) <= target`` (lo - 1 if none), by bisection.

    ``values(i, rows)`` evaluates a non-decreasing sequence at indices ``i`` for the elements ``rows``.
    On such a sequence this is what scipy's binary search (:func:`_search`) returns whenever no
    element equals the target; the caller sends the others to :func:`binom_pvalue`.
    """
    below, above = lo - 1, hi + 1  # invariant: values(below) <= target < values(above), ends virtual
    while True:
        rows = np.flatnonzero(above - below > 1)
        if rows.size == 0:
            return below
        mid = (below[rows] + above[rows]) // 2
        at_most = values(mid, rows) <= target[rows]
        below[rows[at_most]] = mid[at_most]
        above[rows[~at_most]] = mid[~at_most]


def binom_pvalues(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """:func:`binom_pvalue` elementwise for arrays of whole ``k``, ``n`` and probabilities ``p``.

    The search for the other tail's boundary runs as a bisection over all elements at once: the
    binomial pmf is strictly monotone on each side of its mean (adjacent terms differ by a ratio of
    at least ``1 + 1/(n + 1)``, far above rounding), so the boundary is unique and any exact search
    finds scipy's. Elements whose pmf at ``k`` underflows to zero (ties with the target) and
    ``k == p n`` go through :func:`binom_pvalue` itself. Tested against scipy's ``binomtest``.
    """
    k, n, p = (np.asarray(v, dtype=float) for v in (k, n, p))
    d = _pmf_array(k, n, p)
    pn = p * n
    special = (k == pn) | (d == 0)
    right = (k < pn) & ~special  # the observed count lies left of the mean: search the right tail
    left = ~right & ~special
    pval = np.empty(k.shape)
    target = d * RERR
    if right.any():
        r = np.flatnonzero(right)
        n_r, p_r = n[r], p[r]
        ix = _largest_at_most(lambda i, rows: -binom.pmf(i, n_r[rows], p_r[rows]), -target[r],
                              np.ceil(pn[r]), n_r.copy())
        y = n[r] - ix + (target[r] == _pmf_array(ix, n[r], p[r]))
        pval[r] = _cdf_array(k[r], n[r], p[r]) + _sf_array(n[r] - y, n[r], p[r])
    if left.any():
        l_ = np.flatnonzero(left)
        n_l, p_l = n[l_], p[l_]
        ix = _largest_at_most(lambda i, rows: binom.pmf(i, n_l[rows], p_l[rows]), target[l_],
                              np.zeros(l_.size), np.floor(pn[l_]))
        y = ix + 1
        pval[l_] = _cdf_array(y - 1, n[l_], p[l_]) + _sf_array(k[l_] - 1, n[l_], p[l_])
    for i in np.flatnonzero(special):
        pval[i] = binom_pvalue(int(k[i]), int(n[i]), float(p[i]))
    return np.minimum(1.0, pval)


# ---------------------------------------------------------------- statsmodels' inversion, many at once

def _brentq(func, xa: np.ndarray, xb: np.ndarray) -> np.ndarray:
    """scipy's ``brentq`` (``scipy/optimize/Zeros/brentq.c``, defaults xtol, rtol, maxiter) for many roots at once.

    ``func(x, rows)`` evaluates the functions of the elements ``rows`` at ``x``. Every element runs
    the same float operations as the C code in the same order (masked per branch), so on the same
    function evaluations each root is the float scipy returns; tested against ``scipy.optimize.brentq``. ValueError where a bracket
    does not change sign, RuntimeError where one does not converge (as scipy raises).
    """
    size = xa.size
    every = np.arange(size)
    xpre, xcur = xa.astype(float).copy(), xb.astype(float).copy()
    fpre, fcur = func(xpre, every), func(xcur, every)
    if np.any(np.isnan(fpre)) or np.any(np.isnan(fcur)):
        raise ValueError("the function returned NaN")
    if np.any(fpre * fcur > 0):
        raise ValueError("f(a) and f(b) must have different signs")
    xblk, fblk, spre, scur = np.zeros(size), np.zeros(size), np.zeros(size), np.zeros(size)
    root = np.where(fpre == 0, xpre, xcur)
    active = (fpre != 0) & (fcur != 0)
    for _ in range(MAXITER):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            return root
        xp, xc, xb_, fp, fc, fb, sp, sc = (v[rows] for v in (xpre, xcur, xblk, fpre, fcur, fblk, spre, scur))
        straddle = fp * fc < 0
        xb_, fb = np.where(straddle, xp, xb_), np.where(straddle, fp, fb)
        sp = np.where(straddle, xc - xp, sp)
        sc = np.where(straddle, xc - xp, sc)
        swap = np.abs(fb) < np.abs(fc)
        xp, xc, xb_ = np.where(swap, xc, xp), np.where(swap, xb_, xc), np.where(swap, xc, xb_)
        fp, fc, fb = np.where(swap, fc, fp), np.where(swap, fb, fc), np.where(swap, fc, fb)
        delta = (XTOL + RTOL * np.abs(xc)) / 2
        sbis = (xb_ - xc) / 2
        done = (fc == 0) | (np.abs(sbis) < delta)
        root[rows[done]] = xc[done]
        with np.errstate(divide="ignore", invalid="ignore"):  # computed for every element, used where chosen
            interpolate = -fc * (xc - xp) / (fc - fp)
            dpre = (fp - fc) / (xp - xc)
            dblk = (fb - fc) / (xb_ - xc)
            extrapolate = -fc * (fb * dblk - fp * dpre) / (dblk * dpre * (fb - fp))
        stry = np.where(xp == xb_, interpolate, extrapolate)
        tried = (np.abs(sp) > delta) & (np.abs(fc) < np.abs(fp))
        good = tried & (2 * np.abs(stry) < np.minimum(np.abs(sp), 3 * np.abs(sbis) - delta))
        sp, sc = np.where(good, sc, sbis), np.where(good, stry, sbis)
        xp, fp = xc, fc
        xc = np.where(np.abs(sc) > delta, xc + sc, xc + np.where(sbis > 0, delta, -delta))
        go = ~done
        moving = rows[go]
        for target, value in ((xpre, xp), (xcur, xc), (xblk, xb_), (fpre, fp), (fblk, fb), (spre, sp), (scur, sc)):
            target[moving] = value[go]
        active[rows[done]] = False
        if moving.size:
            fcur[moving] = func(xcur[moving], moving)
            if np.any(np.isnan(fcur[moving])):
                raise ValueError("the function returned NaN")
    if active.any():
        raise RuntimeError(f"brentq did not converge in {MAXITER} iterations")
    return root


def _bound(func, qi: np.ndarray, lower: bool) -> np.ndarray:
    """statsmodels' ``_bound_proportion_confint`` per element: a coarse bracket end where ``func`` is negative."""
    default = EPS if lower else 1.0 - EPS

    def step(v: np.ndarray) -> np.ndarray:
        return v / 8 if lower else v + (1.0 - v) / 8

    every = np.arange(qi.size)
    x = step(qi)
    w = func(x, every)
    cnt = np.ones(qi.size, dtype=int)
    while True:
        rows = np.flatnonzero((w > 0) & (cnt < 10))
        if rows.size == 0:
            return np.where(cnt < 10, x, default)
        x[rows] = step(x[rows])
        w[rows] = func(x[rows], rows)
        cnt[rows] += 1


def _bisection(func, lb: np.ndarray, ub: np.ndarray, steps: int = 27) -> np.ndarray:
    """statsmodels' ``_bisection_search_conservative`` per element: a point where ``func`` is negative."""
    every = np.arange(lb.size)
    lb, ub = lb.copy(), ub.copy()
    upper, lower = func(ub, every), func(lb, every)
    best = np.where(upper < 0, upper, lower)
    best_pt = np.where(upper < 0, ub, lb)
    if np.any(np.sign(lower) == np.sign(upper)):
        raise ValueError("problem with signs")
    mp = (ub + lb) / 2
    mid = func(mp, every)
    better = (mid < 0) & (mid > best)
    best, best_pt = np.where(better, mid, best), np.where(better, mp, best_pt)
    for _ in range(steps):
        same = np.sign(mid) == np.sign(upper)
        ub, upper = np.where(same, mp, ub), np.where(same, mid, upper)
        lb = np.where(same, lb, mp)
        mp = (ub + lb) / 2
        mid = func(mp, every)
        better = (mid < 0) & (mid > best)
        best, best_pt = np.where(better, mid, best), np.where(better, mp, best_pt)
    return best_pt


def _conservative(func, root: np.ndarray, bound: np.ndarray, q: np.ndarray, lower: bool) -> np.ndarray:
    """statsmodels' step after ``brentq``: where the p-value at the root is above alpha, a conservative bound."""
    out = root.copy()
    rows = np.flatnonzero(func(root, np.arange(root.size)) > 0)
    if rows.size == 0:
        return out
    sub = lambda x, r: func(x, rows[r])  # noqa: E731  (the function of the rows being fixed)
    r0, b0, q0 = root[rows], bound[rows], q[rows]
    power = np.full(rows.size, 10)
    if lower:
        new = r0 - (r0 - b0) / 2.0 ** power
    else:
        new = r0 + (b0 - r0) / 2.0 ** power
    while True:
        going = np.flatnonzero((sub(new, np.arange(rows.size)) > 0) & (power >= 0))
        if going.size == 0:
            break
        power[going] -= 1
        if lower:
            new[going] = r0[going] - (r0[going] - b0[going]) / 2.0 ** power[going]
        else:  # statsmodels subtracts here (after adding above): kept, so the bounds stay its bounds
            new[going] = r0[going] - (b0[going] - r0[going]) / 2.0 ** power[going]
    out[rows] = _bisection(sub, new, q0) if lower else _bisection(sub, q0, new)
    return out


def binom_test_intervals(count, nobs, alpha) -> tuple[np.ndarray, np.ndarray]:
    """``proportion_confint(count, nobs, alpha, method="binom_test")`` for arrays (proportions).

    ``count`` and ``nobs`` whole with ``0 <= count <= nobs`` and ``nobs >= 1``, ``alpha`` in (0, 1)
    (arrays of one shape, or scalars); ValueError naming the first bad element otherwise. Returns
    ``(low, high)`` arrays. statsmodels' algorithm (bracket, ``brentq``, conservative fallback,
    the same order and constants) for all intervals at once, on :func:`binom_pvalues`; about a
    hundred times faster than calling statsmodels per interval. Tested against statsmodels.
    """
    count, nobs, alpha = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (count, nobs, alpha)))
    count, nobs, alpha = count.ravel(), nobs.ravel(), alpha.ravel()
    bad = ~((count == np.floor(count)) & (nobs == np.floor(nobs)) & (count >= 0) & (count <= nobs) & (nobs >= 1)
            & (alpha > 0) & (alpha < 1))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"count={count[i]:g}, nobs={nobs[i]:g}, alpha={alpha[i]:g} (element {i}) is not allowed; allowed: whole "
                         "numbers, 0 <= count <= nobs, nobs >= 1, 0 < alpha < 1")
    half = np.floor(nobs / 2)
    reverse = count > half
    c_work = np.where(reverse, nobs - count, count)
    q = count / nobs
    q = np.where(reverse, 1 - q, q)
    low, high = np.zeros(count.size), np.ones(count.size)

    def solve(rows: np.ndarray, lower: bool) -> np.ndarray:
        def func(x: np.ndarray, at: np.ndarray) -> np.ndarray:
            i = rows[at]
            return binom_pvalues(c_work[i], nobs[i], x) - alpha[i]
        qr = q[rows]
        bound = _bound(func, qr.copy(), lower)
        root = _brentq(func, bound, qr) if lower else _brentq(func, qr, bound)
        return _conservative(func, root, bound, qr, lower)

    needs_low = np.flatnonzero(c_work != 0)
    if needs_low.size:
        low[needs_low] = solve(needs_low, lower=True)
    needs_high = np.flatnonzero(c_work != nobs)
    if needs_high.size:
        high[needs_high] = solve(needs_high, lower=False)
    return np.where(reverse, 1 - high, low), np.where(reverse, 1 - low, high)


def binom_test_interval(count: int, nobs: int, alpha: float) -> tuple[float, float]:
    """``proportion_confint(count, nobs, alpha, method="binom_test")`` (proportions, two-sided), fast.

    One interval of :func:`binom_test_intervals`; whole ``0 <= count <= nobs``, ``nobs >= 1``;
    ValueError otherwise.
    """
    if count != int(count) or nobs != int(nobs) or not 0 <= count <= nobs or nobs < 1:
        raise ValueError(f"count={count!r}, nobs={nobs!r} is not allowed; allowed: whole numbers, "
                         "0 <= count <= nobs, nobs >= 1")
    low, high = binom_test_intervals(count, nobs, alpha)
    return float(low[0]), float(high[0])
