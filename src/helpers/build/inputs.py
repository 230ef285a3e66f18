"""What a report is made from, as digests stored in the report, so the runner renders only what changed.

A report (one notebook rendered with one parameter set) depends on:

* its notebook file (``notebooks/<stem>.ipynb``);
* the analysis code, every file of ``src/helpers/`` but the build side: ``build/``'s modules (runner,
  site, lifecycle: they never run in a kernel) are left out; what makes every page is kept (the HTML template,
  the page chrome and the ClaimReview markup);
* the data files the notebooks read: ``data/datapackage.json`` and every table it lists (each
  notebook calls :func:`helpers.core.data.load_survey`, which reads and cross-checks all of them);
* its parameters (the values papermill injects), its set's name and whether code is shown;
* the locked environment, ``requirements.lock``.

:func:`digests` gives each of these a short SHA-256 digest of the file's bytes (labels are
project-relative, so the digests of a fresh clone equal those of the machine that rendered the
reports: no paths, no times). The runner stores them in the executed notebook's metadata under
``digivaardig.inputs`` and :func:`changes` compares them with the current ones. Nothing here
imports pandas or papermill: deciding that nothing needs rendering costs a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

from ..core import paths
from .jobs import FAILED_SUFFIX

METADATA_KEY = "digivaardig"
LOCK_FILE = paths.PROJECT_ROOT / "requirements.lock"
PARAMETERS_LABEL = "parameters"
SECTIONS_LABEL = "sections"  # the set's sections (stem and title) that every page's navigation bar lists
DIGEST_CHARS = 16  # 64 bits of SHA-256 per input: ample to notice a change, short in the notebook


def file_digest(path: Path) -> str:
    """The first DIGEST_CHARS hex digits of the SHA-256 of a file's bytes ("missing" if there is none)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_CHARS]
    except FileNotFoundError:
        return "missing"


BUILD_PACKAGE = "build"  # helpers.build: never imported by a kernel, so not an input of a report
# but what shapes every page is kept: the template, the page chrome (navigation, contents, downloads) and the
# ClaimReview markup, which the worker writes into each page
BUILD_KEPT = ("templates", "chrome.py", "claimreview.py")


def package_files() -> list[Path]:
    """Every file of the package code (``src/helpers/``) a report depends on, without caches and hidden
    files, sorted: the analysis packages and ``helpers/__init__.py``, not the build side's modules."""
    def input_of_a_report(relative: tuple[str, ...]) -> bool:
        return relative[0] != BUILD_PACKAGE or (len(relative) >= 2 and relative[1] in BUILD_KEPT)

    return sorted(path for path in paths.PACKAGE_DIR.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
                  and not any(part.startswith(".") for part in path.relative_to(paths.PACKAGE_DIR).parts)
                  and input_of_a_report(path.relative_to(paths.PACKAGE_DIR).parts))


def shared_digests(data_folder: Path | None = None) -> dict[str, str]:
    """Digests of the inputs every report shares: package code, data files, lock file.

    ``data_folder`` is the folder the kernels read (default: :func:`helpers.core.paths.data_dir`, which
    follows ``$DIGIVAARDIG_DATA``); its files are labelled ``data/<name>`` wherever it is.
    """
    found = {f"src/helpers/{path.relative_to(paths.PACKAGE_DIR).as_posix()}": file_digest(path)
             for path in package_files()}
    for path in paths.data_files(data_folder):
        found[f"data/{path.name}"] = file_digest(path)
    found[LOCK_FILE.name] = file_digest(LOCK_FILE)
    return found


