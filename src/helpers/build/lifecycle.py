"""Process lifetime of the batch runner: no orphaned worker or kernel, no leftovers after a kill.

The runner (:mod:`helpers.build.runner`) is a main process with a pool of worker processes, each of
which starts one Jupyter kernel per notebook. jupyter_client starts every kernel in a session of
its own, so neither Ctrl-C in a terminal nor the death of its parent reaches it by itself. The
guarantees and how each is kept:

* **The main process is stopped (Ctrl-C, SIGTERM).** :class:`StopSignals` turns SIGINT and
  SIGTERM into "stop now": no further notebook starts, and every worker gets SIGTERM, then
  SIGKILL if it is still there :data:`KILL_AFTER` seconds later (:func:`terminate`).
* **A worker gets SIGTERM or SIGHUP** (from the main process, the parent-death signal below, a
  closed terminal): :func:`terminate_worker` kills its descendants (also in other sessions) and
  every kernel's process group, removes its staging and scratch folders and exits at once.
* **The main process is killed (SIGKILL, crash).** Every worker asked the kernel for SIGTERM on
  its parent's death (``prctl(PR_SET_PDEATHSIG)``, Linux), so the path above runs.
* **A worker is killed.** ipykernel polls its parent (``JPY_PARENT_PID``, set by jupyter_client)
  once a second and exits when the parent is gone.
* **A kernel starts a process that outlives it** (even with ``setsid``, in a session of its own):
  workers and the main process are subreapers (``prctl(PR_SET_CHILD_SUBREAPER)``), so such a
  process is re-parented to them, not to PID 1; each worker kills its descendants after every
  notebook, the main process those of other sessions after the batch (psutil's process tree).
* **Folders a killed run leaves** (the main process's scratch folder in the system temp folder,
  a worker's ``.staging-<notebook>-<pid>`` folder, a half-written ``.<file>.<pid>.*.tmp`` file)
  carry the id of their owner: :func:`remove_leftovers` removes those whose owner is dead, and
  every run calls it at its start and end. A scratch folder is held by an ``flock`` on its
  ``.lock`` file while its run lives, so a reused process id cannot keep it.
* **Folders libraries make when HOME cannot be written** (matplotlib's ``/tmp/matplotlib-*`` with a
  warning that lands in the report, IPython's ``/tmp/tmp*``, one per process, never removed):
  :func:`private_homes` points them into the run's scratch folder, which goes with the run.

Kept free of heavy imports: the main process uses it before any kernel starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import psutil

SCRATCH_PREFIX = "digivaardig-runner-"
LOCK_NAME = ".lock"
SCRATCH = re.compile(rf"^{SCRATCH_PREFIX}(\d+)-")
STAGING = re.compile(r"^\.staging-.+-(\d+)$")
TEMPORARY_FILE = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")  # helpers.core.atomic's names: .<file>.<pid>.<random>.tmp
UNLOCKED_GRACE = 60.0  # seconds an unlocked scratch folder of a live process id is left alone (its run may be starting)
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


# ---------------------------------------------------------------- the main process


class StopSignals:
    """Within ``with``: SIGINT and SIGTERM call ``on_stop(signum)`` once instead of raising.

    The handler only records the signal and calls ``on_stop`` (which terminates the workers);
    the code inside goes on collecting what the workers return. The earlier handlers are
    restored on exit. ``received`` is the first signal's number, or None.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, on_stop: Callable[[int], None]):
        self.on_stop = on_stop
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.received is None:
            self.received = signum
        self.on_stop(signum)

    def __enter__(self) -> "StopSignals":
        if threading.current_thread() is threading.main_thread():  # only the main thread may set handlers
            for signum in self.SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


KILL_AFTER = 5.0  # seconds a terminated worker gets to clean up before SIGKILL


def terminate(pids: Iterable[int], grace: float = KILL_AFTER) -> threading.Timer:
    """SIGTERM to every process, then SIGKILL to each still there after ``grace`` seconds.

    A worker handles SIGTERM at once unless it is stuck inside a long C call; the SIGKILL makes
    "stops within seconds" hold then too (its kernel then exits by itself, and its staging
    folder is a leftover for :func:`remove_leftovers`). Returns the (daemon) timer.
    """
    pids = list(pids)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)

    def kill_the_rest() -> None:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    timer = threading.Timer(grace, kill_the_rest)
    timer.daemon = True
    timer.start()
    return timer


def exit_code(signum: int) -> int:
    """The shell's exit code of a process stopped by ``signum``: 130 for SIGINT, 143 for SIGTERM."""
    return 128 + int(signum)


