"""``make lab``: JupyterLab from ``.venv-lab`` serves the notebooks, runs one with another parameter, stops.

The test starts the real target, ``make lab LAB_ARGS="--port P --no-browser ..."`` (building the lab
environment first when it is missing or out of date, a few minutes), as whatever user runs the
tests (as root it must add ``--allow-root`` by itself). Through the server's REST API it reads the
kernelspec, opens a session on ``notebooks/02_skills.ipynb`` and executes the notebook's cells over
the kernel's websocket with ``lang = "en"`` injected after the parameters cell, as papermill would.
Then it stops the server through the API and checks that no process it started is left.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import psutil
import pytest
from tornado.websocket import websocket_connect

from helpers.core import data

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 1200  # seconds: building .venv-lab on a busy 2-core machine, then the server start
CELL_TIMEOUT = 300


def served_port(runtime: Path) -> int | None:
    """The port the server listens on, from the file it writes when it serves (None before).

    The server is started with ``--port 0`` and picks the port itself: a port picked here and
    bound by the server later can be taken by a parallel test in between (the server then moves to
    another port, and this test would wait on the wrong one)."""
    for info in runtime.glob("jpserver-*.json"):
        try:
            return int(json.loads(info.read_text(encoding="utf-8"))["port"])
        except (ValueError, KeyError, OSError):
            return None  # being written
    return None


class Lab:
    """A running ``make lab`` and how to talk to its server."""

    def __init__(self, process: subprocess.Popen, token: str, log: Path, built: bool, runtime: Path):
        self.process, self.token, self.log, self.built, self.runtime = process, token, log, built, runtime
        self.port = 0  # known once the server has written its runtime file (served_port)

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method,
            data=json.dumps(body).encode("utf-8") if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode("utf-8")
        return json.loads(text) if text else {}

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def processes(self) -> list[psutil.Process]:
        """make, JupyterLab and its kernels: every live process the test started."""
        try:
            parent = psutil.Process(self.process.pid)
            return [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    folder = tmp_path_factory.mktemp("lab")
    token = secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(folder / "config"), "JUPYTER_DATA_DIR": str(folder / "data"),
           "JUPYTER_RUNTIME_DIR": str(folder / "runtime")}
    env.pop("JPY_SESSION_NAME", None)
    stamp = ROOT / ".venv-lab" / ".installed"
    up_to_date = stamp.is_file() and all(stamp.stat().st_mtime >= (ROOT / name).stat().st_mtime
                                         for name in ("requirements-lab.lock", "pyproject.toml"))
    # no transport option here: the IPC kernels must come from the config `make lab` installs (issue 17, kind 6)
    lab_args = f"--port 0 --no-browser --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    log = folder / "make-lab.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={lab_args}"], cwd=ROOT,
                                   env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    running = Lab(process, token, log, built=not up_to_date, runtime=folder / "runtime")
    started: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            assert process.poll() is None, f"make lab exited with {process.returncode}:\n{running.output()[-3000:]}"
            assert time.monotonic() < deadline, f"make lab did not serve in time:\n{running.output()[-3000:]}"
            running.port = running.port or served_port(running.runtime) or 0
            if not running.port:
                time.sleep(0.2)
                continue
            try:
                running.request("GET", "/api/status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        yield running
    finally:
        started = running.processes()
        if process.poll() is None:
            try:
                running.request("POST", "/api/shutdown")
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        _, alive = psutil.wait_procs([p for p in started if p.is_running()], timeout=30)
        for leftover in alive:  # never leave a process behind, even when an assertion failed
            leftover.kill()


async def execute(url: str, cells: list[str]) -> list[tuple[dict, list[dict]]]:
    """Run each code string in turn over the kernel's websocket; (execute_reply content, output messages) per cell."""
    socket_ = await websocket_connect(url)
    session = uuid.uuid4().hex
    results = []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            socket_.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": session,
                           "date": datetime.now(timezone.utc).isoformat(), "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            reply, outputs, idle = None, [], False
            while reply is None or not idle:
                raw = await asyncio.wait_for(socket_.read_message(), timeout=CELL_TIMEOUT)
                assert raw is not None, "the kernel's websocket closed"
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = message["header"]["msg_type"]
                if kind in ("stream", "display_data", "execute_result", "error"):
                    outputs.append(message)
                elif kind == "execute_reply":
                    reply = message["content"]
                elif kind == "status" and message["content"]["execution_state"] == "idle":
                    idle = True
            results.append((reply, outputs))
    finally:
        socket_.close()
    return results


