"""What the batch runner renders and what comes back: one job, its outcome and why it failed.

These are the values that cross between the runner's main process and its workers (see
:mod:`helpers.build.runner`), so they are plain, picklable dataclasses. Nothing here imports a library
beyond the standard one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FAILED_SUFFIX = ".failed"
CANCELLED = "cancelled"  # a job skipped after Ctrl-C; never shown
DEFAULT_TIMEOUT = 600  # seconds one cell may run (papermill's execution_timeout)
DEFAULT_KERNEL = "python3"  # the project's kernel: ipykernel of the environment the runner runs in


@dataclass(frozen=True)
class Job:
    """One notebook rendered with one parameter set (picklable: it crosses to a worker)."""

    set_name: str
    notebook: Path
    parameters: dict[str, Any]          # what papermill injects (the set's values and -p values)
    shown_parameters: tuple[tuple[str, str], ...]  # every declared parameter with its effective value
    folder: Path                        # reports/<set>/
    input_label: str                    # paths recorded in the notebook's metadata
    output_label: str
    lang: str = "en"                    # the HTML page's language attribute
    inputs: tuple[tuple[str, str], ...] = ()  # (label, digest) of every input (helpers.build.inputs)
    kernel: str = DEFAULT_KERNEL        # the kernel papermill starts
    language: str = "python"            # its language
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per cell; None: no limit
    sections: tuple[tuple[str, str], ...] = ()  # (stem, title) of every notebook of the set: the navigation bar

    @property
    def name(self) -> str:
        """The report's name as shown to people: ``<set>/<notebook stem>``."""
        return f"{self.set_name}/{self.notebook.stem}"


@dataclass
class Failure:
    """Where and why a notebook run failed (papermill names the cell; a dead kernel has none).

    ``source_line`` quotes the line of the cell that raised (see
    :func:`helpers.build.worker.failing_line`), or the cell's first line when the kernel died or
    timed out in it (no traceback says where).
    """

    ename: str
    evalue: str
    cell_index: int | None = None
    execution_count: int | None = None
    source_line: str = ""
    kernel_log: str = ""

    def describe(self) -> str:
        """One line: the failing cell (index, prompt number, the source line quoted) and the error."""
        where = ""
        if self.cell_index is not None:
            prompt = f" (In [{self.execution_count}])" if self.execution_count is not None else ""
            code = f" `{self.source_line}`" if self.source_line else ""
            where = f"cell {self.cell_index}{prompt}{code} raised "
        message = f"{where}{self.ename}: {self.evalue}".rstrip(": ")
        if self.kernel_log:
            message += "\n    kernel output:\n" + "\n".join("      " + line for line in self.kernel_log.splitlines())
        return message


@dataclass
class Outcome:
    """The result of one job as the index and the summary show it."""

    set_name: str
    notebook: str
    status: str                         # "ok" or "failed" ("cancelled" after Ctrl-C, never shown)
    duration: float
    parameters: list[list[str]]
    files: list[str] = field(default_factory=list)    # written report files, relative to --out
    exports: list[str] = field(default_factory=list)  # exported figures/tables, relative to the set folder
    failure: Failure | None = None

    @property
    def name(self) -> str:
        """``<set>/<notebook>``."""
        return f"{self.set_name}/{self.notebook}"

