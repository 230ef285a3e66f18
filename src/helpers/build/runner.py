"""Render every section notebook for every parameter set into executed notebooks and offline HTML.

``python -m helpers.build.runner`` is what ``make reports`` runs. For each parameter set of
``reports.yml`` and each notebook of ``notebooks/`` it executes the notebook with papermill and
writes, under ``reports/<set>/``, the executed notebook, its HTML page (our offline template) and
the figures and tables the notebook exported; ``reports/index.html`` links every report with its
parameters, status and duration. ``--help`` lists the options; the exit code is 0 when every
report rendered, 1 when a notebook failed and 2 for a wrong option, config or parameter.

This module is the entry point: :func:`main` and the process pool of the main process
(:func:`run_jobs`, the summary). The rest of :mod:`helpers.build` is split by concern, each module
documenting why it works the way it does (each imports only those listed above it: no import
circles; ``tests/test_runner.py`` checks it):

* :mod:`helpers.build.jobs`: what crosses to a worker and back (``Job``, ``Outcome``, ``Failure``);
* :mod:`helpers.build.cli`: the command line, ``reports.yml`` and the parameter checks;
* :mod:`helpers.build.plan`: the jobs, the incremental (stale or up to date) decision, scheduling;
* :mod:`helpers.build.publish`: atomic writes, exports, the index and ``durations.json``;
* :mod:`helpers.build.worker`: the worker process: kernel, execution, tidying, HTML;
* :mod:`helpers.build.lifecycle`: signals, no orphaned process, no leftovers.

Callers import each name from the module that defines it (no re-exports here).

* One process pool renders the reports (papermill is safe across processes, not threads); the
  pool starts its workers with ``spawn`` (no fork of a threaded parent) and pickles
  :func:`helpers.build.worker.start_worker` and :func:`helpers.build.worker.render` by name.
* On Ctrl-C or SIGTERM no further notebook starts and every worker is terminated (see
  :func:`run_jobs`); the exit code is then 130 or 143.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from tqdm import tqdm

from . import lifecycle
from ..core.data import DataValidationError
from .cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, build_parser
from .jobs import CANCELLED, FAILED_SUFFIX, Failure, Job, Outcome
from .plan import NOT_RENDERED, make_plan, schedule, stale_reason
from .publish import PublishError, from_disk, read_index, update_index
from .worker import quiet_libraries, render, start_worker


# ---------------------------------------------------------------- main process: pool, index, summary


def run_jobs(jobs: list[Job], workers: int, show_input: bool,
             environment: dict[str, str] | None = None) -> tuple[list[Outcome], int | None]:
    """Render every job in a process pool with a progress bar on stderr.

    Returns the outcomes as they finished and the signal that stopped the batch (None if none).
    On Ctrl-C (SIGINT) or SIGTERM no further notebook starts and every worker is terminated: it
    kills its kernel and removes its job's folders (see :mod:`helpers.build.lifecycle`), so the batch
    stops within seconds and no report is half-written; reports finished before stay.

    A worker that dies (the out-of-memory killer, a notebook that kills its parent) breaks the whole
    pool: every job not finished by then gets ``BrokenProcessPool``, whichever notebook was to blame.
    Those jobs are rendered again, each alone in a pool of its own, so the others still render and the
    one whose worker dies again is named (:data:`WORKER_DIED`).
    """
    lifecycle.become_subreaper()  # what a dead worker's kernel started comes back here, not to PID 1
    before = {child.pid for child in lifecycle.psutil.Process().children(recursive=True)}
    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent (tqdm, pytest-xdist)
    stop = context.Event()
    outcomes: list[Outcome] = []
    pools: list[ProcessPoolExecutor] = []  # the pool running now, for the signal handler

    def stop_workers(signum: int) -> None:
        if stop.is_set():
            return
        stop.set()
        # SIGTERM: each worker kills its kernel and cleans up; SIGKILL for one that does not exit
        lifecycle.terminate([pid for pool in pools for pid in (getattr(pool, "_processes", None) or {})])

    with lifecycle.Scratch() as scratch, lifecycle.StopSignals(stop_workers) as signals, tqdm(
            total=len(jobs), desc="rendering", unit="report", file=sys.stderr, dynamic_ncols=True) as bar:
        initargs = (str(scratch), show_input, stop, os.getpid(),
                    {**(environment or {}), **lifecycle.private_homes(scratch)})
        broken = _pool_round(jobs, workers, context, initargs, pools, signals, outcomes, bar)
        for job in broken:  # each alone: a worker that dies now died of this notebook
            if signals.received is not None:
                break
            if _pool_round([job], 1, context, initargs, pools, signals, outcomes, bar):
                outcomes.append(_failed(job, Failure("WorkerDied", WORKER_DIED)))
                bar.update()
        if signals.received is not None:
            name = signal.Signals(signals.received).name
            print(f"{name}: stopped; running notebooks and their kernels were killed", file=sys.stderr)
    lifecycle.kill_new_descendants(kept=before, other_sessions_only=True)  # no process outlives the run
    finished = [outcome for outcome in outcomes if outcome.status != CANCELLED]
    return finished, signals.received


WORKER_DIED = ("its worker process died while rendering it, also when it ran alone (killed by a signal: "
               "the out-of-memory killer, or the notebook killed its parent process); no report was written")


def _pool_round(jobs: list[Job], workers: int, context: Any, initargs: tuple, pools: list[ProcessPoolExecutor],
                signals: lifecycle.StopSignals, outcomes: list[Outcome], bar: Any) -> list[Job]:
    """Render ``jobs`` in one pool, appending each outcome; return the jobs lost to a broken pool."""
    broken: list[Job] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context, initializer=start_worker,
                             initargs=initargs) as pool:
        pools[:] = [pool]
        futures = {pool.submit(render, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            if not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
                if signals.received is None:
                    broken.append(job)
                continue  # stopped or lost before it finished: nothing of it was written
            if signals.received is not None and future.cancelled():
                continue
            outcome = _result(future, job)
            outcomes.append(outcome)
            bar.set_postfix_str(f"{outcome.name} {outcome.status} {outcome.duration:.1f}s", refresh=False)
            bar.update()
        pool.shutdown(wait=True, cancel_futures=True)
    pools.clear()
    return broken


def _result(future: Any, job: Job) -> Outcome:
    """A finished job's outcome, or a failed one if its worker process died."""
    try:
        return future.result()
    except Exception as error:  # the worker is gone, not just the cell
        return _failed(job, Failure(type(error).__name__, str(error) or "the worker process died"))


