"""The runner under faults: timeouts, signals, killed runs, notebooks from other tools, bad options.

Kill tests use real processes: the runner starts in a session of its own with a token in its
environment, which its workers and their kernels inherit; scanning ``/proc`` for that token finds
every process of the run wherever it was re-parented. Each test waits until the kernels are
running, sends the signal and measures how long until no process of the run is left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from helpers.build import lifecycle, runner
from helpers.build.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from helpers.build.jobs import DEFAULT_KERNEL, DEFAULT_TIMEOUT
from test_runner import arguments, good_notebook, index_data, project, write_notebook

SLEEPS = 'import time\nprint("sleeping", flush=True)\ntime.sleep(300)'
STOP_WITHIN = 10.0  # seconds from the signal until no process of the run is left (measured: ~1-2 s)


# ---------------------------------------------------------------- processes of a run


def processes_with(token: str) -> dict[int, str]:
    """Every live process whose environment holds ``token``: pid -> command line."""
    found = {}
    marker = f"DIGIVAARDIG_TEST_TOKEN={token}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                status = (entry / "status").read_text()
                if "\nState:\tZ" in status:  # a zombie has exited; only its parent's wait is missing
                    continue
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # exited meanwhile, or not readable
            continue
    return found


def wait_until(condition, timeout: float, step: float = 0.1) -> float:
    """Seconds until ``condition()`` held; fails after ``timeout``."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, f"not within {timeout} s"
        time.sleep(step)
    return time.monotonic() - started


def kernels(token: str) -> list[int]:
    return [pid for pid, command in processes_with(token).items() if "ipykernel" in command]


def start_runner(root: Path, token: str, *argv: str) -> subprocess.Popen:
    """The runner in a session of its own (like a terminal's job), its temp folder at ``root/tmp``."""
    env = {**os.environ, "DIGIVAARDIG_TEST_TOKEN": token, "TMPDIR": str((root / "tmp").resolve())}
    return subprocess.Popen([sys.executable, "-m", "helpers.build.runner", *argv], env=env, cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def leftovers(root: Path, out: Path) -> list[str]:
    """Staging folders, temporary files and scratch folders anywhere under the output and temp folders."""
    found = [path for path in out.rglob(".*")] if out.exists() else []
    found += [path for path in (root / "tmp").resolve().glob(f"{lifecycle.SCRATCH_PREFIX}*")]
    return sorted(path.name for path in found)


@pytest.fixture
def sleeping_project(tmp_path: Path):
    """Two notebooks that sleep for minutes (one saved without kernelspec) and a quick one."""
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    write_notebook(notebooks, "01_sleeps", SLEEPS)
    bare = write_notebook(notebooks, "02_sleeps_too", SLEEPS)
    notebook = nbformat.read(bare, as_version=4)
    del notebook.metadata["kernelspec"]
    nbformat.write(notebook, bare)
    good_notebook(notebooks, "03_quick")
    short = Path(tempfile.mkdtemp(prefix="dv-"))
    (tmp_path / "tmp").symlink_to(short)
    yield tmp_path, notebooks, config, out
    shutil.rmtree(short, ignore_errors=True)


LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="scans /proc; parent-death signal is Linux's")


@LINUX
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, None)])
def test_a_stopped_or_killed_run_leaves_no_process(sleeping_project, signum, code):
    root, notebooks, config, out = sleeping_project
    token = uuid.uuid4().hex
    process = start_runner(root, token, *arguments(notebooks, config, out, "--only", "01_sleeps",
                                                   "--only", "02_sleeps_too"))
    try:
        wait_until(lambda: len(kernels(token)) == 2, timeout=120)
        assert len(processes_with(token)) >= 5  # runner, two workers, two kernels
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # what Ctrl-C in a terminal does: the whole foreground group
        else:
            process.send_signal(signum)
        took = wait_until(lambda: not processes_with(token), timeout=STOP_WITHIN + 20)
        process.wait(timeout=10)
    finally:
        for pid in processes_with(token):  # never leave a test's processes behind, even on failure
            os.kill(pid, signal.SIGKILL)
    print(f"{signal.Signals(signum).name}: no process left after {took:.2f} s")
    assert took < STOP_WITHIN, f"processes of the run lived {took:.1f} s after the signal"
    if code is not None:
        assert process.returncode == code
        assert f"{signal.Signals(signum).name}: stopped" in process.stderr.read()
        assert leftovers(root, out) == []
    else:
        assert process.returncode == -signal.SIGKILL
        assert [name[:len(lifecycle.SCRATCH_PREFIX)] for name in leftovers(root, out)] == [lifecycle.SCRATCH_PREFIX]
    assert not list(out.glob("nl/*.ipynb")) and not list(out.glob("nl/*.html"))  # nothing half-written
    # the next run removes what the killed one left and renders normally
    rerun = start_runner(root, uuid.uuid4().hex, *arguments(notebooks, config, out, "--only", "03_quick"))
    assert rerun.wait(timeout=300) == 0, rerun.stdout.read() + rerun.stderr.read()
    assert leftovers(root, out) == []
    assert sorted(index_data(out)) == ["nl/03_quick"]


