"""Kernel managers whose kernels talk over IPC (Unix) sockets instead of TCP ports.

jupyter_client picks a kernel's five TCP ports by binding port 0 and closing the socket; the kernel
binds them moments later. Any process that takes one of those ports in between (another kernel
starting in a parallel worker, a client's ephemeral port) makes the kernel die with "Address already
in use", and its manager waits a minute for a reply that never comes. Seen in CI, where tests and
nbval start many kernels in two parallel workers. IPC sockets need no free port: each kernel gets
a fresh path prefix of its own, so there is nothing to race for. They also need no encryption,
which silences ipykernel's "running over TCP without encryption" warning.

The runner's :class:`helpers.build.worker.QuietKernelManager` builds on
:class:`AsyncIpcKernelManager`; the test suite passes it to papermill and gives nbval
:class:`IpcKernelManager` (``tests/conftest.py``).
"""

from __future__ import annotations

import os
import tempfile
import uuid

from jupyter_client.connect import localhost
from jupyter_client.manager import AsyncKernelManager, KernelManager
from traitlets import CaselessStrEnum, HasTraits, default

# A Unix socket's path holds at most 107 bytes on Linux (sun_path); ipc files are "<prefix>-<port>".
SOCKET_PATH_MAX = 107
SOCKET_PREFIX = "digivaardig-kernel-"


def socket_prefix(folder: str | None = None) -> str:
    """A path prefix no other kernel uses, for the ``<prefix>-<n>`` socket files of one kernel.

    ``folder`` defaults to the temporary folder; when that is too long for a socket path, ``/tmp``.
    The files are removed by jupyter_client when the kernel is shut down (``cleanup_ipc_files``).
    """
    folder = folder or tempfile.gettempdir()
    prefix = os.path.join(folder, SOCKET_PREFIX + uuid.uuid4().hex[:16])
    if len(os.fsencode(prefix)) + len("-65535") > SOCKET_PATH_MAX:
        prefix = os.path.join("/tmp", SOCKET_PREFIX + uuid.uuid4().hex[:16])
    return prefix


class IpcTransport(HasTraits):
    """Mixin: IPC transport by default, and a socket prefix of the kernel's own (not ``kernel-ipc``
    in the working folder, which two kernels started from one folder would share)."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _ip_default(self) -> str:
        return socket_prefix() if self.transport == "ipc" else localhost()


class IpcKernelManager(IpcTransport, KernelManager):
    """jupyter_client's blocking ``KernelManager`` on IPC sockets (for nbval)."""


class AsyncIpcKernelManager(IpcTransport, AsyncKernelManager):
    """jupyter_client's ``AsyncKernelManager`` on IPC sockets (for papermill: ``kernel_manager_class=``)."""
