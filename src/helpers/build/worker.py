"""The worker side of the runner: one process renders one job at a time into a notebook and a page.

One process pool renders the reports (papermill is safe across processes, not threads; see
:func:`helpers.build.runner.run_jobs`). Each worker imports papermill and nbconvert once and keeps one
HTML exporter (:func:`start_worker`); :func:`render` executes a job's notebook (:func:`execute`),
makes it deterministic (:func:`tidy`), converts it to HTML (:func:`to_html`) and hands both to
:func:`helpers.build.publish.publish`. The pool pickles :func:`start_worker` and :func:`render` by
name, so they stay module-level functions of this module.

* Kernels talk over IPC sockets in a private folder: no TCP ports for parallel kernels to race
  for, and no "running over TCP without encryption" warning. Each kernel's own stdout/stderr
  goes to a log file that the summary quotes only if the kernel dies, so the console shows the
  progress bar and the summary and nothing else.
* Reports are deterministic: nbclient records no cell timestamps, papermill's timestamps and
  durations are stripped, and the cells papermill adds get fixed ids.
* A failed notebook's message names the cell (index and prompt number) and quotes the line of
  the cell that raised, found in papermill's traceback (:func:`failing_line`).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traitlets import Unicode

from . import chrome, claimreview, inputs, lifecycle, prose
from ..core import paths
from .kernels import AsyncIpcKernelManager
from .cli import literal_value
from .jobs import CANCELLED, FAILED_SUFFIX, Failure, Job, Outcome
from .publish import PublishError, publish, staged_exports
from .site import top_bar

TEMPLATE_NAME = "offline"
KERNEL_LOG_LINES = 15


def quiet_libraries() -> None:
    """Silence library chatter the user cannot act on; our summary reports what matters.

    nbformat warns about notebooks without cell ids; papermill and nbclient log through the
    ``papermill`` logger (kernel start, unknown parameters, which we check ourselves); nbconvert
    logs a warning for every chart without alternative text.
    """
    from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning

    warnings.filterwarnings("ignore", category=MissingIDFieldWarning)
    warnings.filterwarnings("ignore", category=DuplicateCellId)
    for name in ("papermill", "traitlets", "nbconvert", "nbclient"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


class QuietKernelManager(AsyncIpcKernelManager):
    """A kernel on IPC sockets whose own stdout/stderr go to a log file instead of the console.

    ipykernel 7 warns on stderr that a TCP kernel is unencrypted, and echoes file-descriptor level
    output of cells to its own stderr as well as into the notebook. IPC sockets (in the worker's
    scratch folder, set through ``ip``) need no encryption and no free TCP ports; the log file keeps
    whatever the kernel process prints so a crash can still be explained.
    """

    log_path = Unicode("", config=True, help="file receiving the kernel process's stdout and stderr")

    async def start_kernel(self, **kwargs: Any) -> None:
        """Start the kernel with its stdout and stderr appended to ``log_path`` (when set)."""
        if not self.log_path:
            await super().start_kernel(**kwargs)
        else:
            with open(self.log_path, "ab") as log:  # the kernel inherits its own copy of the descriptor
                kwargs.setdefault("stdout", log)
                kwargs.setdefault("stderr", log)
                await super().start_kernel(**kwargs)
        # the kernel runs in a session of its own: a terminated worker kills that whole group
        lifecycle.kernel_started(getattr(self.provisioner, "pgid", None) or getattr(self.provisioner, "pid", None))


# ---------------------------------------------------------------- worker side


@dataclass
class _WorkerState:
    """What a worker process builds once and reuses for every job."""

    exporter: Any
    scratch: Path
    stop: Any  # multiprocessing Event: set by the main process on Ctrl-C


_WORKER: _WorkerState | None = None


def start_worker(scratch_root: str, show_input: bool, stop: Any, parent: int = 0,
                 environment: dict[str, str] | None = None) -> None:
    """Process-pool initializer: quiet the libraries, import papermill and nbconvert once, one exporter.

    Workers ignore Ctrl-C: the main process decides (see :func:`helpers.build.runner.run_jobs`) and sends
    SIGTERM, on which a worker kills its kernel and removes its job's folders; a worker also gets
    SIGTERM when the main process dies, however it dies (see :mod:`helpers.build.lifecycle`). ``environment``
    (absolute ``DIGIVAARDIG_DATA``) goes to the worker and so to its kernels.
    """
    global _WORKER
    lifecycle.start_worker_lifecycle(parent or os.getppid())
    os.environ.update(environment or {})
    warnings.simplefilter("ignore")  # a worker runs library code only; cells' warnings stay in the notebooks
    quiet_libraries()
    import papermill  # noqa: F401  (imported once here instead of in every job)

    scratch = Path(scratch_root) / f"worker-{os.getpid()}"
    scratch.mkdir(parents=True, exist_ok=True)
    _WORKER = _WorkerState(exporter=make_exporter(show_input), scratch=scratch, stop=stop)


def make_exporter(show_input: bool) -> Any:
    """An HTML exporter using our offline template; code cells and prompts hidden unless ``show_input``."""
    from nbconvert import HTMLExporter

    quiet_log = logging.getLogger("helpers.runner.nbconvert")
    quiet_log.setLevel(logging.CRITICAL)
    return HTMLExporter(
        extra_template_basedirs=[str(paths.TEMPLATES_DIR)], template_name=TEMPLATE_NAME,
        exclude_input=not show_input, exclude_input_prompt=not show_input,
        exclude_output_prompt=not show_input, log=quiet_log,
    )


def render(job: Job) -> Outcome:
    """Execute one notebook, convert it to HTML and put its files in place (runs in a worker)."""
    started = time.perf_counter()
    assert _WORKER is not None, "render() runs in a worker started by start_worker()"
    if _WORKER.stop.is_set():
        return Outcome(job.set_name, job.notebook.stem, CANCELLED, 0.0, [])
    stem = job.notebook.stem
    scratch = _WORKER.scratch / "job"  # one job at a time per worker; short: the kernel's sockets live inside
    staging = job.folder / f".staging-{stem}-{os.getpid()}"
    outcome = Outcome(job.set_name, stem, "ok", 0.0, [list(pair) for pair in job.shown_parameters])
    with lifecycle.job_folders(staging, scratch):  # removed afterwards, and if the worker is terminated
        try:
            scratch.mkdir(parents=True, exist_ok=True)
            staging.mkdir(parents=True, exist_ok=True)
            os.environ["DIGIVAARDIG_OUTPUT"] = str(staging)  # the kernel inherits the worker's environment
            notebook, failure = execute(job, scratch)
            if notebook is not None:
                tidy(notebook, job, failed=failure is not None)
                page = to_html(notebook, job, failed=failure is not None,
                               exports=[] if failure is not None else list(staged_exports(staging, Path())))
                with lifecycle.termination_deferred():  # a report and its exports move into place together
                    try:
                        outcome.files, outcome.exports = publish(job, notebook, page, staging,
                                                                 failed=failure is not None)
                    except PublishError as error:  # nothing of this run was written; the earlier report stays
                        failure = _not_published(job, failure, error)
            if failure is not None:
                outcome.status, outcome.failure = "failed", failure
        except Exception as error:  # anything else (disk full, template error): this report fails, others go on
            outcome.status, outcome.failure = "failed", Failure(type(error).__name__, str(error))
    outcome.duration = time.perf_counter() - started
    return outcome


def _not_published(job: Job, failure: Failure | None, error: PublishError) -> Failure:
    """The failure of a run whose files could not be put in place (a full disk): names the file."""
    if failure is not None:  # the notebook failed as well: keep its cell, say why no .failed files exist
        failure.evalue += f"; its executed notebook could not be kept: {error}"
        return failure
    kept = (job.folder / f"{job.notebook.stem}.html").is_file()
    return Failure("OSError", f"{error}; " + ("the earlier report is kept as it was" if kept else "nothing was written"))


def execute(job: Job, scratch: Path) -> tuple[Any, Failure | None]:
    """Run the notebook with papermill; return the executed notebook (None if none) and the failure."""
    import nbformat
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    from . import engine as notebook_engine

    executed = scratch / job.notebook.name
    kernel_log = scratch / "kernel.log"
    config = Config({"QuietKernelManager": {"log_path": str(kernel_log), "ip": str(scratch / "kernel")}})
    try:
        source = prose.select_language(nbformat.read(job.notebook, as_version=4), job.lang)
        notebook = papermill.execute_notebook(
            source, str(executed), parameters=job.parameters, cwd=str(job.notebook.parent),
            progress_bar=False, log_output=False, request_save_on_cell_execute=True,
            kernel_manager_class=QuietKernelManager, config=config, kernel_name=job.kernel, language=job.language,
            execution_timeout=job.timeout, shutdown_kernel="immediate", record_timing=False,
            engine_name=notebook_engine.ENGINE_NAME,  # one write at the end, not two per cell
        )
        return notebook, None
    except PapermillExecutionError as error:
        failure = Failure(error.ename, error.evalue, error.cell_index, error.exec_count,
                          failing_line(error.source, error.traceback))
    except CellTimeoutError:
        failure = Failure("CellTimeoutError", f"the cell ran longer than the limit of {job.timeout:g} s "
                          "per cell (--timeout); its kernel was stopped")
    except Exception as error:  # the kernel died or did not start: its log may say why
        if is_disk_error(error):  # a full or unwritable temporary folder: name it, not what it broke later
            return None, disk_failure(error, executed, scratch)
        failure = Failure(type(error).__name__, str(error), kernel_log=_tail(kernel_log))
    finally:
        lifecycle.kernels_stopped()  # papermill shut the kernel down
        lifecycle.kill_new_descendants()  # whatever the kernel started and left (re-parented here, a subreaper)
    try:
        notebook = nbformat.read(executed, as_version=4) if executed.is_file() else None
    except Exception as error:  # a notebook cut short: the failure above says why; never hide it behind this
        if is_disk_error(error):
            return None, disk_failure(error, executed, scratch)
        failure.evalue += f"; its executed notebook {executed} could not be read ({type(error).__name__})"
        return None, failure
    if notebook is not None and failure.cell_index is None:
        blame_last_started_cell(notebook, failure)
    return notebook, failure


def is_disk_error(error: BaseException) -> bool:
    """Whether ``error`` is the operating system's refusal of a file operation (an errno; not a timeout
    or a broken connection to the kernel)."""
    return isinstance(error, OSError) and not isinstance(error, (TimeoutError, ConnectionError)) \
        and error.errno is not None


def disk_failure(error: OSError, executed: Path, scratch: Path) -> Failure:
    """A failure naming an operating system error met on the run's own files: the error, its errno
    (number and name) and the path. A failed write (a full disk: ENOSPC) names no file; it is then the
    executed notebook when papermill had begun writing it, else the job's temporary folder."""
    code = f"errno {error.errno}, {errno.errorcode[error.errno]}" if error.errno in errno.errorcode else "no errno"
    path = Path(error.filename) if error.filename else (executed if executed.exists() else scratch)
    what = ("the executed notebook, in the temporary folder" if path == executed else
            "in the temporary folder" if path.is_relative_to(scratch) else "")
    return Failure(type(error).__name__, f"{error.strerror or error} ({code}): {path}" + (f" ({what})" if what else ""))