@LINUX
def test_a_cell_over_the_timeout_fails_naming_the_cell_and_the_others_go_on(tmp_path, capsys, monkeypatch):
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    write_notebook(notebooks, "01_slow", "x = 1", SLEEPS)
    good_notebook(notebooks, "02_quick")
    token = uuid.uuid4().hex
    monkeypatch.setenv("DIGIVAARDIG_TEST_TOKEN", token)  # the workers and kernels inherit it
    started = time.monotonic()
    # 5 s: the sleeping cell waits that long; the quick notebook's cells (a matplotlib chart) take well under
    # a second each, several times less than the limit even on a loaded machine
    assert runner.main(arguments(notebooks, config, out, "--timeout", "5")) == EXIT_FAILED
    assert time.monotonic() - started < 120
    summary = capsys.readouterr().out
    # cell 4: after the title, the parameters, the injected parameters and "x = 1"
    assert re.search(r"FAILED nl/01_slow: cell 4 (\(In \[4\]\) )?`import time` raised CellTimeoutError: the cell "
                     r"ran longer than the limit of 5 s per cell \(--timeout\)", summary), summary
    assert (out / "nl" / "01_slow.failed.ipynb").is_file() and (out / "nl" / "02_quick.ipynb").is_file()
    assert index_data(out)["nl/02_quick"]["status"] == "ok"
    # multiprocessing's resource tracker belongs to this (pytest) process and lives as long as it does
    assert [command for command in processes_with(token).values() if "resource_tracker" not in command] == []


def test_help_states_the_timeout_default_and_the_kernel_option(capsys):
    assert runner.main(["--help"]) == EXIT_OK
    text = " ".join(capsys.readouterr().out.split())
    assert f"(default: {DEFAULT_TIMEOUT} s)" in text and "--timeout SECONDS" in text
    assert "--kernel NAME" in text and f"'{DEFAULT_KERNEL}'" in text
    assert "130 interrupted by Ctrl-C, 143 stopped by SIGTERM" in text


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "inf"])
def test_bad_timeout_exits_2(tmp_path, capsys, value):
    notebooks, config, out = project(tmp_path)
    good_notebook(notebooks, "01_first")
    assert runner.main(arguments(notebooks, config, out, "--timeout", value)) == EXIT_USAGE
    assert f"--timeout {value!r} is not allowed" in capsys.readouterr().err
    assert not out.exists()


# ---------------------------------------------------------------- leftovers of killed runs


def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_leftovers_of_dead_processes_go_and_those_of_live_ones_stay(tmp_path):
    out, temp = tmp_path / "reports", tmp_path / "tmp"
    (out / "nl").mkdir(parents=True)
    temp.mkdir()
    dead, alive = dead_pid(), os.getpid()
    scratch = lifecycle.SCRATCH_PREFIX
    gone = [out / "nl" / f".staging-02_skills-{dead}", out / "nl" / f".02_skills.html.{dead}.k2j3h4a1.tmp",
            out / f".index.html.{dead}.abcdefgh.tmp",
            temp / f"{scratch}{dead}-locked", temp / f"{scratch}{dead}-nolock",  # dead owner, no lock held
            temp / f"{scratch}{alive}-reused"]  # a live id, but unlocked for longer than a start takes
    kept = [out / "nl" / f".staging-02_skills-{alive}", out / "nl" / f".02_skills.html.{alive}.k2j3h4a1.tmp",
            out / "nl" / "02_skills.html", temp / "someone-elses-folder",
            temp / f"{scratch}{alive}-starting",  # a live id, unlocked, just created: a run starting now
            temp / f"{scratch}x1y2z3ab"]  # not named the way this runner names its folders: never touched
    for path in gone + kept:
        if path.suffix in (".tmp", ".html"):
            path.write_text("x", encoding="utf-8")
        else:
            path.mkdir()
    (temp / f"{scratch}{dead}-locked" / lifecycle.LOCK_NAME).write_text("", encoding="utf-8")
    (temp / f"{scratch}{alive}-reused" / lifecycle.LOCK_NAME).write_text("", encoding="utf-8")
    old = time.time() - 2 * lifecycle.UNLOCKED_GRACE
    os.utime(temp / f"{scratch}{alive}-reused", (old, old))
    with lifecycle.Scratch(temp) as live_scratch:  # a running run's scratch folder: locked
        assert sorted(lifecycle.remove_leftovers(out, temp)) == sorted(gone)
        assert live_scratch.is_dir()
    assert all(path.exists() for path in kept) and not any(path.exists() for path in gone)


