"""Pure pieces of a hypothesis decision (used by :mod:`helpers.audit.hypotheses`): an interval against
its comparator, and the balance's grid of pole shares. Numbers only: percent, or points for a
balance or difference."""

from __future__ import annotations

import numpy as np


def decide(comparator: str, threshold: float, upper: float, margin: float, low: float, high: float) -> str:
    """The outcome of a deciding interval ``[low, high]`` against a comparator (same unit as the bounds).

    ``at_least`` t: supported if low >= t, contradicted if high < t; ``more_than`` t: low > t,
    high <= t; ``at_most`` t: high <= t, low > t; ``between`` t..upper: inside, or wholly outside;
    ``equivalent`` t +/- margin: inside the band, or wholly outside it. Else undetermined.
    Raises ValueError for an unknown comparator.
    """
    if comparator == "at_least":
        holds, fails = low >= threshold, high < threshold
    elif comparator == "more_than":
        holds, fails = low > threshold, high <= threshold
    elif comparator == "at_most":
        holds, fails = high <= threshold, low > threshold
    elif comparator in ("between", "equivalent"):
        bottom, top = (threshold, upper) if comparator == "between" else (threshold - margin, threshold + margin)
        holds, fails = bottom <= low and high <= top, high < bottom or low > top
    else:
        raise ValueError(f"comparator={comparator!r} is not allowed; allowed: at_least, at_most, more_than, "
                         "between, equivalent")
    return "supported" if holds else ("contradicted" if fails else "undetermined")


def balance_grid(pos: tuple[float, float], neg: tuple[float, float], n: float, deff: float,
                 steps: int = 21) -> tuple[np.ndarray, np.ndarray]:
    """Balance (proportion) and its multinomial standard error ``sqrt((p1 + p2 - (p1 - p2)^2) / (n / deff))``
    on a ``steps`` x ``steps`` grid of the box of pole shares ``pos`` x ``neg`` (percent; pairs summing
    above 100 dropped)."""
    p1, p2 = np.meshgrid(np.linspace(pos[0], pos[1], steps) / 100, np.linspace(neg[0], neg[1], steps) / 100)
    keep = (p1 + p2) <= 1 + 1e-12
    p1, p2 = p1[keep], p2[keep]
    diff = p1 - p2
    return diff, np.sqrt(np.maximum(p1 + p2 - diff ** 2, 0.0) / (n / deff))
