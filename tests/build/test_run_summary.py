"""The line every test run ends with: counts of tests and nbval cells, their summed time, and the wall ratio."""

from __future__ import annotations

from types import SimpleNamespace

from helpers.build import timing


def _report(nodeid: str, when: str, duration: float) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid, when=when, duration=duration)


def test_the_summary_counts_calls_and_nbval_cells_apart():
    reports = [_report("tests/a.py::test_x", "call", 2.0), _report("tests/a.py::test_x", "setup", 9.0),
               _report("reports/nl/01.ipynb::Cell 0", "call", 1.5), _report("reports/nl/01.ipynb::Cell 1", "call", 0.5),
               _report("reports/en/01.ipynb::Cell 0", "call", 2.0)]
    line = timing.run_summary(reports, wall=16.0)
    assert line.startswith("4 tests run, 3 of them nbval cells of 2 reports;"), line
    assert "summed test time 6.0 s, of it nbval 4.0 s; wall 16.0 s (wall / nbval's time: 4.0)" in line


def test_a_run_without_nbval_says_so():
    assert timing.run_summary([_report("tests/a.py::t", "call", 1.0)], wall=3.0).endswith("(wall / nbval's time: n/a)")