# ---------------------------------------------------------------- notebooks from other tools


def test_notebook_without_kernelspec_runs_with_the_projects_kernel(tmp_path, capsys):
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    path = good_notebook(notebooks, "01_vscode")
    notebook = nbformat.read(path, as_version=4)
    del notebook.metadata["kernelspec"]  # as VS Code and some generators save notebooks
    nbformat.write(notebook, path)
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    executed = nbformat.read(out / "nl" / "01_vscode.ipynb", as_version=4)
    assert executed.metadata["language_info"]["name"] == "python"  # what the kernel reported
    assert executed.cells[-1].outputs[0]["text"] == "float 0.95 nl\n"


def test_unknown_kernel_exits_2_before_any_kernel_starts(tmp_path, capsys):
    notebooks, config, out = project(tmp_path)
    good_notebook(notebooks, "01_first")
    assert runner.main(arguments(notebooks, config, out, "--kernel", "no-such-kernel")) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "--kernel: no kernel named no-such-kernel; allowed: " in error and DEFAULT_KERNEL in error
    assert not out.exists()


# ---------------------------------------------------------------- clear errors, exit 2, nothing written


def test_out_that_is_a_file_exits_2(tmp_path, capsys):
    notebooks, config, _ = project(tmp_path)
    good_notebook(notebooks, "01_first")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for out, message in ((blocker, "is a file, not a folder"), (blocker / "reports", "a-file is a file")):
        assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
        assert f"--out {out}" in (error := capsys.readouterr().err) and message in error
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@LINUX
def test_out_that_is_not_writable_exits_2(tmp_path, capsys):
    notebooks, config, _ = project(tmp_path)
    good_notebook(notebooks, "01_first")
    # /proc/1 is a folder nobody can create files in, not even root
    assert runner.main(arguments(notebooks, config, Path("/proc/1/reports"))) == EXIT_USAGE
    assert "--out /proc/1/reports: cannot write in /proc/1" in capsys.readouterr().err
    if os.geteuid() != 0:  # root ignores file modes
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        assert runner.main(arguments(notebooks, config, locked / "reports")) == EXIT_USAGE
        assert f"cannot write in {locked}" in capsys.readouterr().err


@pytest.mark.parametrize("config_bytes, message", [
    ("sets:\n  nl:\n    lang: nl  # één\n".encode("cp1252"), "line 3: byte 0xe9 is not UTF-8"),
    (b"sets:\n  nl:\n    lang: nl\n    lang: en\n", "key 'lang' given twice (first on line 3, again on line 4)"),
    (b"sets:\n  nl: {lang: nl}\n  nl: {lang: en}\n", "key 'nl' given twice (first on line 2, again on line 3)"),
    (b"sets:\n  2024: {lang: nl}\n", "set name 2024 is read by YAML as a number"),
])
def test_config_faults_exit_2_with_a_clear_error(tmp_path, capsys, config_bytes, message):
    notebooks, config, out = project(tmp_path)
    good_notebook(notebooks, "01_first")
    config.write_bytes(config_bytes)
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    error = capsys.readouterr().err
    assert f"config {config}" in error and message in error and "Traceback" not in error
    assert not out.exists()


def test_quoted_numeric_set_name_is_a_folder(tmp_path):
    notebooks, config, out = project(tmp_path, sets="sets:\n  '2024': {lang: nl}\n")
    good_notebook(notebooks, "01_first")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    assert (out / "2024" / "01_first.html").is_file()


