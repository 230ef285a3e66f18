"""Multiplicity: the score test that decides a share against a threshold, and Holm's adjustment on arrays.

Numbers only. :func:`score_p` is the one-sided score test of a proportion (the test the Wilson
interval inverts); :func:`holm_adjust` is Holm's step-down adjustment for many families at once
(one row each), checked against ``statsmodels.stats.multitest.multipletests(method="holm")``. The
audit's Holm family is :func:`helpers.audit.verdicts.holm_family` (each declared hypothesis once).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr


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
