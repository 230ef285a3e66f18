"""pytest hooks for the whole project (``make test`` runs nbval over reports/, outside tests/)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from helpers.build import inputs, lifecycle, timing

ROOT = Path(__file__).resolve().parent
_PRIVATE_HOMES: list[tuple[str, dict[str, str]]] = []  # the folder this process made, and what it set
_STARTED: list[float] = []  # when this session started (time.monotonic), for the summary's wall time


def pytest_configure(config: pytest.Config) -> None:
    """With an unwritable HOME, give the kernels nbval starts (and this process) the configuration
    folders the runner gives its own (:func:`helpers.build.lifecycle.private_homes`): else matplotlib
    warns on stderr in every cell that imports it (nbval fails on that output) and matplotlib and
    IPython leave a temporary folder per process. Removed again at the end."""
    folder = tempfile.mkdtemp(prefix="digivaardig-test-homes-")
    homes = lifecycle.private_homes(Path(folder))
    if not homes:  # HOME is fine (or a parent process set these already: xdist workers inherit them)
        os.rmdir(folder)
        return
    os.environ.update(homes)
    _PRIVATE_HOMES.append((folder, homes))


def pytest_sessionstart(session: pytest.Session) -> None:
    _STARTED.append(time.monotonic())


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Print :func:`helpers.build.timing.run_summary` at the end of every run (the controller's, with xdist)."""
    if hasattr(config, "workerinput") or not _STARTED:
        return
    reports = [r for key in ("passed", "failed", "skipped", "xfailed", "xpassed") for r in
               terminalreporter.stats.get(key, [])]
    terminalreporter.write_line(timing.run_summary(reports, time.monotonic() - _STARTED[0]))


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder, homes in _PRIVATE_HOMES:
        for variable, value in homes.items():
            if os.environ.get(variable) == value:
                del os.environ[variable]
        shutil.rmtree(folder, ignore_errors=True)
    _PRIVATE_HOMES.clear()


# The test modules that take longest (measured with --durations on 2 cores, slowest first). `make test`
# runs with pytest-xdist --dist loadfile --no-loadscope-reorder: each module goes whole to one worker,
# in collection order, so these go first and the many short modules even out the end of the run
# (xdist's default order, most tests first, left a few long modules with few tests for last).
# Only an order: a module missing here runs after them, in the usual order; nothing fails.
SLOW_FIRST = (
    "tests/build/test_runner_hardening.py",
    "tests/words/test_markup.py",
    "tests/build/test_lab.py",
    "tests/build/test_runner.py",
    "tests/notebooks/test_notebooks.py",
    "tests/build/test_incremental.py",
    "tests/reports/test_browser.py",
    "tests/sensitivity/test_multiverse.py",
    "tests/display/test_charts.py",
    "tests/display/test_chart_images.py",
    "tests/build/test_runner_stops.py",
    "tests/build/test_runner_causes.py",
    "tests/build/test_runner_untrusted.py",
    "tests/inference/test_caches.py",
    "tests/build/test_parameter_sets.py",
    "tests/core/test_data_faults.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the modules of :data:`SLOW_FIRST` first, in that order, then nbval's committed reports (a few
    seconds each), then the rest (stable: every module stays whole and keeps its own order of tests)."""
    rank = {name: position for position, name in enumerate(SLOW_FIRST)}

    def position(item: pytest.Item) -> int:
        try:
            name = Path(str(item.fspath)).relative_to(ROOT).as_posix()
        except ValueError:
            return len(rank) + 1
        return rank.get(name, len(rank) + (0 if name.startswith("reports/") else 1))

    items.sort(key=position)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """End every failure of nbval (a committed report whose outputs differ) with the command that
    fixes it, and say which of the report's inputs changed since it was rendered."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and type(item).__module__.startswith("nbval"):
        report.longrepr = f"{report.longrepr}\n\n{stale_report_advice(Path(str(item.fspath)))}"
    elif report.failed and item.get_closest_marker("transcription"):
        report.longrepr = f"{report.longrepr}\n\n{transcription_advice(item)}"


KEY = "tests/transcription_key.py"  # the one file of figures typed in from the article (data/README.md)


def transcription_advice(item: pytest.Item) -> str:
    """What to do when a test holding figures typed in from the article disagrees with data/."""
    path = Path(str(item.fspath))
    try:
        shown = path.relative_to(ROOT).as_posix()
    except ValueError:
        shown = path.as_posix()
    line = item.location[1] + 1 if item.location[1] is not None else "?"
    return (f"{item.name} compares data/ with the transcription key, the figures typed in from the article "
            f"({KEY}; test in {shown} at line {line}). If data/ was corrected on purpose (data/README.md, "
            f"'Correcting a figure'): check the figure in the article, update it in {KEY}, then run `make reports` "
            "and `make test`. If data/ was not meant to change, undo the edit.")


def stale_report_advice(path: Path) -> str:
    """What to do about a committed report (``reports/<set>/<stem>.ipynb``) that nbval finds different.

    When one of its inputs changed, ``make reports`` renders it. When none did (a hand edit, or a
    render from another checkout), ``make reports`` renders nothing: the advice forces that one report.
    """
    try:
        shown = path.relative_to(ROOT).as_posix()
    except ValueError:
        shown = path.as_posix()
    changed = inputs.changed_files(path)
    if changed:
        return (f"{shown} is out of date: {inputs.describe(changed)} changed since it was rendered. If the change "
                "is deliberate (a notebook, src/ or data/; a data correction as data/README.md describes): run "
                "`make reports` and commit reports/")
    force = f'make reports REPORTS_ARGS="--set {path.parent.name} --only {path.stem} --force"'
    why = ("none of its inputs changed since it was rendered" if changed is not None else
           "it records no inputs to compare")
    return (f"{shown} differs from what its notebook produces, but {why}: it was edited by hand, rendered from "
            "another checkout, or its notebook is not deterministic. `make reports` renders nothing here; "
            f"`{force}` renders it again (`make reports REPORTS_ARGS=--force` renders every report); "
            "then commit reports/")
