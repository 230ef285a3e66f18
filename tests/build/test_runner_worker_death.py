"""A worker process that dies (the out-of-memory killer, a crash, a notebook killing its parent).

Such a death breaks the whole process pool: every job not finished by then gets ``BrokenProcessPool``,
whichever notebook was to blame. The runner renders those jobs again, each alone, so the other
notebooks still render and the summary names the one whose worker died, with no process left over.
"""

from __future__ import annotations

import signal

import pytest

from helpers.build import lifecycle, runner
from helpers.build.cli import EXIT_FAILED
from helpers.build.publish import read_index
from test_runner import arguments, project, write_notebook

KILL_PARENT = "import os, signal, time\nos.kill(os.getppid(), signal.{name})\ntime.sleep(30)"


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGSEGV])
def test_a_worker_that_dies_fails_only_its_own_notebook_and_names_it(tmp_path, capsys, signum):
    notebooks, config, out = project(tmp_path, "sets:\n  nl:\n    lang: nl\n")
    write_notebook(notebooks, "01_kills", KILL_PARENT.format(name=signum.name))
    for name in ("02_first", "03_second"):
        write_notebook(notebooks, name, "print('ran', lang)")
    before = {child.pid for child in lifecycle.psutil.Process().children(recursive=True)}

    assert runner.main(arguments(notebooks, config, out, "--timeout", "60")) == EXIT_FAILED
    stdout = capsys.readouterr().out

    assert "3 reports in" in stdout and "2 ok, 1 failed" in stdout, stdout
    assert "FAILED nl/01_kills: WorkerDied: its worker process died" in stdout, stdout
    assert "BrokenProcessPool" not in stdout, stdout
    index = read_index(out)
    assert {name: entry["status"] for name, entry in index.items()} == {
        "nl/01_kills": "failed", "nl/02_first": "ok", "nl/03_second": "ok"}, index
    for name in ("02_first", "03_second"):
        assert (out / "nl" / f"{name}.html").is_file() and (out / "nl" / f"{name}.ipynb").is_file()
    assert not (out / "nl" / "01_kills.html").exists()
    left = [" ".join(child.cmdline()) for child in lifecycle.psutil.Process().children(recursive=True)
            if child.pid not in before and child.is_running()]
    # multiprocessing's resource tracker serves this test process for its whole life, not the run
    assert not [command for command in left if "resource_tracker" not in command], left
