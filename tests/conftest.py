"""Shared fixtures for the test suite (fixtures only; helpers belong in the test modules)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers.build import kernels
from helpers.core import data

ROOT = Path(__file__).resolve().parents[1]


_CREATED_OUTPUT: list[str] = []  # the scratch folder this process made (xdist workers inherit the controller's)


def pytest_configure(config: pytest.Config) -> None:
    """Send what notebooks export during tests (nbval re-executes the reports) to a scratch folder,
    not into the working tree; kernels inherit the variable from this process."""
    if "DIGIVAARDIG_OUTPUT" not in os.environ:
        os.environ["DIGIVAARDIG_OUTPUT"] = tempfile.mkdtemp(prefix="digivaardig-test-output-")
        _CREATED_OUTPUT.append(os.environ["DIGIVAARDIG_OUTPUT"])
    use_ipc_kernels_in_nbval()


def use_ipc_kernels_in_nbval() -> None:
    """nbval starts its kernels with ``jupyter_client.manager.KernelManager`` (TCP ports, which a
    parallel worker can take between being picked and bound: "Address already in use" and a
    one-minute hang) and offers no option for the transport: give its module the IPC manager."""
    import nbval.kernel

    nbval.kernel.KernelManager = kernels.IpcKernelManager


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the scratch folder again, in the process that made it (the last one to finish)."""
    for folder in _CREATED_OUTPUT:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("DIGIVAARDIG_OUTPUT") == folder:
            del os.environ["DIGIVAARDIG_OUTPUT"]
    _CREATED_OUTPUT.clear()


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (the folder holding pyproject.toml)."""
    return ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The committed ``data/`` folder, independent of ``$DIGIVAARDIG_DATA``."""
    return ROOT / "data"


@pytest.fixture(scope="session")
def survey(data_dir: Path) -> data.Survey:
    """The committed tables, loaded and validated once. Read-only: copy a frame before changing it."""
    return data.load_survey(data_dir)


@pytest.fixture
def data_copy(tmp_path: Path, data_dir: Path) -> Path:
    """A private, writable copy of ``data/`` (CSV files and README) to break or edit in a test."""
    target = tmp_path / "data"
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    return target


def pytest_report_header(config: pytest.Config) -> str:
    """Say at the top of every run whether the browser test (tests/reports/test_browser.py) can run."""
    found = all(shutil.which(name) for name in ("chromium", "chromedriver")) or \
        all(shutil.which(name) for name in ("chromium-browser", "chromedriver"))
    return ("browser test: chromium and chromedriver found, pages are checked in headless Chromium" if found else
            "browser test: SKIPPED, no chromium/chromedriver (Debian: apt-get install chromium chromium-driver)")
