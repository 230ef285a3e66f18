"""How a test run's time divides, for the line every ``make test`` ends with (the root ``conftest.py``)."""

from __future__ import annotations

from typing import Iterable


def run_summary(reports: Iterable, wall: float) -> str:
    """One line on how a run's time divides: every test and nbval's cells (items under ``reports/``),
    each with its count and summed call time, and the run's wall time with its ratio to nbval's time
    (issue 21's measure: ``make test`` at most 4 times nbval's own time in the same run)."""
    calls = [r for r in reports if getattr(r, "when", None) == "call"]
    cells = [r for r in calls if str(r.nodeid).startswith("reports/")]
    notebooks = {str(r.nodeid).split("::", 1)[0] for r in cells}
    nbval = sum(r.duration for r in cells)
    ratio = f"{wall / nbval:.1f}" if nbval else "n/a"
    return (f"{len(calls)} tests run, {len(cells)} of them nbval cells of {len(notebooks)} reports; summed test "
            f"time {sum(r.duration for r in calls):.1f} s, of it nbval {nbval:.1f} s; wall {wall:.1f} s "
            f"(wall / nbval's time: {ratio})")
