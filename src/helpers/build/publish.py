"""Publishing a run: report files moved into place atomically, the index and the durations.

No report is ever half-written or mixed, not even on a full disk: a report's page, notebook and
exports go into place all together or not at all (:func:`replace_together`: every new file is
written in full to a temporary name in its folder first, then everything is renamed into place,
which needs no space; on any error every step is undone); exported figures and tables are staged
in a hidden folder and moved only when the notebook succeeded. A failed run is kept *beside* the earlier good report as
``<notebook>.failed.ipynb`` and ``.failed.html`` (papermill's error banner on top); the good report
and its exports stay untouched, and the next good run removes the failed files.

``reports/index.html`` links every set; the runner's bookkeeping (status and exports per report)
lives in the sidecar ``reports/state.json``, durations only in the untracked
``reports/durations.json``; the pages (:mod:`helpers.build.site`) are built from what is
on disk, so identical runs leave every committed file unchanged. Two runners may write into one
``--out`` folder: :func:`update_index` rewrites the index and the durations under a lock on the
folder, merging this run's outcomes into what is on disk then, so neither loses the other's.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterator

from . import inputs
from .jobs import FAILED_SUFFIX, Job, Outcome

STATE_FILE = "state.json"  # the runner's bookkeeping: status and exported files per report (committed)


class PublishError(Exception):
    """A report or page could not be put in place (disk full, no permission); nothing of it was.

    The message names the file that could not be written and why, e.g.
    ``No space left on device: /tmp/f/en/01_sample.html``.
    """


def publish(job: Job, notebook: Any, page: str, staging: Path, failed: bool) -> tuple[list[str], list[str]]:
    """Put a run's files in place all together; return the report files and the exports written.

    A good run's exports, ``<nb>.ipynb`` and ``<nb>.html`` replace the earlier report's and an
    earlier run's ``.failed`` files go; a failed run writes only ``<nb>.failed.ipynb``/``.html`` (the
    earlier good report and its exports stay, the failed run's exports are dropped). All or nothing
    (see :func:`replace_together`): raises :class:`PublishError` naming the file it could not write,
    and then the folder holds exactly what it held before.
    """
    import nbformat

    stem = job.notebook.stem
    suffix = FAILED_SUFFIX if failed else ""
    notebook_file = job.folder / f"{stem}{suffix}.ipynb"
    page_file = job.folder / f"{stem}{suffix}.html"
    # the notebook goes into place last: it records the inputs (helpers.build.inputs), so a stop before
    # it leaves the earlier notebook, whose inputs are not this run's, and the next run renders again
    moves = {} if failed else staged_exports(staging, job.folder)
    if not failed:  # the notebook names the exports that go into place with it, and every file's digest
        names = {target: target.relative_to(job.folder).as_posix() for target in moves}
        written = {names[target]: source.read_bytes() for target, source in moves.items()}
        written[page_file.name] = page.encode("utf-8")
        inputs.record_report(notebook.metadata, list(names.values()), [list(pair) for pair in job.shown_parameters],
                             written)
    contents = {page_file: page.encode("utf-8"), notebook_file: (nbformat.writes(notebook) + "\n").encode("utf-8")}
    removals = [] if failed else [job.folder / f"{stem}{FAILED_SUFFIX}{ext}" for ext in (".ipynb", ".html")]
    replace_together(job.folder, contents, moves, removals)
    files = [f"{job.set_name}/{path.name}" for path in (page_file, notebook_file)]
    return files, [target.relative_to(job.folder).as_posix() for target in moves]


def staged_exports(staging: Path, folder: Path) -> dict[Path, Path]:
    """Every file a notebook exported into ``staging``: ``{its place in folder: the staged file}``, sorted."""
    return {folder / source.relative_to(staging): source
            for source in sorted(path for path in staging.rglob("*") if path.is_file())}


def _step(operation: Callable[..., Any], *args: Any) -> Any:
    """One step of :func:`replace_together` (mkdir, write, link, rename, unlink): the one point where
    the tests inject a fault (a full disk on the Nth step)."""
    return operation(*args)


def _write_temporary(folder: Path, target: Path, payload: bytes) -> str:
    """``payload`` written and flushed to disk in a new ``.<name>.<pid>.<random>.tmp`` of ``folder``."""
    from ..core.atomic import FILE_MODE

    handle, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(handle, FILE_MODE)  # mkstemp makes 0600; reports are ordinary files (0666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return name


def _keep_aside(folder: Path, target: Path) -> str:
    """A second name for ``target`` in ``folder`` (a hard link: no data copied, the target stays
    readable), so that it can be put back; a rename where the file system has no hard links."""
    name = str(folder / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        os.link(target, name)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS):
            raise
        os.rename(target, name)
    return name


def replace_together(folder: Path, contents: dict[Path, bytes], moves: dict[Path, Path],
                     removals: list[Path]) -> None:
    """Write ``contents`` (target -> bytes), move ``moves`` (target -> source file on the same file
    system) and delete ``removals``, under ``folder``, all or nothing.

    Everything that needs disk space comes first: missing folders, then every new file written in
    full to a temporary name in ``folder``, then a hard link keeping each file to be replaced or
    deleted. Only then are files renamed into place, which needs no space. On any OSError every
    step done is undone (replaced and deleted files come back from their links, new files and
    folders go), so ``folder`` holds exactly what it held before, and :class:`PublishError` names
    the target that could not be written (``No space left on device: <path>``). Leftover
    temporary names of a killed process are removed by :func:`helpers.build.lifecycle.remove_leftovers`.

    Long: one all-or-nothing transaction and its undo; split, the undo would need every step's state passed
    around.
    """
    made: list[Path] = []
    temporary: dict[Path, str] = {}
    kept: dict[Path, str] = {}
    done: list[Path] = []
    current = folder
    try:
        for target in [*moves, *contents]:
            current = target
            missing = [parent for parent in reversed(target.parents) if parent not in made and not parent.is_dir()]
            for parent in missing:
                _step(os.mkdir, parent)
                made.append(parent)
        for target, payload in contents.items():
            current = target
            temporary[target] = _step(_write_temporary, folder, target, payload)
        for target in dict.fromkeys([*moves, *contents, *removals]):
            if target.is_file():
                current = target
                kept[target] = _step(_keep_aside, folder, target)
        for target, source in [*moves.items(), *temporary.items()]:
            current = target
            _step(os.replace, source, target)
            done.append(target)
        for target in removals:
            if target.exists():
                current = target
                _step(os.unlink, target)
                done.append(target)
    except OSError as error:
        for target in reversed(done):
            with contextlib.suppress(OSError):
                if target in kept:
                    os.replace(kept.pop(target), target)
                else:
                    os.unlink(target)
        for target, name in kept.items():  # set aside by rename (no hard links) but not yet replaced
            if not target.exists():
                with contextlib.suppress(OSError):
                    os.replace(name, target)
        for name in [*temporary.values(), *kept.values()]:
            with contextlib.suppress(OSError):
                os.unlink(name)
        for parent in reversed(made):
            with contextlib.suppress(OSError):
                os.rmdir(parent)
        raise PublishError(f"{error.strerror or error}: {current}") from error
    for name in kept.values():
        with contextlib.suppress(OSError):  # a leftover would be removed by the next run
            os.unlink(name)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary sibling (see :func:`replace_together`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_together(path.parent, {path: text.encode("utf-8")}, {}, [])


def read_index(out: Path) -> dict[str, dict[str, Any]]:
    """The entries an earlier run recorded in ``out/state.json`` (:data:`STATE_FILE`), keyed by
    ``<set>/<notebook>``, each with its duration from the untracked ``durations.json`` (or None).

    A missing or unreadable state file (hand-edited, a folder of an older runner) reads as no
    entries: every report is then "not rendered yet" and renders again; nothing crashes.
    """
    from .site import DURATIONS_FILE

    entries = _read_json(out / STATE_FILE)
    durations = _read_json(out / DURATIONS_FILE)
    durations = durations if isinstance(durations, dict) else {}
    found = {f"{entry['set']}/{entry['notebook']}": entry for entry in (entries if isinstance(entries, list) else [])
             if isinstance(entry, dict) and isinstance(entry.get("set"), str) and isinstance(entry.get("notebook"), str)}
    for key, entry in found.items():
        entry["duration"] = durations.get(key)
    return found


def _read_json(path: Path) -> Any:
    """A JSON file's value, or None when it is missing or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def from_disk(out: Path, previous: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``previous`` with each good report's exports and parameters read from its executed notebook on disk
    (:func:`helpers.build.inputs.published`), which went into place with its exports: a runner killed after
    a worker published a report, but before it rewrote ``state.json``, leaves the state describing the
    earlier run, never the notebook."""
    refreshed = {}
    for key, entry in previous.items():
        record_ = inputs.published(out / entry.get("set", "") / f"{entry.get('notebook', '')}.ipynb") \
            if entry.get("status") == "ok" else None
        refreshed[key] = {**entry, **record_} if record_ else entry
    return refreshed


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


EXPORT_FOLDERS = ("figures", "tables")


def remove_unrecorded_exports(folder: Path) -> list[Path]:
    """Delete the files under a set's ``figures/`` and ``tables/`` that no report in ``folder`` recorded
    (:func:`helpers.build.inputs.folder_records`): exports an earlier run made that a later run, killed
    before it could tidy up, no longer makes. Nothing is deleted when some report of the folder has no
    record (written before notebooks recorded their files): its exports cannot be told apart. Returns
    the files deleted."""
    records = list(inputs.folder_records(folder).values())
    if not records or any(record is None for record in records):
        return []
    kept = {name for record in records for name in record}
    removed = []
    for sub in EXPORT_FOLDERS:
        for path in sorted((folder / sub).rglob("*")) if (folder / sub).is_dir() else []:
            if path.is_file() and not path.name.startswith(".") and path.relative_to(folder).as_posix() not in kept:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def write_index(out: Path, entries: list[dict[str, Any]], set_order: list[str],
                unreadable: list[str] | None = None) -> Path:
    """Write the site (entry page, a landing page and run details per set) from what is on disk.

    The pages come from :mod:`helpers.build.site`, which scans ``out``; ``entries`` (status and
    exports per report) go to the sidecar ``out/state.json`` without durations, which go to the
    untracked ``out/durations.json`` so that an unchanged tree re-rendered stays unchanged.
    """
    from . import site

    durations = {f"{entry['set']}/{entry['notebook']}": entry["duration"]
                 for entry in entries if entry.get("duration") is not None}
    kept = [{key: value for key, value in entry.items() if key != "duration"} for entry in entries]
    pages = {out / site.DURATIONS_FILE: json.dumps(durations, indent=1, sort_keys=True) + "\n",
             out / STATE_FILE: json.dumps(kept, indent=1, sort_keys=True, ensure_ascii=False) + "\n"}
    index = site.write(out, pages.__setitem__, unreadable)
    # every page and the durations together: a full disk keeps the earlier site whole (PublishError)
    replace_together(out, {path: text.encode("utf-8") for path, text in pages.items()}, {}, [])
    return index




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
                 set_order: list[str], unreadable: list[str] | None = None) -> Path:
    """Merge this run's outcomes into the index and ``durations.json`` on disk; return the index's path.

    ``previous`` is the index as this run read it at its start. Under :func:`index_lock` the index
    is read again: another runner into the same folder may have finished meanwhile, and its
    entries and durations stay (this run's outcomes replace only the entries of the reports it
    rendered). Without such a runner both readings are equal and so is the result. The runner
    calls it at the end of every run, an "up to date" one too, so the site always describes what
    is on disk; notebooks it could not read are named in ``unreadable``.
    """
    with index_lock(out):
        # the reports this run rendered: as they were before it (``previous``, read from disk at its start:
        # their notebooks on disk are now this run's); the others as the disk says now
        rendered = {outcome.name for outcome in outcomes}
        current = {**previous, **from_disk(out, read_index(out)),
                   **{key: entry for key, entry in previous.items() if key in rendered}}
        entries = sorted(index_entries(out, outcomes, current), key=lambda entry: entry_order(entry, set_order))
        remove_stale_exports(out, outcomes, current, entries)
        for set_name in {entry["set"] for entry in entries}:  # what a killed run left behind, too
            remove_unrecorded_exports(out / set_name)
        return write_index(out, entries, set_order, unreadable)


def entry_order(entry: dict[str, Any], set_order: list[str]) -> tuple:
    """Where an index entry goes: sets in ``reports.yml`` order (others after, by name), then notebooks by
    name, so the index is the same bytes however the renders finished (a fresh ``--out`` included)."""
    known = entry["set"] in set_order
    return (not known, set_order.index(entry["set"]) if known else 0, entry["set"], entry["notebook"])