def _failed(job: Job, failure: Failure) -> Outcome:
    """The outcome of a job that left no report."""
    return Outcome(job.set_name, job.notebook.stem, "failed", 0.0,
                   [list(pair) for pair in job.shown_parameters], failure=failure)


def _shown(path: Path) -> str:
    """A path for the console: relative to the working directory when inside it."""
    cwd = Path.cwd()
    if cwd == Path(cwd.anchor):  # relative to / would drop the leading '/' ("Index: tmp/...")
        return path.as_posix()
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def summary(outcomes: list[Outcome], elapsed: float, workers: int, index: Path, ignored: list[str] | None = None) -> str:
    """What the console shows at the end: counts, time, every failure with its cell, the index, and
    every parameter given that a notebook did not take (``Plan.ignored``: it does not declare it)."""
    failed = [outcome for outcome in outcomes if outcome.status != "ok"]
    lines = [f"{len(outcomes)} reports in {elapsed:.1f} s with {workers} worker(s): "
             f"{len(outcomes) - len(failed)} ok, {len(failed)} failed. Index: {_shown(index)}"]
    for outcome in failed:
        kept = [name for name in outcome.files if name.endswith(f"{FAILED_SUFFIX}.ipynb")]
        where = f"; executed notebook kept as {_shown(index.parent / kept[0])}" if kept else ""
        lines.append(f"FAILED {outcome.name}: {outcome.failure.describe() if outcome.failure else 'unknown'}{where}")
    lines += ignored or []
    return "\n".join(lines)


