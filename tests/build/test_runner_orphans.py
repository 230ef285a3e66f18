"""What a kernel started in a session of its own (``setsid``) dies with the run, however the run ends.

The kill tests of ``test_runner_hardening`` stop runs whose kernels only sleep. Here each kernel
also starts a child in a new session, which neither the kernel's process group nor the terminal's
signals reach: after the runner's SIGKILL, or a hangup of its terminal (SIGHUP to the whole job, an
ssh connection that drops), nothing is left to re-parent it to but PID 1, unless the workers kill it.
"""

from __future__ import annotations

import os
import signal
import uuid

import pytest

from test_runner import arguments, write_notebook
import test_runner_hardening
from test_runner_hardening import LINUX, STOP_WITHIN, processes_with, start_runner, wait_until

sleeping_project = test_runner_hardening.sleeping_project  # the fixture: two sleepers and a quick one
SESSION_CHILD = ('import subprocess, time\nsubprocess.Popen(["setsid", "sleep", "600"])\n'
                 'print("started", flush=True)\ntime.sleep(300)')


def sleepers(token: str) -> list[int]:
    return [pid for pid, command in processes_with(token).items() if command.startswith("sleep 600")]


@LINUX
@pytest.mark.parametrize("signum, whole_job", [(signal.SIGKILL, False), (signal.SIGHUP, True),
                                               (signal.SIGTERM, False), (signal.SIGINT, True)])
def test_a_child_in_a_session_of_its_own_dies_with_the_run(sleeping_project, signum, whole_job):
    root, notebooks, config, out = sleeping_project
    write_notebook(notebooks, "04_session_child", SESSION_CHILD)
    token = uuid.uuid4().hex
    process = start_runner(root, token, *arguments(notebooks, config, out, "--only", "04_session_child",
                                                   "--only", "01_sleeps"))
    try:
        wait_until(lambda: len(sleepers(token)) == 1, timeout=120)
        if whole_job:  # what a terminal does: the whole foreground group
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        took = wait_until(lambda: not processes_with(token), timeout=STOP_WITHIN + 20)
        process.wait(timeout=10)
    finally:
        for pid in processes_with(token):  # never leave a test's processes behind, even on failure
            os.kill(pid, signal.SIGKILL)
    assert took < STOP_WITHIN, f"processes of the run lived {took:.1f} s after the signal"
    assert not list(out.glob("nl/*.ipynb")) and not list(out.glob("nl/*.html"))  # nothing half-written
