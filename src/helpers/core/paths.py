"""Every path the package uses, derived from the package's own location.

papermill starts kernels in the caller's working directory, so nothing here may depend on the
current directory. The project root is found from this file; ``DIGIVAARDIG_DATA`` can point the
loaders at another copy of ``data/`` (tests use it for broken copies).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/helpers (this file is src/helpers/core/paths.py)
PROJECT_ROOT = PACKAGE_DIR.parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
TEMPLATES_DIR = PACKAGE_DIR / "build" / "templates"
INTERACTIVE_DIR = REPORTS_DIR / "interactive"
DATA_PACKAGE = "datapackage.json"  # the Frictionless Data Package descriptor of the data folder


def data_dir() -> Path:
    """The folder holding the data tables: ``$DIGIVAARDIG_DATA`` if set, else ``<project>/data``.

    A relative ``$DIGIVAARDIG_DATA`` is resolved against this process's working directory; the
    batch runner makes it absolute (against the caller's) before any kernel starts in ``notebooks/``.
    """
    override = os.environ.get("DIGIVAARDIG_DATA")
    return Path(override).resolve() if override else PROJECT_ROOT / "data"


def data_files(directory: Path | None = None) -> list[Path]:
    """The files the loaders read: the data package descriptor and every table it lists.

    Read with the json module (no pandas): the runner calls this to fingerprint a report's inputs.
    A folder without a descriptor uses the project's (as :mod:`helpers.core.data` does); a broken
    descriptor gives just the descriptor (the loaders then say what is wrong).
    """
    folder = directory if directory is not None else data_dir()
    descriptor = folder / DATA_PACKAGE
    if not descriptor.is_file():  # a copy of the tables only: they follow the project's descriptor
        descriptor = PROJECT_ROOT / "data" / DATA_PACKAGE
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
        tables = [folder / resource["path"] for resource in resources]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        tables = []
    return [descriptor, *tables]


_RUN: dict[str, Any] = {}  # the interactive run's notebook and parameters (see set_run)
RUN_PART = re.compile(r"[^A-Za-z0-9_.=-]+")


def set_run(parameters: dict[str, Any], defaults: dict[str, Any], notebook: str | None = None,
            fallback: str | None = None) -> None:
    """Name this kernel's interactive outputs after its notebook and its non-default parameters.

    Called by :func:`helpers.display.report.setup`. The notebook's name is ``notebook`` if given, else the
    notebook JupyterLab runs (``$JPY_SESSION_NAME``, set by Jupyter Server for a notebook's kernel:
    right even for a renamed copy), else ``fallback`` (the name the notebook gives itself, for
    kernels started without a session, e.g. by papermill), else ``notebook``.
    """
    session = os.environ.get("JPY_SESSION_NAME", "")
    name = notebook or (Path(session).stem if session else None) or fallback or "notebook"
    _RUN.clear()
    _RUN.update(notebook=name, parameters={key: value for key, value in parameters.items()
                                           if key in defaults and value != defaults[key]})


def run_name(notebook: str, parameters: dict[str, Any]) -> str:
    """``<notebook>`` or ``<notebook>--<name>=<value>_...`` (sorted, non-default values only), file-safe."""
    parts = [RUN_PART.sub("-", notebook).lstrip(".-") or "notebook"]
    parts += [RUN_PART.sub("-", f"{key}={value}") for key, value in sorted(parameters.items())]
    return parts[0] + ("--" + "_".join(parts[1:]) if parts[1:] else "")


def output_dir() -> Path:
    """Where a notebook run writes its figures and tables.

    ``$DIGIVAARDIG_OUTPUT`` if set (the batch runner sets it per report so each report keeps its own
    exported files); else, for an interactive run, ``reports/interactive/<run name>/`` named by the
    notebook and the parameters that differ from the defaults (:func:`run_name`), so runs with other
    parameters never overwrite each other's files (``make clean`` removes the folder).
    """
    override = os.environ.get("DIGIVAARDIG_OUTPUT")
    if override:
        return Path(override).resolve()
    if not _RUN:
        return INTERACTIVE_DIR / "notebook"
    return INTERACTIVE_DIR / run_name(_RUN["notebook"], _RUN["parameters"])