def stale_note(reasons: dict[str, str]) -> str:
    """'; out of date, left out by --only: ...; not rendered yet, left out by --only: ...' or ''.

    ``reasons`` maps each report --only left out that needs rendering to :func:`stale_reason`'s
    reason: a report never rendered into this folder is "not rendered yet", not "out of date".
    """
    missing = [name for name, reason in reasons.items() if reason == NOT_RENDERED]
    stale = [name for name in reasons if name not in missing]
    parts = [f"{what}, left out by --only: {', '.join(names)}"
             for what, names in (("out of date", stale), ("not rendered yet", missing)) if names]
    if not parts:
        return ""
    return "; " + "; ".join(parts) + " (run `make reports` or the runner without --only to render them)"


def publish_site(out: Path, outcomes: list[Outcome], previous: dict[str, dict[str, Any]],
                 set_order: list[str]) -> tuple[Path, PublishError | None]:
    """Rewrite the index and every set's pages from what is on disk (:func:`update_index`); print
    each notebook under ``out`` it could not read and, on a full disk, that the earlier pages stay.

    Returns the index's path and the error that kept the pages from being written (or None).
    """
    unreadable: list[str] = []
    try:
        index, error = update_index(out, outcomes, previous, set_order, unreadable), None
    except PublishError as failure:  # a full disk: the earlier pages stay whole
        index, error = out / "index.html", failure
    for problem in unreadable:
        print(f"warning: left out of the site, not a readable report: {problem}", file=sys.stderr, flush=True)
    if error is not None:
        print(f"error: the index and run pages were not updated ({error}); the earlier ones are kept",
              file=sys.stderr, flush=True)
    return index, error


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 all good, 1 a notebook failed, 2 usage,
    130 Ctrl-C, 143 SIGTERM)."""
    quiet_libraries()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # --help (0) or a wrong option (2): argparse has printed why
        return int(exit_.code or 0)
    try:
        plan = make_plan(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DataValidationError as error:  # a broken data table: checked before any kernel starts
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    lifecycle.remove_leftovers(plan.out)  # what an earlier, killed run left
    previous = from_disk(plan.out, read_index(plan.out))  # each report's exports as its notebook names them
    todo = plan.jobs if args.force else [job for job in plan.jobs if stale_reason(job, previous)]
    stale_others = {job.name: reason for job in plan.others if (reason := stale_reason(job, previous))}
    if not todo:
        print(f"nothing to render: all {len(plan.jobs)} selected report(s) are up to date with their inputs "
              f"(--force renders them anyway){stale_note(stale_others)}", flush=True)
        for line in plan.ignored:
            print(line, flush=True)
        _, index_error = publish_site(plan.out, [], previous, plan.set_order)  # the site follows the disk
        return EXIT_OK if index_error is None else EXIT_FAILED
    finished, stopped_by = run_jobs(schedule(todo, previous), args.workers, args.show_input, plan.environment)
    order = {job.name: position for position, job in enumerate(todo)}
    outcomes = sorted(finished, key=lambda outcome: order[outcome.name])
    index, index_error = publish_site(plan.out, outcomes, previous, plan.set_order)
    workers = min(args.workers, len(todo))
    print(summary(outcomes, time.perf_counter() - started, workers, index, plan.ignored), flush=True)
    lifecycle.remove_leftovers(plan.out)  # a worker that died without cleaning up
    if len(todo) < len(plan.jobs):
        print(f"{len(plan.jobs) - len(todo)} report(s) up to date with their inputs, not rendered "
              "(--force renders them anyway)", flush=True)
    if stale_others:
        print(stale_note(stale_others).lstrip("; "), flush=True)
    if stopped_by is not None:
        print(f"interrupted: {len(todo) - len(outcomes)} report(s) not rendered", file=sys.stderr)
        return lifecycle.exit_code(stopped_by)
    return EXIT_OK if index_error is None and all(outcome.status == "ok" for outcome in outcomes) else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