DATA_PROBE = """\
from helpers.core import data, paths
survey = data.load_survey()
print(paths.data_dir())
print(data.question(survey, "gender")["wording_en"])"""


def test_relative_data_folder_is_resolved_against_the_callers_directory(tmp_path, data_dir):
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    write_notebook(notebooks, "01_probe", DATA_PROBE)
    caller = tmp_path / "caller"
    (caller / "copy").mkdir(parents=True)
    for file in data_dir.glob("*.csv"):
        text = file.read_text(encoding="utf-8")
        if file.name == "questions.csv":
            text = text.replace("Gender", "Gender (from the copy)", 1)
        (caller / "copy" / file.name).write_text(text, encoding="utf-8")
    env = {**os.environ, "DIGIVAARDIG_DATA": "copy"}
    result = subprocess.run([sys.executable, "-m", "helpers.build.runner", *arguments(notebooks, config, out)],
                            env=env, cwd=caller, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    printed = nbformat.read(out / "nl" / "01_probe.ipynb", as_version=4).cells[-1].outputs[0]["text"]
    assert printed.splitlines() == [str(caller / "copy"), "Gender (from the copy) (man / woman)"]
    missing = subprocess.run([sys.executable, "-m", "helpers.build.runner", *arguments(notebooks, config, out)],
                             env={**env, "DIGIVAARDIG_DATA": "nowhere"}, cwd=caller, capture_output=True,
                             text=True, timeout=300)
    assert missing.returncode == 2
    assert f"DIGIVAARDIG_DATA='nowhere': no such folder ({caller / 'nowhere'})" in missing.stderr


# ---------------------------------------------------------------- small leaks


def test_renders_into_two_folders_are_identical(tmp_path):
    notebooks, config, _ = project(tmp_path)
    good_notebook(notebooks, "01_first")
    first, second = tmp_path / "one" / "reports", tmp_path / "two" / "elsewhere"
    for out in (first, second):
        assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    site = ("index.html", "runs.html", "durations.json", "state.json")  # the site, its state, the durations
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file() and path.name not in site)
    assert len(files) == 6  # two sets: notebook, page, figure
    assert files == sorted(path.relative_to(second) for path in second.rglob("*")
                           if path.is_file() and path.name not in site)
    for page in ("nl/index.html", "en/runs.html"):  # the site's pages are built from disk: equal too
        assert (first / page).read_bytes() == (second / page).read_bytes(), page
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
    recorded = nbformat.read(first / "nl" / "01_first.ipynb", as_version=4).metadata["papermill"]
    assert (recorded["input_path"], recorded["output_path"]) == ("01_first.ipynb", "nl/01_first.ipynb")


TINY_TESTS = """\
import json
import os
from pathlib import Path


def test_exports_go_to_a_scratch_folder_in_temp():
    folder = Path(os.environ["DIGIVAARDIG_OUTPUT"])
    assert folder.is_dir() and folder.parent == Path(os.environ["TMPDIR"])
    (folder / "figures").mkdir(exist_ok=True)


def test_another():
    assert Path(os.environ["DIGIVAARDIG_OUTPUT"]).is_dir()
"""


def test_a_test_session_leaves_nothing_in_the_temp_folder(tmp_path, project_root):
    temp, tests = tmp_path / "tmp", tmp_path / "tests"
    temp.mkdir()
    tests.mkdir()
    (tests / "conftest.py").write_bytes((project_root / "tests" / "conftest.py").read_bytes())
    (tests / "test_tiny.py").write_text(TINY_TESTS, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "DIGIVAARDIG_OUTPUT"}
    env["TMPDIR"] = str(temp)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider", "tests"],
                            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "2 passed" in result.stdout, result.stdout + result.stderr
    assert sorted(path.name for path in temp.iterdir() if path.name.startswith("digivaardig")) == []


