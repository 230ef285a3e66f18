"""Messages that name the cause (issue 17, kind 7).

* A full temporary folder: the run reports the disk error (errno and path), not what it broke later
  ("NotJSONError: Notebook does not appear to be JSON" from reading a notebook cut short); exit code 1,
  the summary printed, no temporary folder left. Driven end to end through the real runner in a
  subprocess, once on a real, nearly full tmpfs (root only) and once with the same fault injected into
  every process of the run (a ``sitecustomize`` on ``PYTHONPATH``), so it runs without root too.
* An unwritable HOME: no matplotlib warning with an absolute ``/tmp/matplotlib-*`` path in a report,
  and no such folder left behind.
* A hand-edited committed report: nbval's advice renders it (``--force``), since ``make reports`` on
  unchanged inputs renders nothing.

The notebooks are the smallest that show the faults (one print cell).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from helpers.build import inputs, lifecycle, runner
from helpers.build.cli import EXIT_FAILED, EXIT_OK, build_parser
from helpers.build.plan import make_plan
from helpers.build.publish import read_index
from helpers.core import paths
from test_runner import arguments, project, write_notebook

ONE_SET = "sets:\n  nl:\n    lang: nl\n"
ROOT = Path(__file__).resolve().parents[2]
BIG_OUTPUT = "print('x' * 100_000)"  # an executed notebook of ~100 kB: more than the full folder holds
ROOM = 32 * 1024  # bytes left free in the temporary folder: room for sockets and small files, not that notebook

# Injected into every process of the run (runner, workers, kernels): a write that would take a file
# under $TMPDIR beyond DIGIVAARDIG_TEST_ROOM bytes writes what fits, then fails as a full disk does
# (ENOSPC, and no file name: a write names none).
FULL_DISK = '''
import builtins, errno, os

_ROOM = int(os.environ["DIGIVAARDIG_TEST_ROOM"])
_TEMP = os.path.realpath(os.environ["TMPDIR"]) + os.sep
_open = builtins.open


class _NearlyFull:
    def __init__(self, handle):
        self._handle, self._written = handle, 0

    def write(self, data):
        left = _ROOM - self._written
        if len(data) > left:
            self._handle.write(data[:max(left, 0)])
            self._written = _ROOM
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._written += len(data)
        return self._handle.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def __getattr__(self, name):
        return getattr(self._handle, name)


def open(file, mode="r", *args, **kwargs):
    handle = _open(file, mode, *args, **kwargs)
    if isinstance(file, (str, os.PathLike)) and any(flag in mode for flag in "wax+") \\
            and os.path.realpath(os.fspath(file)).startswith(_TEMP):
        return _NearlyFull(handle)
    return handle


builtins.open = open
'''


def can_mount_tmpfs() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None


class NearlyFullTemp:
    """A temporary folder with :data:`ROOM` bytes free: a 256 kB tmpfs (root) or the injected fault."""

    def __init__(self, root: Path, how: str) -> None:
        # short: the kernels' sockets live inside (a pytest tmp_path is too long for them)
        self.how, self.folder, self.extra = how, Path(tempfile.mkdtemp(prefix="dv-")), {}
        if how == "tmpfs":
            done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(self.folder)],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                self.folder.rmdir()
                pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
            free = shutil.disk_usage(self.folder).free
            with open(self.folder / "filler", "wb") as filler:
                filler.write(b"\0" * (free - ROOM))
            assert abs(shutil.disk_usage(self.folder).free - ROOM) <= 4096
        else:
            site = root / "site"
            site.mkdir()
            (site / "sitecustomize.py").write_text(FULL_DISK, encoding="utf-8")
            self.extra = {"PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
                          "DIGIVAARDIG_TEST_ROOM": str(ROOM)}

    def leftovers(self) -> list[str]:
        return sorted(path.name for path in self.folder.iterdir() if path.name != "filler")

    def remove(self) -> None:
        if self.how == "tmpfs":
            subprocess.run(["umount", str(self.folder)], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.mark.kernel
@pytest.mark.parametrize("how", [
    pytest.param("tmpfs", marks=pytest.mark.skipif(not can_mount_tmpfs(), reason="mounting a tmpfs needs root")),
    "injected"])
def test_a_full_temporary_folder_names_the_disk_error_not_a_broken_notebook(tmp_path, how):
    notebooks, config, out = project(tmp_path, ONE_SET)
    write_notebook(notebooks, "01_big", BIG_OUTPUT)
    write_notebook(notebooks, "02_small", "print('small')")
    temp = NearlyFullTemp(tmp_path, how)
    try:
        environment = {**os.environ, "TMPDIR": str(temp.folder), **temp.extra}
        done = subprocess.run([sys.executable, "-m", "helpers.build.runner", *arguments(notebooks, config, out)],
                              cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300, check=False)
        left = temp.leftovers()
    finally:
        temp.remove()
    console = done.stdout + done.stderr
    assert done.returncode == EXIT_FAILED, console
    assert "2 reports in" in done.stdout and "1 ok, 1 failed" in done.stdout, console  # the summary
    assert "NotJSONError" not in console and "does not appear to be JSON" not in console, console
    failed = next(line for line in done.stdout.splitlines() if line.startswith("FAILED nl/01_big: "))
    scratch = f"{temp.folder}/{lifecycle.SCRATCH_PREFIX}"
    assert failed.startswith(f"FAILED nl/01_big: OSError: No space left on device (errno 28, ENOSPC): {scratch}"), \
        failed
    assert failed.endswith("/01_big.ipynb (the executed notebook, in the temporary folder)"), failed
    assert "Traceback" not in console, console
    assert left == [], left  # the run's scratch folder went with it
    assert not [path for path in out.rglob(".*")], list(out.rglob(".*"))  # no staging folder or temporary file
    assert read_index(out)["nl/02_small"]["status"] == "ok" and not (out / "nl" / "01_big.ipynb").exists()


@pytest.mark.parametrize("error, says", [
    (OSError(28, "No space left on device"), "No space left on device (errno 28, ENOSPC): {executed} "
                                            "(the executed notebook, in the temporary folder)"),
    (PermissionError(13, "Permission denied", "/elsewhere/x.json"), "Permission denied (errno 13, EACCES): "
                                                                     "/elsewhere/x.json"),
])
def test_a_disk_error_names_its_errno_and_path(tmp_path, error, says):
    from helpers.build.worker import disk_failure, is_disk_error

    scratch = tmp_path / "job"
    scratch.mkdir()
    executed = scratch / "01_a.ipynb"
    executed.write_text("{", encoding="utf-8")  # cut short by the full disk
    assert is_disk_error(error) and not is_disk_error(ValueError()) and not is_disk_error(OSError("no errno"))
    assert not is_disk_error(TimeoutError(110, "timed out")) and not is_disk_error(ConnectionResetError(104, "reset"))
    failure = disk_failure(error, executed, scratch)
    assert failure.describe() == f"{type(error).__name__}: " + says.format(executed=executed)
    executed.unlink()  # the write failed before the notebook existed: the job's temporary folder is named
    assert disk_failure(OSError(28, "No space left on device"), executed, scratch).evalue.endswith(
        f"{scratch} (in the temporary folder)")


# ---------------------------------------------------------------- an unwritable HOME


@pytest.mark.kernel
def test_an_unwritable_home_lets_no_matplotlib_warning_into_a_report_and_leaves_no_folder(tmp_path, monkeypatch,
                                                                                         capsys, request):
    """With HOME unusable (here a file, unwritable even for root) matplotlib warned with an absolute
    /tmp/matplotlib-* path into the report (nbval then failed on it) and left that folder; the runner
    gives the kernels a private config folder in its scratch folder, removed with it."""
    home = tmp_path / "home-is-a-file"
    home.write_text("", encoding="utf-8")
    temp = Path(tempfile.mkdtemp(prefix="dv-"))  # short: the kernels' sockets live inside
    request.addfinalizer(lambda: shutil.rmtree(temp, ignore_errors=True))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(temp))  # the workers and kernels: what matplotlib would leave lands here
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # this process: the runner's scratch folder too
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    notebooks, config, out = project(tmp_path, ONE_SET)
    write_notebook(notebooks, "01_plot", "import matplotlib.pyplot as plt\nprint('drawn')")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK, capsys.readouterr()
    report = out / "nl" / "01_plot.ipynb"
    executed = nbformat.read(report, as_version=4)
    assert [(output.get("name"), output.get("text")) for output in executed.cells[-1].outputs] == [("stdout", "drawn\n")]
    assert "matplotlib-" not in report.read_text(encoding="utf-8")
    assert sorted(path.name for path in temp.iterdir()) == []  # neither matplotlib-* nor the scratch folder
    # nbval stays green on it, with the project's root conftest.py (as `make test` runs it on reports/)
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "conftest", "--nbval", "-p", "no:cacheprovider",
                           "-q", "--rootdir", str(tmp_path), str(report)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(path.name for path in temp.iterdir()) == [], "nbval's kernel left a folder"


# ---------------------------------------------------------------- nbval's advice on a committed report


def fake_report(folder: Path, stem: str, recorded: dict[str, str]) -> Path:
    """``folder/<stem>.ipynb``: one cell whose committed output was edited by hand (1 is right, 2 is shown),
    recording ``recorded`` as the inputs it was rendered from."""
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    notebook.cells = [cell]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    inputs.record(notebook.metadata, recorded)
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / f"{stem}.ipynb")
    return folder / f"{stem}.ipynb"


def current_inputs(stem: str) -> dict[str, str]:
    """The inputs of a report of ``notebooks/<stem>.ipynb`` as they are now (what changed_files compares)."""
    return {**inputs.shared_digests(), f"notebooks/{stem}.ipynb": inputs.file_digest(paths.NOTEBOOKS_DIR / f"{stem}.ipynb")}


@pytest.mark.kernel
def test_nbvals_advice_on_a_hand_edited_report_renders_it(tmp_path):
    """The hook of the project's root conftest.py (the one ``make test`` applies to reports/), run by
    nbval on a hand-edited report whose inputs did not change: the advice forces that report."""
    stem = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))[0].stem
    report = fake_report(tmp_path / "reports" / "nl", stem, current_inputs(stem))
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "conftest", "--nbval", "-p", "no:cacheprovider",
                           "-q", "--rootdir", str(tmp_path), str(report)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    text = " ".join(done.stdout.split())
    assert done.returncode == 1, done.stdout
    assert f'make reports REPORTS_ARGS="--set nl --only {stem} --force"' in text, done.stdout
    assert "none of its inputs changed since it was rendered" in text and "`make reports` renders nothing" in text


def test_the_advice_is_right_both_ways_and_its_command_renders_exactly_that_report(tmp_path):
    """Unchanged inputs: `make reports` would render nothing (the report is up to date for the runner),
    the advice's options plan exactly that one report. A changed input: `make reports` is the advice."""
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)  # the project's root conftest.py, not tests/conftest.py
    spec.loader.exec_module(root_conftest)
    for stem in sorted(path.stem for path in paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        for set_name in ("nl", "en"):
            report = fake_report(tmp_path / set_name, stem, current_inputs(stem))
            advice = root_conftest.stale_report_advice(report)
            options = advice.split('REPORTS_ARGS="', 1)[1].split('"', 1)[0].split()
            assert options == ["--set", set_name, "--only", stem, "--force"], advice
            plan = make_plan(build_parser().parse_args(["--out", str(tmp_path / "out"), *options]))
            assert [job.name for job in plan.jobs] == [f"{set_name}/{stem}"], advice
            changed = {**current_inputs(stem), "data/results.csv": "0" * 16}
            advice = root_conftest.stale_report_advice(fake_report(tmp_path / set_name, stem, changed))
            assert "data/results.csv changed since it was rendered" in advice and "--force" not in advice, advice
            assert "run `make reports` and commit reports/" in advice
