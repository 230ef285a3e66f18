"""Every path the package uses, derived from the package's own location.

papermill starts kernels in the caller's working directory, so nothing here may depend on the
current directory. The project root is found from this file; ``DIGIVAARDIG_DATA`` can point the
loaders at another copy of ``data/`` (tests use it for broken copies).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def data_dir() -> Path:
    """The folder holding the data tables: ``$DIGIVAARDIG_DATA`` if set, else ``<project>/data``.

    A relative ``$DIGIVAARDIG_DATA`` is resolved against this process's working directory; the
    batch runner makes it absolute (against the caller's) before any kernel starts in ``notebooks/``.
    """
    override = os.environ.get("DIGIVAARDIG_DATA")
    return Path(override).resolve() if override else PROJECT_ROOT / "data"


def output_dir() -> Path:
    """Where a notebook run writes its figures and tables: ``$DIGIVAARDIG_OUTPUT`` or ``reports/interactive``.

    The batch runner sets the variable per report so each report keeps its own exported files.
    """
    override = os.environ.get("DIGIVAARDIG_OUTPUT")
    return Path(override).resolve() if override else REPORTS_DIR / "interactive"