def test_sigterm_waits_while_a_report_moves_into_place(tmp_path):
    """A SIGTERM that arrives while a finished report is moved into place is handled afterwards."""
    script = tmp_path / "probe.py"
    script.write_text(
        "import os, signal, sys\n"
        "from helpers.build import lifecycle\n"
        "signal.signal(signal.SIGTERM, lambda *args: (print('handled', flush=True), sys.exit(0)))\n"
        "with lifecycle.termination_deferred():\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    print('block finished', flush=True)\n"
        "print('not reached', flush=True)\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines() == ["block finished", "handled"]


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_time():
    stubborn = subprocess.Popen([sys.executable, "-c", "import signal, time\n"
                                 "signal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\n"
                                 "time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    obedient = subprocess.Popen([sys.executable, "-c", "import time\nprint('ready', flush=True)\ntime.sleep(120)"],
                                stdout=subprocess.PIPE, text=True)
    try:
        assert stubborn.stdout.readline() == obedient.stdout.readline() == "ready\n"
        started = time.monotonic()
        lifecycle.terminate([stubborn.pid, obedient.pid], grace=1.0)
        assert obedient.wait(timeout=10) == -signal.SIGTERM
        assert stubborn.wait(timeout=10) == -signal.SIGKILL
        assert 1.0 <= time.monotonic() - started < 5.0
    finally:
        stubborn.kill()
        obedient.kill()


# A cell that waits until both runners' kernels have started: neither runner can finish (and write
# the index) before the other has read it at its start, so the two runs overlap every time.
BARRIER = """\
import os, pathlib, time
barrier = pathlib.Path(os.environ["DIGIVAARDIG_TEST_BARRIER"])
(barrier / lang).touch()
deadline = time.monotonic() + 120
while not all((barrier / name).exists() for name in ("nl", "en")) and time.monotonic() < deadline:
    time.sleep(0.05)
print(sorted(path.name for path in barrier.iterdir()))"""


def test_two_runners_into_one_folder_keep_each_others_index_entries_and_durations(tmp_path):
    """Every report on disk has its index entry and its duration, however runners into one folder overlap.

    Both runners read the index before either writes it; each must merge what the other wrote
    meanwhile instead of rewriting the index and ``durations.json`` from what it read at its start.
    """
    notebooks, config, out = project(tmp_path)
    write_notebook(notebooks, "01_waits", BARRIER)
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    env = {**os.environ, "DIGIVAARDIG_TEST_BARRIER": str(barrier)}
    runs = [subprocess.Popen([sys.executable, "-m", "helpers.build.runner", *arguments(notebooks, config, out, "--set", name)],
                             env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("nl", "en")]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [EXIT_OK] * 2, results
    assert sorted(path.name for path in barrier.iterdir()) == ["en", "nl"]
    on_disk = {f"{path.parent.name}/{path.stem}" for path in out.glob("*/*.ipynb")}
    assert on_disk == {"nl/01_waits", "en/01_waits"}
    entries = index_data(out)
    assert set(entries) == on_disk
    assert all(entries[name]["status"] == "ok" for name in on_disk)
    durations = json.loads((out / "durations.json").read_text(encoding="utf-8"))
    assert set(durations) == on_disk
    assert all(isinstance(seconds, float) and seconds > 0 for seconds in durations.values()), durations


# every kind of broken table, one planted fault per data file: refused at plan time (exit 2), nothing written
BROKEN_TABLES = [
    ("hypotheses.csv", "at_least,66.67,", "at_least,abc,", "column 'threshold'"),
    ("claims.csv", ",confident_two_thirds,", ",confident_two_thirdz,", "column 'hypothesis_id'"),
    ("n_scenarios.csv", None, None, "column 'n'"),
    ("results.csv", None, None, "column 'percent'"),
]


@pytest.mark.parametrize("name, old, new, where", BROKEN_TABLES)
def test_a_broken_data_table_is_refused_before_any_kernel_starts(tmp_path, data_dir, monkeypatch, capsys, name, old,
                                                                   new, where):
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    good_notebook(notebooks, "01_first")
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    path = copy / name
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if old is None:  # the second line's last numeric field of n / percent made impossible
        header = lines[0].rstrip("\n").split(",")
        column = "n" if name == "n_scenarios.csv" else "percent"
        fields = lines[1].rstrip("\n").split(",")
        fields[header.index(column)] = "0" if column == "n" else "101"
        lines[1] = ",".join(fields) + "\n"
        text = "".join(lines)
    else:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DIGIVAARDIG_DATA", str(copy))
    started = []
    monkeypatch.setattr(runner, "run_jobs", lambda *args, **kwargs: started.append(args) or ([], None))
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    error = capsys.readouterr().err
    assert error.startswith("error: ") and str(path) in error and where in error and "allowed" in error, error
    assert started == [] and not out.exists()