def text_of(outputs: list[dict]) -> str:
    parts = []
    for message in outputs:
        content = message["content"]
        parts.append(content.get("text", ""))
        parts += [str(value) for key, value in content.get("data", {}).items() if key.startswith("text/")]
        # a chart's wording travels as its image's alt text and title (report.chart)
        parts += [str(meta.get(key, "")) for meta in content.get("metadata", {}).values() if isinstance(meta, dict)
                  for key in ("alt", "title")]
    return "\n".join(parts)


def test_make_lab_serves_the_notebooks_and_runs_one_with_a_changed_parameter(lab, survey):
    console = lab.output()
    assert "Starting JupyterLab" in console
    if lab.built:
        assert "Installing the lab environment" in console  # the progress line while installing
    if os.geteuid() == 0:
        assert "--allow-root" in console  # as root, make lab says it adds the option

    specs = lab.request("GET", "/api/kernelspecs")
    spec = specs["kernelspecs"][specs["default"]]["spec"]
    assert spec["language"] == "python" and "ipykernel_launcher" in spec["argv"]

    session = lab.request("POST", "/api/sessions", {"path": "notebooks/02_skills.ipynb", "type": "notebook",
                                                    "name": "02_skills.ipynb", "kernel": {"name": specs["default"]}})
    # the kernel talks over IPC sockets in the runtime folder, as .venv-lab/etc/jupyter says (no TCP port)
    connection = json.loads(next(lab.runtime.glob(f"kernel-{session['kernel']['id']}.json")).read_text())
    assert connection["transport"] == "ipc" and Path(connection["ip"]).parent == lab.runtime
    notebook = nbformat.read(ROOT / "notebooks" / "02_skills.ipynb", as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cells.append(cell.source)
            if "parameters" in cell.metadata.get("tags", []):
                cells.append('lang = "en"')  # what papermill would inject
    cells.append("import sys\nprint(sys.prefix)")
    cells.append("import os\nfrom helpers.core import paths\nos.environ.pop('DIGIVAARDIG_OUTPUT', None)\n"
                 "print(paths.output_dir().relative_to(paths.PROJECT_ROOT).as_posix())")
    url = (f"ws://127.0.0.1:{lab.port}/api/kernels/{session['kernel']['id']}/channels"
           f"?session_id={uuid.uuid4().hex}&token={lab.token}")
    results = asyncio.run(execute(url, cells))

    failed = [(index, reply.get("ename"), reply.get("evalue")) for index, (reply, _) in enumerate(results)
              if reply["status"] != "ok"]
    assert failed == []
    shown = text_of([message for _, outputs in results for message in outputs])
    english, dutch = (str(data.question(survey, "skills_sufficient")[f"wording_{lang}"]) for lang in ("en", "nl"))
    assert english in shown and dutch not in shown
    assert Path(text_of(results[-2][1]).strip()) == ROOT / ".venv-lab"  # the kernel runs in the lab environment
    # the interactive outputs are named by notebook and parameter (JupyterLab names the notebook)
    assert text_of(results[-1][1]).strip() == "reports/interactive/02_skills--lang=en"


def test_stopping_the_lab_leaves_no_process(lab):
    assert lab.processes(), "make lab is not running"
    kernels = lab.request("GET", "/api/kernels")
    started = lab.processes()
    lab.request("POST", "/api/shutdown")
    assert lab.process.wait(timeout=120) == 0, lab.output()[-3000:]
    gone, alive = psutil.wait_procs([p for p in started if p.is_running()], timeout=60)
    assert [f"{p.pid} {p.name()}" for p in alive] == []
    assert len(started) >= 2 + len(kernels)  # make, jupyter-lab and every kernel were watched
