"""Atomic file writes, shared by the exports of a notebook run and the batch runner's reports.

Each file goes to a temporary sibling (``.<name>.<pid>.<random>.tmp`` in the same folder: the
process id lets the next run remove what a killed one left, see :mod:`helpers.build.lifecycle`) and is moved into place with
``os.replace``, so a reader never sees a half-written file and an earlier good file survives a
failure. Kept free of heavy imports: the runner's main process writes the index with it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _file_mode() -> int:
    """The mode an ordinary new file gets under the current umask (read without changing it for good)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def write_files(contents: dict[Path, bytes]) -> None:
    """Write every file through a temporary sibling, then move them all into place.

    All temporary files are complete before the first ``os.replace``, so a failure while
    writing leaves the targets untouched; temporary files are removed on any error.

    Raises ``OSError`` (the same subclass and errno, e.g. ENOSPC on a full disk) naming the file
    that could not be written: the system's own message names no path for a failed write.
    """
    temporary: dict[Path, str] = {}
    try:
        for target, payload in contents.items():
            try:
                handle, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                                dir=target.parent)
                temporary[target] = name
                os.fchmod(handle, FILE_MODE)  # mkstemp makes 0600; exports are ordinary files (0666 & ~umask)
                with os.fdopen(handle, "wb") as stream:
                    stream.write(payload)
                    stream.flush()
                    os.fsync(stream.fileno())
            except OSError as error:
                raise _naming(error, target, "no file of this export was changed") from error
        for target, name in temporary.items():
            try:
                os.replace(name, target)
            except OSError as error:
                raise _naming(error, target, "while moving it into place") from error
    finally:
        for name in temporary.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)


def _naming(error: OSError, target: Path, what: str) -> OSError:
    """``error`` again (same errno, so the same subclass), naming ``target`` and ``what`` happened."""
    reason = f"{error.strerror or error} ({what})"
    if error.errno is None:
        return OSError(f"{reason}: {str(target)!r}")
    return OSError(error.errno, reason, str(target))
