"""Every kernel the package and its tests start talks over IPC sockets, never over TCP ports.

A TCP kernel's ports are picked (bind port 0, close) before the kernel binds them; a parallel test
taking one in between killed a kernel in CI ("Address already in use", then a one-minute hang in
``wait_for_ready``). See :mod:`helpers.build.kernels`.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import nbval.kernel
import pytest

from helpers.build import kernels
from helpers.build.worker import QuietKernelManager

ROOT = Path(__file__).resolve().parents[2]


def test_an_ipc_kernel_runs_code_on_sockets_of_its_own_and_removes_them_on_shutdown(tmp_path):
    manager, outputs = kernels.IpcKernelManager(kernel_name="python3"), []
    manager.start_kernel(cwd=str(tmp_path))
    try:
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive("print(6 * 7)", timeout=60,
                                           output_hook=lambda msg: outputs.append(msg["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        info = manager.get_connection_info()
        assert info["transport"] == "ipc" and info["ip"] == manager.ip
        sockets = [Path(f"{manager.ip}-{info[name]}") for name in
                   ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")]
        assert all(path.exists() for path in sockets) and len(set(sockets)) == 5
        assert not list(tmp_path.glob("kernel-ipc*"))  # not the shared default prefix in the working folder
        client.stop_channels()
    finally:
        manager.shutdown_kernel(now=True)
    assert "".join(outputs).strip() == "42"
    assert not any(path.exists() for path in sockets)


def test_every_manager_gets_a_prefix_of_its_own_that_fits_a_socket_path():
    prefixes = {kernels.AsyncIpcKernelManager().ip for _ in range(50)} | {kernels.IpcKernelManager().ip}
    assert len(prefixes) == 51
    for prefix in prefixes:
        assert Path(prefix).name.startswith(kernels.SOCKET_PREFIX)
        assert len(os.fsencode(prefix)) + len("-65535") <= kernels.SOCKET_PATH_MAX
    assert kernels.IpcKernelManager(transport="tcp").ip in ("127.0.0.1", "localhost")  # a TCP manager stays local


def test_a_temporary_folder_too_long_for_a_socket_path_falls_back_to_tmp():
    long_folder = "/" + "x" * 120
    prefix = kernels.socket_prefix(long_folder)
    assert prefix.startswith("/tmp/" + kernels.SOCKET_PREFIX)
    assert kernels.socket_prefix("/short").startswith("/short/" + kernels.SOCKET_PREFIX)


def test_nbval_and_the_runner_start_ipc_kernels():
    assert nbval.kernel.KernelManager is kernels.IpcKernelManager  # set by tests/conftest.py
    assert nbval.kernel.KernelManager().transport == "ipc"
    assert issubclass(QuietKernelManager, kernels.AsyncIpcKernelManager)
    assert QuietKernelManager().transport == "ipc"


def papermill_calls(path: Path):
    """(line, keyword names) of every ``execute_notebook(...)`` call in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "execute_notebook":
                yield node.lineno, {keyword.arg for keyword in node.keywords}


PYTHON_FILES = sorted([*ROOT.glob("tests/**/*.py"), *ROOT.glob("src/helpers/**/*.py"), *ROOT.glob("scripts/*.py")])


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_papermill_call_names_an_ipc_kernel_manager(path):
    for line, keywords in papermill_calls(path):
        assert "kernel_manager_class" in keywords, f"{path.name}:{line}: papermill would start a TCP kernel"


def test_the_scan_finds_the_known_papermill_calls():
    found = {path.name: len(list(papermill_calls(path))) for path in PYTHON_FILES}
    assert found["worker.py"] == 1 and found["test_notebooks.py"] == 2 and found["test_notebook_engine.py"] == 1
