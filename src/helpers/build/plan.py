"""Planning a batch: which reports to render, with what, and which are out of date.

:func:`make_plan` turns the command line into jobs (one notebook with one parameter set) after
checking everything that can be checked before a kernel starts: config, notebooks, parameters,
kernels, the output folder, room for the kernels' sockets and ``DIGIVAARDIG_DATA``.

Like a build tool, the runner renders only the reports whose inputs changed: each executed notebook
records the digests of its inputs (notebook, ``src/helpers/``, data files, parameters,
``requirements.lock``; see :mod:`helpers.build.inputs`) and :func:`stale_reason` compares them with the
current ones. ``--force`` renders all; with ``--only`` the summary names the other reports that are
out of date; an unchanged tree renders nothing and says so in one line. :func:`schedule` starts
the longest reports of the last run first.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import chrome, inputs, lifecycle
from ..core import data, paths
from .cli import (UsageError, declared_parameters, declared_values, find_notebooks, ignored_parameters,
                         load_config, parameter_problems, parse_value, select_sets, shown_parameters)
from .jobs import DEFAULT_KERNEL, FAILED_SUFFIX, Job

NOT_RENDERED = "not rendered yet"  # stale_reason of a report this output folder has never held


def _allowed(name: str, value: Any) -> bool:
    """Does helpers.core.params accept this value? (A bad value gets its own, clearer message later.)"""
    from ..core import params

    try:
        params.check(name, value)
    except params.ParameterError:
        return False
    return True


@dataclass(frozen=True)
class Plan:
    """Everything decided before any kernel starts."""

    jobs: list[Job]
    out: Path
    set_order: list[str]
    others: list[Job] = field(default_factory=list)  # the notebooks --only leaves out (for staleness)
    environment: dict[str, str] = field(default_factory=dict)  # variables the workers and kernels get
    ignored: list[str] = field(default_factory=list)  # parameters given that some notebooks do not take


def check_options(args: argparse.Namespace) -> None:
    """UsageError for what argparse lets through: an empty ``--kernel`` (an unset shell variable, which
    would silently mean "no --kernel"), and a ``-p`` name given twice with different values (the
    later would silently win)."""
    if args.kernel is not None and not args.kernel.strip():
        raise UsageError(f"--kernel {args.kernel!r} is not allowed; allowed: the name of an installed kernel "
                         "(not empty: is a variable unset?)")
    given: dict[str, list[str]] = {}
    for name, value in args.parameter:
        given.setdefault(name, []).append(value)
    twice = [f"-p {name} is given {len(values)} times ({', '.join(values)})" for name, values in given.items()
             if len({repr(parse_value(value)) for value in values}) > 1]
    if twice:
        raise UsageError("; ".join(twice) + "; allowed: each parameter once (which value did you mean?)")


def make_plan(args: argparse.Namespace) -> Plan:
    """Read the config and notebooks, check every parameter and list the jobs; raise UsageError if wrong.

    Long: the checks of one command line (contradicting overrides, sets, names, values, chosen notebooks) in
    the order their errors read; split, half-built state would pass between the parts.
    """
    check_options(args)
    config = load_config(args.config)
    sets = select_sets(config, args.sets, args.config)
    overrides = {name: parse_value(value) for name, value in args.parameter}
    contradictions = [f"-p {name}={value!r} contradicts set {set_name!r}, which gives {name}={values[name]!r} in "
                      f"{args.config.name}"
                      for set_name, values in sets.items() for name, value in overrides.items()
                      if name in values and values[name] != value and _allowed(name, value)]
    if contradictions:
        raise UsageError("; ".join(contradictions) + "; allowed: choose the sets it fits with --set NAME (e.g. "
                         "--set en for -p lang en), or add a set of your own to the config")
    sets = {set_name: {**values, **overrides} for set_name, values in sets.items()}
    notebooks = find_notebooks(args.notebooks, args.only)
    others = [path for path in find_notebooks(args.notebooks, []) if path not in notebooks] if args.only else []
    unreadable = unreadable_notebooks(notebooks + others)
    chosen_bad = [message for path, message in unreadable.items() if path in notebooks]
    if chosen_bad:  # every one named at once, not the first only
        raise UsageError(f"{len(chosen_bad)} notebook(s) cannot be read, nothing rendered:\n  " + "\n  ".join(chosen_bad))
    others = [path for path in others if path not in unreadable]  # not chosen with --only: left out, said below
    left_out = [f"left out (not chosen with --only, and unreadable): {message}" for message in unreadable.values()]
    kernels = {notebook.stem: args.kernel or notebook_kernel(notebook) or DEFAULT_KERNEL
               for notebook in notebooks + others}
    languages = check_kernels(kernels, chosen=args.kernel)
    declared = {notebook.stem: declared_parameters(notebook, None if notebook_kernel(notebook) else kernels[notebook.stem],
                                                   languages[kernels[notebook.stem]])
                for notebook in notebooks + others}
    problems = parameter_problems(sets, {notebook.stem: declared[notebook.stem] for notebook in notebooks})
    if problems:
        raise UsageError("wrong parameters, nothing rendered:\n  " + "\n  ".join(problems))
    out = check_out(args.out)
    check_socket_room()
    environment = data_environment()
    # the data tables are checked once here, before any kernel starts: a broken table is a usage error
    # (DataValidationError, a ValueError naming file, line, column, value and what is allowed: exit 2)
    data.load_survey(environment["DIGIVAARDIG_DATA"] if environment else None)
    shared = inputs.shared_digests(Path(environment["DIGIVAARDIG_DATA"]) if environment else None)

    titles: dict[str, tuple[tuple[str, str], ...]] = {}

    def job(set_name: str, values: dict[str, Any], notebook: Path) -> Job:
        given = declared_values(values, declared[notebook.stem])
        kernel = kernels[notebook.stem]
        lang = str({**declared[notebook.stem], **given}.get("lang", "en"))
        if lang not in titles:  # the navigation bar lists every notebook, also those --only leaves out
            titles[lang] = chrome.section_titles(notebooks + others, lang)
        found = inputs.digests(notebook, set_name, given, args.show_input, shared, kernel=kernel,
                               sections=titles[lang])
        return Job(
            set_name=set_name, notebook=notebook.resolve(), parameters=given,
            shown_parameters=shown_parameters(declared[notebook.stem], given),
            folder=out / set_name, input_label=_label(notebook),
            output_label=f"{set_name}/{notebook.name}",
            lang=lang, kernel=kernel, language=languages[kernel], timeout=args.timeout,
            inputs=tuple(found.items()), sections=titles[lang])

    jobs = [job(set_name, values, notebook) for set_name, values in sets.items() for notebook in notebooks]
    skipped = [job(set_name, values, notebook) for set_name, values in sets.items() for notebook in others]
    ignored = ignored_parameters(sets, overrides, {notebook.stem: declared[notebook.stem] for notebook in notebooks},
                                 args.config.name)
    # the index lists sets in the config's order, whichever --set chose (--set en must not reorder it)
    return Plan(jobs=jobs, out=out, set_order=list(config), environment=environment, others=skipped,
                ignored=ignored + left_out)


def stale_reason(job: Job, previous: dict[str, dict[str, Any]]) -> str | None:
    """Why a report must be rendered (None when it is up to date with its inputs).

    Up to date means: the index lists it as ok, its ``.ipynb``, ``.html`` and exports are on disk,
    no ``.failed`` run lies beside it, and the inputs recorded in its notebook equal the current ones.
    """
    entry = previous.get(job.name)
    stem = job.notebook.stem
    if entry is None:
        return NOT_RENDERED
    if entry.get("status") != "ok" or (job.folder / f"{stem}{FAILED_SUFFIX}.ipynb").exists():
        return "its last run failed"
    files = [job.folder / f"{stem}.ipynb", job.folder / f"{stem}.html"]
    files += [job.folder / name for name in entry.get("exports", [])]
    missing = [path.name for path in files if not path.is_file()]
    if missing:
        return f"{inputs.describe(missing)} missing"
    changed = inputs.changes(inputs.stored(files[0]), dict(job.inputs))
    return f"changed: {inputs.describe(changed)}" if changed else None


def notebook_kernel(notebook: Path) -> str | None:
    """The kernel a notebook names in its ``kernelspec`` metadata, or None when it names none."""
    try:
        document = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"notebook {notebook}: cannot read it: {error}") from None
    if (not isinstance(document, dict) or not isinstance(document.get("metadata", {}), dict)
            or not isinstance(document.get("cells"), list) and document.get("nbformat") == 4):
        raise UsageError(f"notebook {notebook}: not a notebook (a JSON object with cells and metadata); "
                         "allowed: a Jupyter notebook in nbformat 4")
    version = document.get("nbformat")
    if version != 4:
        raise UsageError(f"notebook {notebook}: nbformat {version!r}; allowed: nbformat 4 (convert it, e.g. "
                         f"`jupyter nbconvert --to notebook --nbformat 4 --inplace {notebook.name}`)")
    spec = document.get("metadata", {}).get("kernelspec")
    name = spec.get("name") if isinstance(spec, dict) else None
    return name if isinstance(name, str) and name else None


def unreadable_notebooks(paths: list[Path]) -> dict[Path, str]:
    """Every notebook of ``paths`` that cannot be read as nbformat 4, with the reason
    (:func:`notebook_kernel`'s message), in order: so a folder with three bad files names all three."""
    found = {}
    for path in paths:
        try:
            notebook_kernel(path)
        except UsageError as error:
            found[path] = str(error)
    return found


def check_kernels(kernels: dict[str, str], chosen: str | None) -> dict[str, str]:
    """Every kernel to start must be installed (``jupyter kernelspec list``); else a UsageError.

    Returns each kernel's language (papermill needs it for a notebook saved without kernelspec).
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_core.paths import jupyter_path

    # jupyter_client's folders, without asking IPython for its own: with an unwritable HOME that call
    # warns on the console and makes a temporary folder that nothing removes (IPython.paths.get_ipython_dir)
    ipython = Path(os.environ.get("IPYTHONDIR") or "~/.ipython").expanduser() / "kernels"
    manager = KernelSpecManager(kernel_dirs=jupyter_path("kernels") + ([str(ipython)] if ipython.is_dir() else []))
    installed = sorted(manager.find_kernel_specs())
    unknown = {stem: name for stem, name in kernels.items() if name not in installed}
    if unknown:
        where = "--kernel" if chosen else ", ".join(f"notebook {stem}" for stem in unknown)
        names = ", ".join(sorted(set(unknown.values())))
        raise UsageError(f"{where}: no kernel named {names}; allowed: {', '.join(installed)}")
    return {name: manager.get_kernel_spec(name).language or "python" for name in set(kernels.values())}


def check_out(out: Path) -> Path:
    """The output folder as an absolute path, if it is (or can become) a folder we can write to."""
    out = out.expanduser().resolve()
    allowed = "allowed: a folder (existing, or to be created) that you can write to"
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file, not a folder; {allowed}")
    existing = out
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"--out {out}: {existing} is a file, not a folder; {allowed}")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise UsageError(f"--out {out}: cannot write in {existing} ({error.strerror or error}); {allowed}") from None
    return out


SOCKET_PATH_MAX = 107  # bytes of a Unix socket's path (sun_path) on Linux, without the final NUL


def check_socket_room() -> None:
    """The kernels' IPC sockets live in the temp folder; a path too long for a socket is a UsageError."""
    temp = tempfile.gettempdir()
    longest = len(os.fsencode(temp)) + len(f"/{lifecycle.SCRATCH_PREFIX}4194304-xxxxxxxx/worker-4194304/job/kernel-65535")
    if longest > SOCKET_PATH_MAX:
        raise UsageError(f"temporary folder {temp}: its path is too long for the kernels' sockets "
                         f"({longest} > {SOCKET_PATH_MAX} bytes); allowed: a shorter TMPDIR, e.g. /tmp")


def data_environment() -> dict[str, str]:
    """``DIGIVAARDIG_DATA`` made absolute against the caller's working directory (kernels start in
    ``notebooks/``), when it is set; a UsageError if it names no folder."""
    override = os.environ.get("DIGIVAARDIG_DATA")
    if not override:
        return {}
    folder = Path(override).expanduser().resolve()
    if not folder.is_dir():
        raise UsageError(f"DIGIVAARDIG_DATA={override!r}: no such folder ({folder}); allowed: a folder holding "
                         "the data tables (questions.csv, results.csv, ...)")
    return {"DIGIVAARDIG_DATA": str(folder)}


def _label(path: Path) -> str:
    """A notebook's path as recorded in reports: relative to the project when inside it, else its
    name (never an absolute path: reports rendered anywhere are identical)."""
    path = path.resolve()
    try:
        return path.relative_to(paths.PROJECT_ROOT).as_posix()
    except ValueError:
        return path.name


def schedule(jobs: list[Job], previous: dict[str, dict[str, Any]]) -> list[Job]:
    """Jobs ordered longest first by the durations of the last run (unknown ones first): less idle time."""
    def expected(job: Job) -> float:
        entry = previous.get(job.name)
        return float(entry["duration"]) if entry and entry.get("duration") is not None else float("inf")
    return sorted(jobs, key=expected, reverse=True)