def blame_last_started_cell(notebook: Any, failure: Failure) -> None:
    """Name the cell that was running when the kernel died: the last one papermill saw start."""
    started = [index for index, cell in enumerate(notebook.cells)
               if cell.cell_type == "code" and cell.metadata.get("papermill", {}).get("start_time")]
    if started:
        cell = notebook.cells[started[-1]]
        failure.cell_index, failure.execution_count = started[-1], cell.get("execution_count")
        failure.source_line = _first_line(cell.source)


def _first_line(source: str, width: int = 60) -> str:
    """The first non-empty line of a cell's source, shortened for a one-line message."""
    line = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return _shorten(line, width)


def _shorten(line: str, width: int) -> str:
    """A line cut to ``width`` characters, ending in '...' when it was cut."""
    return line if len(line) <= width else line[: width - 3] + "..."


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# IPython's header of a traceback frame in a cell: "Cell In[4], line 3" (IPython >= 8.5), or older
# "Input In [4], in <cell line: 3>()"; the number in brackets is the cell's prompt number.
CELL_FRAME = re.compile(r"^\s*(?:Cell In ?\[(?P<cell>\d*)\], line (?P<line>\d+)"
                        r"|Input In ?\[(?P<old_cell>\d*)\], in <cell line: (?P<old_line>\d+)>)", re.MULTILINE)


