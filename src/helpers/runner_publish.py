"""Publishing a run: report files moved into place atomically, the index and the durations.

No report is ever half-written: every file goes to a temporary name in its folder and is moved
into place with ``os.replace``; exported figures and tables are staged in a hidden folder and
moved only when the notebook succeeded. A failed run is kept *beside* the earlier good report as
``<notebook>.failed.ipynb`` and ``.failed.html`` (papermill's error banner on top); the good report
and its exports stay untouched, and the next good run removes the failed files.

``reports/index.html`` links every report with its parameters and status; durations live only in
the untracked ``reports/durations.json``; the pages (:mod:`helpers.site`) are built from what is
on disk, so identical runs leave every committed file unchanged. Two runners may write into one
``--out`` folder: :func:`update_index` rewrites the index and the durations under a lock on the
folder, merging this run's outcomes into what is on disk then, so neither loses the other's.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterator

from .runner_jobs import FAILED_SUFFIX, Job, Outcome

INDEX_DATA_ID = "digivaardig-reports"


def publish(job: Job, notebook: Any, page: str, staging: Path, failed: bool) -> tuple[list[str], list[str]]:
    """Move a run's files into place atomically; return the report files and the exports written.

    A good run moves its exports, then writes ``<nb>.ipynb`` and ``<nb>.html`` and removes an earlier
    run's ``.failed`` files. A failed run writes only ``<nb>.failed.ipynb``/``.html``: the earlier good
    report and its exports stay as they were, and the failed run's exports are dropped.
    """
    import nbformat

    stem = job.notebook.stem
    suffix = FAILED_SUFFIX if failed else ""
    exports = [] if failed else move_exports(staging, job.folder)
    notebook_file = job.folder / f"{stem}{suffix}.ipynb"
    page_file = job.folder / f"{stem}{suffix}.html"
    write_atomic(notebook_file, nbformat.writes(notebook) + "\n")
    write_atomic(page_file, page)
    if not failed:
        for leftover in (f"{stem}{FAILED_SUFFIX}.ipynb", f"{stem}{FAILED_SUFFIX}.html"):
            (job.folder / leftover).unlink(missing_ok=True)
    files = [f"{job.set_name}/{path.name}" for path in (page_file, notebook_file)]
    return files, exports


def move_exports(staging: Path, folder: Path) -> list[str]:
    """Move every file a notebook exported from its staging folder into the set's folder, one by one."""
    moved = []
    for source in sorted(path for path in staging.rglob("*") if path.is_file()):
        relative = source.relative_to(staging)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        moved.append(relative.as_posix())
    return moved


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary sibling (see :mod:`helpers.atomic`)."""
    from .atomic import write_files

    path.parent.mkdir(parents=True, exist_ok=True)
    write_files({path: text.encode("utf-8")})



def read_index(out: Path) -> dict[str, dict[str, Any]]:
    """The entries recorded in an earlier ``index.html`` (embedded JSON), keyed by ``<set>/<notebook>``."""
    index = out / "index.html"
    if not index.is_file():
        return {}
    match = re.search(rf'<script type="application/json" id="{INDEX_DATA_ID}">(.*?)</script>',
                      index.read_text(encoding="utf-8"), flags=re.DOTALL)
    try:
        entries = json.loads(match.group(1).replace("<\\/", "</")) if match else []
    except json.JSONDecodeError:
        return {}
    try:
        durations = json.loads((out / "durations.json").read_text(encoding="utf-8"))  # site.DURATIONS_FILE
    except (OSError, ValueError):
        durations = {}
    found = {f"{entry['set']}/{entry['notebook']}": entry for entry in entries}
    for key, entry in found.items():
        entry["duration"] = durations.get(key) if isinstance(durations, dict) else None
    return found


def index_entries(out: Path, outcomes: list[Outcome], previous: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """This run's outcomes plus earlier reports still on disk, as the index lists them."""
    entries = {key: entry for key, entry in previous.items()
               if any((out / name).is_file() for name in entry.get("files", []))}
    for outcome in outcomes:
        entry = asdict(outcome)
        entry["set"] = entry.pop("set_name")
        entry["duration"] = round(outcome.duration, 1)
        entry["failure"] = outcome.failure.describe() if outcome.failure else None
        if outcome.status == "failed":
            kept = previous.get(outcome.name, {})
            entry["exports"] = kept.get("exports", [])  # the earlier report's exports stay in place
            entry["earlier_report"] = f"{outcome.set_name}/{outcome.notebook}.html" \
                if (out / outcome.set_name / f"{outcome.notebook}.html").is_file() else None
        entries[outcome.name] = entry
    return list(entries.values())


def remove_stale_exports(out: Path, outcomes: list[Outcome], previous: dict[str, dict[str, Any]],
                         entries: list[dict[str, Any]]) -> None:
    """Delete figures/tables an earlier good run exported that the new good run no longer exports."""
    for outcome in outcomes:
        if outcome.status != "ok":
            continue
        still_used = {name for entry in entries if entry["set"] == outcome.set_name for name in entry["exports"]}
        for name in set(previous.get(outcome.name, {}).get("exports", [])) - still_used:
            (out / outcome.set_name / name).unlink(missing_ok=True)


def write_index(out: Path, entries: list[dict[str, Any]], set_order: list[str]) -> Path:
    """Write the site (entry page, a landing page and run details per set) from what is on disk.

    The pages come from :mod:`helpers.site`, which scans ``out``; the entry page embeds ``entries``
    (status and exports per report) without durations, which go to the untracked
    ``out/durations.json`` so that an unchanged tree re-rendered stays unchanged.
    """
    from . import site

    durations = {f"{entry['set']}/{entry['notebook']}": entry["duration"]
                 for entry in entries if entry.get("duration") is not None}
    write_atomic(out / site.DURATIONS_FILE, json.dumps(durations, indent=1, sort_keys=True) + "\n")
    return site.write(out, INDEX_DATA_ID, entries, write_atomic)




@contextlib.contextmanager
def index_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the folder ``out`` (created if missing) inside the block.

    Runners writing into one folder update its index and durations one after the other. The lock
    lives on an open descriptor of the folder itself (no lock file to leave behind); the kernel
    releases it when the descriptor closes, also when the runner is killed.
    """
    out.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def update_index(out: Path, outcomes: list[Outcome], previous: dict[str, dict[str, Any]],
                 set_order: list[str]) -> Path:
    """Merge this run's outcomes into the index and ``durations.json`` on disk; return the index's path.

    ``previous`` is the index as this run read it at its start. Under :func:`index_lock` the index
    is read again: another runner into the same folder may have finished meanwhile, and its
    entries and durations stay (this run's outcomes replace only the entries of the reports it
    rendered). Without such a runner both readings are equal and so is the result.
    """
    with index_lock(out):
        current = {**previous, **read_index(out)}
        entries = index_entries(out, outcomes, current)
        remove_stale_exports(out, outcomes, current, entries)
        return write_index(out, entries, set_order)