# The configuration folders that libraries in workers and kernels write to, and where each looks by default.
# When such a folder cannot be written (an unwritable or missing HOME), matplotlib warns with an absolute
# /tmp/matplotlib-* path on stderr, which then stands in the report (and fails nbval), and matplotlib and
# IPython each make a temporary folder per process that nothing removes.
CONFIG_HOMES = {"MPLCONFIGDIR": ("XDG_CONFIG_HOME", ".config", "matplotlib"),
                "IPYTHONDIR": (None, "", ".ipython")}


def private_homes(scratch: Path) -> dict[str, str]:
    """For each of :data:`CONFIG_HOMES` whose folder (the variable's value, else its default under
    ``$XDG_CONFIG_HOME`` or ``~``) cannot be written: the variable set to a folder in the run's scratch
    folder, which goes with the run. A writable folder is kept: matplotlib's font cache there spares
    every kernel a rebuild."""
    private = {}
    for variable, (xdg, under_home, name) in CONFIG_HOMES.items():
        configured = os.environ.get(variable)
        if configured:
            base = Path(configured)
        else:
            parent = os.environ.get(xdg) if xdg else None
            base = Path(parent) / name if parent else Path(os.path.expanduser("~")) / under_home / name
        existing = base
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if existing.is_dir() and os.access(existing, os.W_OK | os.X_OK):
            continue
        folder = scratch / variable.lower()
        folder.mkdir(exist_ok=True)
        private[variable] = str(folder)
    return private