def failing_line(source: str, traceback: list[str], width: int = 60) -> str:
    """The line of a failed cell's source that raised, shortened for a one-line message.

    ``traceback`` is the error output's traceback as IPython wrote it (what papermill's
    ``PapermillExecutionError.traceback`` holds: a list of lines with ANSI colours). Its first
    frame is the failing cell; of that cell's frames the innermost one names the line closest to
    the error (the ``raise`` of a function the cell defines, or the cell's call into a library).
    When no frame names a line of the source (another kernel, an empty traceback), the first
    non-empty line of the cell is quoted, as for a dead kernel.
    """
    text = ANSI_ESCAPE.sub("", "\n".join(traceback or []))
    frames = [(found["cell"] if found["cell"] is not None else found["old_cell"],
               int(found["line"] or found["old_line"])) for found in CELL_FRAME.finditer(text)]
    lines = source.splitlines()
    if frames:
        cell = frames[0][0]
        number = [line for name, line in frames if name == cell][-1]
        if 1 <= number <= len(lines) and lines[number - 1].strip():
            return _shorten(lines[number - 1].strip(), width)
    return _first_line(source, width)


def _tail(path: Path) -> str:
    """The last lines of a kernel's log file ('' if it printed nothing)."""
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(lines[-KERNEL_LOG_LINES:])