def digests(notebook: Path, set_name: str, parameters: dict[str, Any], show_input: bool,
            shared: dict[str, str], kernel: str = "",
            sections: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """Every input of one report as ``{label: digest}``, sorted by label.

    ``shared`` is :func:`shared_digests` (computed once per run). The parameters digest covers the
    injected values, the set's name (shown in the page header), ``show_input`` and the kernel's name;
    ``sections`` (:func:`helpers.build.chrome.section_titles`), when given, is an input of its own: the
    navigation bar lists every section by its title, so renaming or adding one renders every page again.
    """
    settings = json.dumps({"set": set_name, "parameters": parameters, "show_input": show_input, "kernel": kernel},
                          sort_keys=True, default=repr)
    found = {**shared, f"notebooks/{notebook.name}": file_digest(notebook),
             PARAMETERS_LABEL: hashlib.sha256(settings.encode("utf-8")).hexdigest()[:DIGEST_CHARS]}
    if sections:
        found[SECTIONS_LABEL] = hashlib.sha256(json.dumps(sections).encode("utf-8")).hexdigest()[:DIGEST_CHARS]
    return dict(sorted(found.items()))


def combined(found: dict[str, str]) -> str:
    """One digest over all inputs (what the report's metadata calls ``key``)."""
    text = "\n".join(f"{label} {digest}" for label, digest in sorted(found.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def record(notebook_metadata: dict, found: dict[str, str]) -> None:
    """Store the inputs in an executed notebook's metadata (``metadata.digivaardig.inputs``)."""
    notebook_metadata[METADATA_KEY] = {"inputs_key": combined(found), "inputs": dict(found)}


def stored(report: Path) -> dict[str, str] | None:
    """The inputs recorded in an executed notebook, or None (no such file, unreadable, not recorded)."""
    metadata = _metadata(report)
    record_ = metadata.get(METADATA_KEY) if metadata is not None else None
    recorded = record_.get("inputs") if isinstance(record_, dict) else None
    return dict(recorded) if isinstance(recorded, dict) else None


def _metadata(report: Path) -> dict | None:
    """A notebook file's metadata, or None when the file is missing, unreadable, not a JSON object or has
    no metadata object (a stray file in a report folder must never crash a run)."""
    try:
        document = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    metadata = document.get("metadata") if isinstance(document, dict) else None
    return metadata if isinstance(metadata, dict) else None


def record_report(notebook_metadata: dict, exports: list[str], parameters: list[list[str]],
                  files: dict[str, bytes] | None = None) -> None:
    """Store what a good run published in its executed notebook (``metadata.digivaardig``): its exports
    (paths under the set's folder, sorted), the parameters it shows and the digest of every file it wrote
    beside the notebook (``files``: name -> bytes, the page and each export). The notebook goes into place
    in the same unit as those files (last), so after any stop the notebook on disk names exactly the
    exports that came with it (:func:`published`), and a hand edit of any of them shows
    (:func:`helpers.build.verify.committed_problems`)."""
    record_ = notebook_metadata.setdefault(METADATA_KEY, {})
    record_.update(exports=sorted(exports), parameters=parameters)
    if files is not None:
        record_["files"] = {name: hashlib.sha256(payload).hexdigest() for name, payload in sorted(files.items())}


def published(report: Path) -> dict | None:
    """What :func:`record_report` stored in an executed notebook: ``{"exports": [...], "parameters": [...]}``,
    or None (no such file, unreadable, or written before the notebook recorded it)."""
    metadata = _metadata(report)
    record_ = metadata.get(METADATA_KEY) if metadata is not None else None
    if not isinstance(record_, dict):
        return None
    exports, parameters = record_.get("exports"), record_.get("parameters")
    if not isinstance(exports, list) or not isinstance(parameters, list):
        return None
    return {"exports": [str(name) for name in exports], "parameters": parameters}


def recorded_files(report: Path) -> dict[str, str] | None:
    """The file digests (name -> SHA-256) an executed notebook recorded (:func:`record_report`), or None
    (no such file, unreadable, or written before notebooks recorded them)."""
    metadata = _metadata(report)
    record_ = metadata.get(METADATA_KEY) if metadata is not None else None
    files = record_.get("files") if isinstance(record_, dict) else None
    return dict(files) if isinstance(files, dict) else None


def folder_records(folder: Path) -> dict[Path, dict[str, str] | None]:
    """Each report of a set's ``folder`` (its notebooks in name order, a failed run's ``.failed.ipynb``
    left out) with the files it records (:func:`recorded_files`: None when it records none). What the
    runner's tidying and the committed-files check both start from."""
    return {notebook: recorded_files(notebook) for notebook in sorted(folder.glob("*.ipynb"))
            if not notebook.name.endswith(f"{FAILED_SUFFIX}.ipynb")}


def changes(before: dict[str, str] | None, now: dict[str, str]) -> list[str]:
    """The labels whose digest differs (added, removed or changed), sorted; ``["no record"]`` if none stored."""
    if before is None:
        return ["no record of its inputs"]
    return sorted(label for label in set(before) | set(now) if before.get(label) != now.get(label))


def describe(labels: Iterable[str], limit: int = 4) -> str:
    """A short list of changed inputs for a message: the first ``limit`` labels and how many more."""
    labels = list(labels)
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def changed_files(report: Path, notebooks: Path | None = None) -> list[str] | None:
    """The input files that changed since ``report`` (an executed notebook) was rendered.

    Compares the file digests the report recorded with the files as they are now (its notebook in
    ``notebooks``, default ``notebooks/``); parameters are left out (they are not files). None when
    the report recorded no inputs.
    """
    before = stored(report)
    if before is None:
        return None
    now = {**shared_digests(), f"notebooks/{report.name}": file_digest((notebooks or paths.NOTEBOOKS_DIR) / report.name)}
    before.pop(PARAMETERS_LABEL, None)
    before.pop(SECTIONS_LABEL, None)
    return changes(before, now)