class Scratch:
    """The main process's private folder in the system temp folder, locked while the run lives.

    Workers' scratch subfolders and the kernels' IPC sockets live inside. ``with`` creates it
    (``digivaardig-runner-<pid>-<random>``), takes an exclusive ``flock`` on its ``.lock`` file and
    removes it on exit; if the process is killed instead, the lock dies with it and the next
    run's :func:`remove_leftovers` removes the folder.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root  # default: the system temp folder
        self.path: Path | None = None
        self._lock: int | None = None

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=self.root))
        self._lock = os.open(self.path / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        return self.path

    def __exit__(self, *exc: object) -> None:
        assert self.path is not None and self._lock is not None
        shutil.rmtree(self.path, ignore_errors=True)
        os.close(self._lock)


def _owner_alive(pid: int) -> bool:
    """Whether a process with this id runs (ours or another user's). A zombie is dead: a killed worker
    whose runner died is re-parented to a subreaper (the runner's caller, e.g. pytest), which may never
    reap it, and its id then still exists although nothing can write its files any more."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def _scratch_abandoned(folder: Path) -> bool:
    """Whether a scratch folder's run is gone.

    Only folders named by this module (``digivaardig-runner-<pid>-...``) are considered. Gone means:
    nobody holds the lock on its ``.lock`` file (or there is none), and its process is dead or the
    folder is older than :data:`UNLOCKED_GRACE` (a reused process id; a run locks its folder right
    after creating it, so only a run starting this very moment has a young, unlocked folder).
    """
    match = SCRATCH.match(folder.name)
    if not match:
        return False
    try:
        handle = os.open(folder / LOCK_NAME, os.O_RDWR)
    except FileNotFoundError:
        handle = None
    except OSError:
        return False
    if handle is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # held: its run is alive
        finally:
            os.close(handle)
    try:
        young = time.time() - folder.stat().st_mtime < UNLOCKED_GRACE
    except FileNotFoundError:
        return False
    return not _owner_alive(int(match.group(1))) or not young


def remove_leftovers(out: Path, temp_root: Path | None = None) -> list[Path]:
    """Remove what killed runs left; return the removed paths.

    Under ``out``: ``.staging-*-<pid>`` folders and ``.<file>.<pid>.*.tmp`` files of a set folder
    whose process is dead. In the temp folder: ``digivaardig-runner-<pid>-*`` scratch folders whose
    run is gone (see :func:`_scratch_abandoned`). Anything of a live run (this one's or a concurrent
    runner's) stays, and so does anything not named the way this module names things.
    """
    removed: list[Path] = []
    folders = [out, *(path for path in _subfolders(out))]
    for folder in folders:
        for path in _children(folder):
            for pattern in (STAGING, TEMPORARY_FILE):
                match = pattern.match(path.name)
                if match and not _owner_alive(int(match.group(1))):
                    _remove(path)
                    removed.append(path)
    root = temp_root or Path(tempfile.gettempdir())
    for path in _children(root):
        if path.is_dir() and _scratch_abandoned(path):
            _remove(path)
            removed.append(path)
    return removed


def _subfolders(folder: Path) -> Iterable[Path]:
    return (path for path in _children(folder) if path.is_dir() and not path.name.startswith("."))


def _children(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:  # missing or unreadable: nothing of ours there
        return []


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


# ---------------------------------------------------------------- worker processes


_KERNEL_GROUPS: set[int] = set()   # process groups of the kernels this worker started and has not shut down
_FOLDERS: list[Path] = []          # the running job's staging and scratch folders


def die_with_parent(parent: int, signum: int = signal.SIGTERM) -> None:
    """Ask the kernel to send ``signum`` to this process when ``parent`` dies (Linux; else a no-op).

    If the parent is already gone (it died before this call), exit at once.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(exit_code(signum))


def become_subreaper() -> None:
    """Make this process the reaper of its orphaned descendants (``prctl(PR_SET_CHILD_SUBREAPER)``,
    Linux; else a no-op): a process a kernel started, even in a session of its own (``setsid``),
    is re-parented here instead of to PID 1 when the kernel exits, so :func:`kill_new_descendants`
    finds it."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def kill_new_descendants(kept: Iterable[int] = (), other_sessions_only: bool = False) -> list[int]:
    """SIGKILL every descendant of this process (psutil's tree) not in ``kept``, reap it; return the pids.

    ``other_sessions_only`` spares descendants in this process's own session (the main process's
    pool helpers, multiprocessing's resource tracker): kernels and what they start run in
    sessions of their own (jupyter_client, ``setsid``).
    """
    try:
        found = psutil.Process().children(recursive=True)
    except psutil.Error:
        return []
    session = os.getsid(0)
    victims = []
    for process in found:
        if process.pid in set(kept):
            continue
        with contextlib.suppress(psutil.Error, OSError):
            if other_sessions_only and os.getsid(process.pid) == session:
                continue
            process.kill()
            victims.append(process)
    psutil.wait_procs(victims, timeout=KILL_AFTER)
    return [process.pid for process in victims]


def start_worker_lifecycle(parent: int) -> None:
    """In a worker: ignore Ctrl-C (the main process decides), die with the main process, and on
    SIGTERM or SIGHUP kill the kernels and what they started and remove the running job's folders."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, terminate_worker)
    signal.signal(signal.SIGHUP, terminate_worker)  # a closed terminal hangs up the whole job: clean up too
    die_with_parent(parent)
    become_subreaper()


_DEFERRED: dict[str, Any] = {"active": False, "signal": None}  # see termination_deferred


def terminate_worker(signum: int, frame: Any = None) -> None:
    """SIGTERM handler of a worker: kill every descendant and kernel's process group, remove the job's
    folders, exit.

    Inside :func:`termination_deferred` it only records the signal; the block's end then runs it.
    """
    if _DEFERRED["active"]:
        _DEFERRED["signal"] = signum
        return
    kill_new_descendants()  # and what the kernels started in sessions of their own: once the main process
    for group in list(_KERNEL_GROUPS):  # is dead (SIGKILL, SIGHUP) nobody else would kill it
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
    for folder in list(_FOLDERS):
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(exit_code(signum))


def kernel_started(group: int | None) -> None:
    """Record a kernel's process group (jupyter_client starts each kernel in a session of its own)."""
    if group:
        _KERNEL_GROUPS.add(group)


def kernels_stopped() -> None:
    """Forget the recorded kernels once papermill has shut them down."""
    _KERNEL_GROUPS.clear()


@contextlib.contextmanager
def termination_deferred():
    """Within ``with``: a SIGTERM waits until the block is done (moving a finished report into
    place is quick, and must not stop halfway: report and exports would disagree).

    Blocking the signal in this thread is not enough: a process-directed SIGTERM goes to any
    thread that has it unblocked (jupyter_client's and zmq's threads do), and CPython then runs the
    Python handler in the main thread, the one publishing, at its next bytecode. So the handler
    itself defers while the block runs (:func:`terminate_worker`), and the block's end runs it.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    _DEFERRED.update(active=True, signal=None)
    try:
        yield
    finally:
        _DEFERRED["active"] = False
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a SIGTERM blocked meanwhile arrives here
        if _DEFERRED["signal"] is not None:
            terminate_worker(_DEFERRED["signal"])


@contextlib.contextmanager
def job_folders(*folders: Path):
    """Within ``with``: ``folders`` are removed if the worker is terminated; removed on exit anyway."""
    _FOLDERS[:] = list(folders)
    try:
        yield
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        _FOLDERS.clear()
