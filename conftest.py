"""pytest hooks for the whole project (``make test`` runs nbval over reports/, outside tests/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.build import inputs

ROOT = Path(__file__).resolve().parent


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


def transcription_advice(item: pytest.Item) -> str:
    """What to do when a test holding figures typed in from the article disagrees with data/."""
    path = Path(str(item.fspath))
    try:
        shown = path.relative_to(ROOT).as_posix()
    except ValueError:
        shown = path.as_posix()
    line = item.location[1] + 1 if item.location[1] is not None else "?"
    return (f"{item.name} holds figures typed in from the article, independently of data/ ({shown}, "
            f"test at line {line}). If data/ was corrected on purpose (data/README.md, 'Correcting a figure'): "
            f"check the figure in the article, update the typed-in value in {shown}, then run `make reports` "
            "and `make test`. If data/ was not meant to change, undo the edit.")


def stale_report_advice(path: Path) -> str:
    """What to do about a committed report that nbval finds different."""
    try:
        shown = path.relative_to(ROOT).as_posix()
    except ValueError:
        shown = path.as_posix()
    changed = inputs.changed_files(path)
    why = (f"{shown} is out of date: {inputs.describe(changed)} changed since it was rendered. " if changed else
           f"{shown} was rendered from other inputs than those of this checkout, or its notebook is not deterministic. ")
    return (why + "If the change is deliberate (a notebook, src/ or data/; a data correction as data/README.md "
            "describes): run `make reports` and commit reports/")