def tidy(notebook: Any, job: Job, failed: bool) -> None:
    """Remove what differs between identical runs, so equal inputs give byte-equal notebooks.

    papermill records start/end times and durations (notebook and cells) and gives the cells it
    inserts (injected parameters, error banner) random ids; nbclient's timing is off already.
    The recorded paths are the stable labels of the job, not the worker's scratch file.
    """
    from papermill.execute import ERROR_MARKER_TAG

    recorded = notebook.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration"):
        recorded.pop(key, None)
    output_label = job.output_label.removesuffix(".ipynb") + (FAILED_SUFFIX if failed else "") + ".ipynb"
    recorded["input_path"], recorded["output_path"] = job.input_label, output_label
    inputs.record(notebook.metadata, dict(job.inputs))
    markers = 0
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if not tags:
            cell.metadata.pop("tags", None)
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"
        elif ERROR_MARKER_TAG in tags:
            cell.id = ("papermill-error-banner", "papermill-error-anchor")[min(markers, 1)]
            markers += 1


def to_html(notebook: Any, job: Job, failed: bool, exports: list[str] | None = None) -> str:
    """The report page: our offline template, with a header naming the set and its parameters, the
    navigation bar, the contents and the downloads row (:mod:`helpers.build.chrome`; ``exports``: the
    files this run exported, relative to the set's folder, offered for download)."""
    assert _WORKER is not None
    exporter = _WORKER.exporter
    exporter.language_code = job.lang
    stem = job.notebook.stem
    parameters = {name: literal_value(value) for name, value in job.shown_parameters}
    report = top_bar(job.lang, parameters, failed)
    report["chrome"] = chrome.page_chrome(job.lang, stem, job.sections,
                                          f"{stem}{FAILED_SUFFIX if failed else ''}.ipynb",
                                          [str(name) for name in exports or []])
    # the browser tab names the section as a reader knows it ("6. Claims audit"), not the notebook's file
    title = dict(job.sections).get(stem) or stem
    resources = {"metadata": {"name": f"{title} \u2014 digivaardig"}, "report": report}
    page, _ = exporter.from_notebook_node(notebook, resources=resources)
    page_name = f"{stem}{FAILED_SUFFIX if failed else ''}.html"
    return claimreview.add_claim_reviews(chrome.add_toc(page, job.lang), claimreview.AUDIT_PREFIX, page_name, job.lang)


