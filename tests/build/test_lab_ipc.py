"""``make lab``'s kernels use IPC transport (issue 17, kind 6), proven from the main environment.

JupyterLab's kernel manager (jupyter_server's ``ServerKernelManager``) is a subclass of
jupyter_client's ``KernelManager`` and reads ``KernelManager.transport`` from the config files in
``<prefix>/etc/jupyter``. So: the file ``make lab`` copies there sets it; jupyter_client, given that
file's config, starts a kernel whose connection file says ``ipc``, with sockets in the private
runtime folder and no TCP port; and without the file the same manager would use TCP (so the check
can fail). ``tests/build/test_lab.py`` checks the same on the real lab server.
"""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import psutil
from jupyter_client.manager import KernelManager
from traitlets.config import Config, JSONFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "etc" / "jupyter" / "jupyter_server_config.json"


def lab_config() -> Config:
    return JSONFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()


def test_make_lab_installs_the_ipc_config_into_the_lab_prefix():
    commands = subprocess.run(["make", "--no-print-directory", "-n", "-B", ".venv-lab/.installed"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=True).stdout
    assert "cp etc/jupyter/jupyter_server_config.json .venv-lab/etc/jupyter/" in commands
    assert json.loads(CONFIG.read_text(encoding="utf-8")) == {"KernelManager": {"transport": "ipc"}}


def test_without_the_config_a_kernel_manager_would_use_tcp():
    assert KernelManager(config=Config()).transport == "tcp"


def test_a_kernel_started_with_the_lab_config_listens_on_private_ipc_sockets(tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    manager = KernelManager(config=lab_config(), connection_file=str(runtime / "kernel-test.json"))
    manager.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=120)
        client.stop_channels()
        connection = json.loads((runtime / "kernel-test.json").read_text(encoding="utf-8"))
        assert connection["transport"] == "ipc"
        assert Path(connection["ip"]).parent == runtime
        sockets = sorted(path.name for path in runtime.iterdir() if path.is_socket())
        assert len(sockets) == 5, sockets  # shell, iopub, stdin, control, heartbeat
        assert stat.S_IMODE(runtime.stat().st_mode) & 0o077 == 0  # other users cannot reach them
        kernel = psutil.Process(manager.provisioner.process.pid)
        listening = [c.laddr for c in kernel.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        # The one TCP socket left is ipykernel's IOPub pipe for forked children (iostream._setup_pipe_in): a
        # PULL socket on 127.0.0.1 that only receives and drops messages without its random 16-byte key, so
        # nothing can be read from it. Over TCP transport the five channels would listen here too.
        assert len(listening) <= 1 and all(address.ip == "127.0.0.1" for address in listening), listening
    finally:
        manager.shutdown_kernel(now=True)
