"""Render every section notebook for every parameter set into executed notebooks and offline HTML.

``python -m helpers.runner`` is what ``make reports`` runs. For each parameter set of
``reports.yml`` and each notebook of ``notebooks/`` it executes the notebook with papermill and
writes, under ``reports/<set>/``, the executed notebook, its HTML page (our offline template) and
the figures and tables the notebook exported; ``reports/index.html`` links every report with its
parameters, status and duration. ``--help`` lists the options; the exit code is 0 when every
report rendered, 1 when a notebook failed and 2 for a wrong option, config or parameter.

Why it works the way it does:

* Like a build tool, it renders only the reports whose inputs changed: each executed notebook
  records the digests of its inputs (notebook, ``src/helpers/``, data files, parameters,
  ``requirements.lock``; see :mod:`helpers.inputs`) and :func:`stale_reason` compares them with
  the current ones. ``--force`` renders all; with ``--only`` the summary names the other reports
  that are out of date; an unchanged tree renders nothing and says so in one line.

* Parameters are checked before any kernel starts, against what each notebook declares and
  against :func:`helpers.params.check` (papermill injects anything), so a typo costs a second and
  writes nothing.
* One process pool renders the reports (papermill is safe across processes, not threads). Each
  worker imports papermill and nbconvert once and keeps one HTML exporter.
* Kernels talk over IPC sockets in a private folder: no TCP ports for parallel kernels to race
  for, and no "running over TCP without encryption" warning. Each kernel's own stdout/stderr
  goes to a log file that the summary quotes only if the kernel dies, so the console shows the
  progress bar and the summary and nothing else.
* No report is ever half-written: every file goes to a temporary name in its folder and is moved
  into place with ``os.replace``; exported figures and tables are staged in a hidden folder and
  moved only when the notebook succeeded. A failed run is kept *beside* the earlier good report
  as ``<notebook>.failed.ipynb`` and ``.failed.html`` (papermill's error banner on top); the good
  report and its exports stay untouched, and the next good run removes the failed files.
* Reports are deterministic: nbclient records no cell timestamps, papermill's timestamps and
  durations are stripped, and the cells papermill adds get fixed ids. Durations live only in the
  untracked ``reports/durations.json``; the pages (:mod:`helpers.site`) are built from what is on
  disk, so identical runs leave every committed file unchanged.
"""

from __future__ import annotations

import argparse
import ast
import html
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, Unicode

from . import inputs, lifecycle, paths, prose

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C
DEFAULT_CONFIG = paths.PROJECT_ROOT / "reports.yml"
TEMPLATE_NAME = "offline"
SET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
RESERVED_SET_NAMES = ("interactive",)  # reports/interactive/ holds the outputs of interactive runs
FAILED_SUFFIX = ".failed"
CANCELLED = "cancelled"  # a job skipped after Ctrl-C; never shown
INDEX_DATA_ID = "digivaardig-reports"
KERNEL_LOG_LINES = 15
DEFAULT_TIMEOUT = 600  # seconds one cell may run (papermill's execution_timeout)
DEFAULT_KERNEL = "python3"  # the project's kernel: ipykernel of the environment the runner runs in


class UsageError(Exception):
    """A wrong option, config file, notebook folder or parameter: reported before anything runs."""


# ---------------------------------------------------------------- what gets rendered


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
    inputs: tuple[tuple[str, str], ...] = ()  # (label, digest) of every input (helpers.inputs)
    kernel: str = DEFAULT_KERNEL        # the kernel papermill starts
    language: str = "python"            # its language
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per cell; None: no limit

    @property
    def name(self) -> str:
        """The report's name as shown to people: ``<set>/<notebook stem>``."""
        return f"{self.set_name}/{self.notebook.stem}"


@dataclass
class Failure:
    """Where and why a notebook run failed (papermill names the cell; a dead kernel has none)."""

    ename: str
    evalue: str
    cell_index: int | None = None
    execution_count: int | None = None
    source_line: str = ""
    kernel_log: str = ""

    def describe(self) -> str:
        """One line: the failing cell (index, prompt number, first source line) and the error."""
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


# ---------------------------------------------------------------- command line


def parse_value(text: str) -> Any:
    """A ``-p`` value typed the way papermill's CLI types it: True/False/None, int, float, else str."""
    literals = {"True": True, "False": False, "None": None}
    if text in literals:
        return literals[text]
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def positive_int(text: str) -> int:
    """argparse type for --workers: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--workers {text!r} is not allowed; allowed: a whole number >= 1")
    return value


def timeout_seconds(text: str) -> float | None:
    """argparse type for --timeout: seconds > 0, or 0 for no limit."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"--timeout {text!r} is not allowed; allowed: a number of seconds > 0, "
                                         "or 0 for no limit")
    return value or None


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m helpers.runner``."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.runner",
        description="Render every notebook for every parameter set of the config into executed "
                    "notebooks and offline HTML (OUT/<set>/<notebook>.ipynb and .html, with the "
                    "notebook's figures/ and tables/), and write OUT/index.html linking them.",
        epilog="Parameters are checked before any kernel starts. A failed notebook is kept as "
               "OUT/<set>/<notebook>.failed.ipynb/.html beside the earlier good report, which stays. "
               "Exit codes: 0 every report rendered, 1 some notebook failed, "
               "2 wrong option, config or parameter (nothing written), 130 interrupted by Ctrl-C, "
               "143 stopped by SIGTERM. Ctrl-C or SIGTERM stops the batch within seconds: running "
               "notebooks and their kernels are killed (their earlier reports stay), no further one "
               "starts. What a killed run left (staging and temporary folders) is removed by the next run.",
    )
    parser.add_argument("--only", action="append", metavar="NAME", default=[],
                        help="render only this notebook, named by its stem (e.g. 02_skills); repeatable. "
                             "The summary names the other reports whose inputs have changed too")
    parser.add_argument("--set", action="append", metavar="NAME", default=[], dest="sets",
                        help="render only this parameter set of the config (e.g. en); repeatable. A -p value "
                             "may not contradict a value the set gives itself: set nl rendered in English would "
                             "be an English report in a folder named nl")
    parser.add_argument("--force", action="store_true",
                        help="render every selected report, even those whose inputs (notebook, src/helpers/, "
                             "data files, parameters, requirements.lock) are unchanged since they were rendered")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                        help="set parameter NAME to VALUE in every parameter set, overriding the config; "
                             "VALUE is typed like papermill's -p (True/False/None, int, float, else text); "
                             "repeatable")
    parser.add_argument("--out", type=Path, default=paths.REPORTS_DIR, metavar="DIR",
                        help="folder to write the reports into (default: the project's reports/)")
    parser.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS_DIR, metavar="DIR",
                        help="folder of the notebooks to render (default: the project's notebooks/)")
    parser.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                        help="notebooks rendered at once, one process each (default: the number of CPUs, "
                             f"{os.cpu_count() or 1} here)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE",
                        help="YAML file listing the parameter sets (default: the project's reports.yml)")
    parser.add_argument("--timeout", type=timeout_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="longest time one cell may run (papermill's execution_timeout); a notebook with a "
                             "slower cell fails, naming the cell, and the others go on; 0 for no limit "
                             f"(default: {DEFAULT_TIMEOUT} s)")
    parser.add_argument("--kernel", metavar="NAME", default=None,
                        help="Jupyter kernel to run every notebook with (default: the kernel a notebook names "
                             f"in its metadata, or the project's kernel '{DEFAULT_KERNEL}' for notebooks saved "
                             "without kernelspec, as VS Code and some generators save them)")
    parser.add_argument("--show-input", action="store_true",
                        help="show code cells and prompts in the HTML (hidden by default: readers see "
                             "text, tables and charts)")
    return parser


# ---------------------------------------------------------------- config, notebooks, parameters


def _allowed(name: str, value: Any) -> bool:
    """Does helpers.params accept this value? (A bad value gets its own, clearer message later.)"""
    from . import params

    try:
        params.check(name, value)
    except params.ParameterError:
        return False
    return True


def select_sets(sets: dict[str, dict[str, Any]], chosen: list[str], path: Path) -> dict[str, dict[str, Any]]:
    """The sets named by ``--set`` (all when none is named), in config order; UsageError for an unknown name."""
    unknown = [name for name in chosen if name not in sets]
    if unknown:
        raise UsageError(f"--set {unknown[0]}: config {path.name} has no such set; allowed: {', '.join(sets)}")
    return {name: values for name, values in sets.items() if not chosen or name in chosen}


def load_config(path: Path) -> dict[str, dict[str, Any]]:
    """The parameter sets of a config file, ``{set name: {parameter: value}}`` in file order."""
    import yaml

    if not path.is_file():
        raise UsageError(f"config {path}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UsageError(f"config {path}, line {line}: byte 0x{raw[error.start]:02x} is not UTF-8; "
                         "allowed: a UTF-8 text file") from None
    try:
        document = yaml.load(text, Loader=_unique_key_loader())  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as error:
        raise UsageError(f"config {path}: not valid YAML: {error}") from None
    example = "a mapping 'sets:' of set name to parameters, e.g. 'sets: {nl: {lang: nl}}'"
    if not isinstance(document, dict) or set(document) != {"sets"}:
        raise UsageError(f"config {path}: top level {_keys(document)} is not allowed; allowed: {example}")
    sets = document["sets"]
    if not isinstance(sets, dict) or not sets:
        raise UsageError(f"config {path}: sets={sets!r} is not allowed; allowed: {example}")
    return {check_set_name(path, name): check_set_values(path, name, values) for name, values in sets.items()}


def _unique_key_loader() -> type:
    """A YAML SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} given twice (first on line {seen[key]}, again on line {line}); "
                        "allowed: each key once", key_node.start_mark)
                seen[key] = line
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def _keys(document: Any) -> str:
    """How a YAML document's top level reads in an error message."""
    return f"keys {', '.join(map(str, document))}" if isinstance(document, dict) else repr(document)


def check_set_name(path: Path, name: Any) -> str:
    """A set's name, which names its folder: letters, digits, '_' and '-', not a reserved folder."""
    if isinstance(name, (int, float)) and not isinstance(name, bool):
        raise UsageError(f"config {path}: set name {name!r} is read by YAML as a number; allowed: a text name "
                         f"(write it in quotes, e.g. '{name}': ...), of letters, digits, '_' and '-'")
    if not isinstance(name, str) or not SET_NAME.fullmatch(name) or name in RESERVED_SET_NAMES:
        raise UsageError(f"config {path}: set name {name!r} is not allowed; allowed: letters, digits, '_' "
                         f"and '-' (it names a folder), not {', '.join(RESERVED_SET_NAMES)}")
    return name


def check_set_values(path: Path, name: str, values: Any) -> dict[str, Any]:
    """A set's parameters: a mapping of parameter names to scalars (empty means all defaults)."""
    values = {} if values is None else values
    if not isinstance(values, dict):
        raise UsageError(f"config {path}: set {name!r} = {values!r} is not allowed; allowed: a mapping "
                         "of parameter names to values")
    for key, value in values.items():
        if not isinstance(key, str) or not isinstance(value, (str, int, float, bool)):
            raise UsageError(f"config {path}: set {name!r}: {key!r}: {value!r} is not allowed; allowed: "
                             "a parameter name with a text, number or true/false value")
    return dict(values)


def find_notebooks(folder: Path, only: list[str]) -> list[Path]:
    """The notebooks to render, in name order: every ``*.ipynb`` of ``folder``, or the ``--only`` ones."""
    if not folder.is_dir():
        raise UsageError(f"notebooks folder {folder}: no such folder")
    notebooks = sorted(path for path in folder.glob("*.ipynb") if not path.name.startswith("."))
    if not notebooks:
        raise UsageError(f"notebooks folder {folder}: holds no .ipynb file")
    by_stem = {path.stem: path for path in notebooks}
    wanted = [name.removesuffix(".ipynb") for name in only]
    unknown = [name for name in wanted if name not in by_stem]
    if unknown:
        raise UsageError(f"--only {', '.join(unknown)}: no such notebook in {folder}; "
                         f"allowed: {', '.join(by_stem)}")
    return [by_stem[name] for name in dict.fromkeys(wanted)] if wanted else notebooks


def declared_parameters(notebook: Path, kernel: str | None = None, language: str = "python") -> dict[str, Any]:
    """The parameters a notebook's ``parameters`` cell declares, with their default values.

    ``kernel`` names the kernel for a notebook saved without kernelspec (papermill needs one to
    know the language; see :func:`notebook_kernel`).
    """
    import papermill
    from papermill.inspection import _infer_parameters
    from papermill.iorw import load_notebook_node

    try:
        if kernel is None:
            inspected = papermill.inspect_notebook(str(notebook))
        else:
            inspected = {parameter.name: parameter._asdict() for parameter in _infer_parameters(
                load_notebook_node(str(notebook)), name=kernel, language=language)}
    except Exception as error:  # unreadable JSON, not a notebook, ...: name the file, not the library
        raise UsageError(f"notebook {notebook}: cannot read its parameters: {error}") from None
    return {name: _literal(info["default"]) for name, info in inspected.items()}


def _literal(source: str) -> Any:
    """A default value's Python source as a value when it is a literal, else the source text."""
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return source


def parameter_problems(sets: dict[str, dict[str, Any]], declared: dict[str, dict[str, Any]]) -> list[str]:
    """Every parameter a set gives that no notebook declares or that helpers.params rejects.

    A parameter applies to the notebooks that declare it (``interval_charts`` is not one of the
    audit's, for instance); a name that none of the rendered notebooks declares is an error.
    """
    from . import params

    problems = []
    for set_name, values in sets.items():
        for name, value in values.items():
            declaring = [stem for stem, names in declared.items() if name in names]
            if not declaring:
                first = next(iter(declared))
                error = params.unknown_parameter(name, value, list(declared[first]))
                problems.append(f"set {set_name!r}, {_notebooks(list(declared))}: {error}")
                continue
            try:
                params.check(name, value)
            except params.ParameterError as error:
                problems.append(f"set {set_name!r}, {_notebooks(declaring)}: {error}")
    return problems


def declared_values(values: dict[str, Any], declared: dict[str, Any]) -> dict[str, Any]:
    """The values of a set that one notebook declares: the parameters papermill will inject into it."""
    return {name: value for name, value in values.items() if name in declared}


def _notebooks(stems: list[str]) -> str:
    """'notebook 02_skills' or 'notebooks 01_sample, 02_skills' for a message."""
    return ("notebook " if len(stems) == 1 else "notebooks ") + ", ".join(stems)


def shown_parameters(defaults: dict[str, Any], values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Every declared parameter with the value the run uses, as ``(name, repr)`` pairs for people."""
    effective = {**defaults, **values}
    return tuple((name, repr(value)) for name, value in effective.items())


@dataclass(frozen=True)
class Plan:
    """Everything decided before any kernel starts."""

    jobs: list[Job]
    out: Path
    set_order: list[str]
    others: list[Job] = field(default_factory=list)  # the notebooks --only leaves out (for staleness)
    environment: dict[str, str] = field(default_factory=dict)  # variables the workers and kernels get


def make_plan(args: argparse.Namespace) -> Plan:
    """Read the config and notebooks, check every parameter and list the jobs; raise UsageError if wrong."""
    sets = select_sets(load_config(args.config), args.sets, args.config)
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
    shared = inputs.shared_digests(Path(environment["DIGIVAARDIG_DATA"]) if environment else None)

    def job(set_name: str, values: dict[str, Any], notebook: Path) -> Job:
        given = declared_values(values, declared[notebook.stem])
        kernel = kernels[notebook.stem]
        found = inputs.digests(notebook, set_name, given, args.show_input, shared, kernel=kernel)
        return Job(
            set_name=set_name, notebook=notebook.resolve(), parameters=given,
            shown_parameters=shown_parameters(declared[notebook.stem], given),
            folder=out / set_name, input_label=_label(notebook),
            output_label=f"{set_name}/{notebook.name}",
            lang=str({**declared[notebook.stem], **given}.get("lang", "en")),
            kernel=kernel, language=languages[kernel], timeout=args.timeout, inputs=tuple(found.items()))

    jobs = [job(set_name, values, notebook) for set_name, values in sets.items() for notebook in notebooks]
    skipped = [job(set_name, values, notebook) for set_name, values in sets.items() for notebook in others]
    return Plan(jobs=jobs, out=out, set_order=list(sets), environment=environment, others=skipped)


def stale_reason(job: Job, previous: dict[str, dict[str, Any]]) -> str | None:
    """Why a report must be rendered (None when it is up to date with its inputs).

    Up to date means: the index lists it as ok, its ``.ipynb``, ``.html`` and exports are on disk,
    no ``.failed`` run lies beside it, and the inputs recorded in its notebook equal the current ones.
    """
    entry = previous.get(job.name)
    stem = job.notebook.stem
    if entry is None:
        return "not rendered yet"
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
    spec = document.get("metadata", {}).get("kernelspec") if isinstance(document, dict) else None
    name = spec.get("name") if isinstance(spec, dict) else None
    return name if isinstance(name, str) and name else None


def check_kernels(kernels: dict[str, str], chosen: str | None) -> dict[str, str]:
    """Every kernel to start must be installed (``jupyter kernelspec list``); else a UsageError.

    Returns each kernel's language (papermill needs it for a notebook saved without kernelspec).
    """
    from jupyter_client.kernelspec import KernelSpecManager

    manager = KernelSpecManager()
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


# ---------------------------------------------------------------- quiet libraries and kernels


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


class QuietKernelManager(AsyncKernelManager):
    """A kernel on IPC sockets whose own stdout/stderr go to a log file instead of the console.

    ipykernel 7 warns on stderr that a TCP kernel is unencrypted, and echoes file-descriptor level
    output of cells to its own stderr as well as into the notebook. IPC sockets (in the worker's
    scratch folder, set through ``ip``) need no encryption and no free TCP ports; the log file keeps
    whatever the kernel process prints so a crash can still be explained.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
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

    Workers ignore Ctrl-C: the main process decides (see :func:`run_jobs`) and sends SIGTERM, on
    which a worker kills its kernel and removes its job's folders; a worker also gets SIGTERM
    when the main process dies, however it dies (see :mod:`helpers.lifecycle`). ``environment``
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
                page = to_html(notebook, job, failed=failure is not None)
                with lifecycle.termination_deferred():  # a report and its exports move into place together
                    outcome.files, outcome.exports = publish(job, notebook, page, staging,
                                                             failed=failure is not None)
            if failure is not None:
                outcome.status, outcome.failure = "failed", failure
        except Exception as error:  # anything else (disk full, template error): this report fails, others go on
            outcome.status, outcome.failure = "failed", Failure(type(error).__name__, str(error))
    outcome.duration = time.perf_counter() - started
    return outcome


def execute(job: Job, scratch: Path) -> tuple[Any, Failure | None]:
    """Run the notebook with papermill; return the executed notebook (None if none) and the failure."""
    import nbformat
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    from . import notebook_engine

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
                          _first_line(error.source))
    except CellTimeoutError:
        failure = Failure("CellTimeoutError", f"the cell ran longer than the limit of {job.timeout:g} s "
                          "per cell (--timeout); its kernel was stopped")
    except Exception as error:  # the kernel died or did not start: its log may say why
        failure = Failure(type(error).__name__, str(error), kernel_log=_tail(kernel_log))
    finally:
        lifecycle.kernels_stopped()  # papermill shut the kernel down
    notebook = nbformat.read(executed, as_version=4) if executed.is_file() else None
    if notebook is not None and failure.cell_index is None:
        blame_last_started_cell(notebook, failure)
    return notebook, failure


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
    return line if len(line) <= width else line[: width - 3] + "..."


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


def to_html(notebook: Any, job: Job, failed: bool) -> str:
    """The report page: our offline template, with a header naming the set and its parameters."""
    assert _WORKER is not None
    exporter = _WORKER.exporter
    exporter.language_code = job.lang
    from .site import top_bar

    parameters = {name: _literal(value) for name, value in job.shown_parameters}
    resources = {
        "metadata": {"name": f"{job.notebook.stem} ({job.set_name})"},
        "report": top_bar(job.lang, parameters, failed),
    }
    page, _ = exporter.from_notebook_node(notebook, resources=resources)
    return page


def publish(job: Job, notebook: Any, page: str, staging: Path, failed: bool) -> tuple[list[str], list[str]]:
    """Move a run's files into place atomically; return the report files and the exports written.

    A good run moves its exports, then writes ``<nb>.ipynb`` and ``<nb>.html`` and removes an earlier
    run's ``.failed`` files. A failed run writes only ``<nb>.failed.ipynb``/``.html``: the earlier good
    report and its exports stay as they were, and the failed run's exports are dropped.
    """
    import nbformat

    stem = job.notebook.stem
    suffix = FAILED_SUFFIX if failed else ""
    exports = [] if failed else move_exports(staging, job.folder)
    notebook_file = job.folder / f"{stem}{suffix}.ipynb"
    page_file = job.folder / f"{stem}{suffix}.html"
    write_atomic(notebook_file, nbformat.writes(notebook) + "\n")
    write_atomic(page_file, page)
    if not failed:
        for leftover in (f"{stem}{FAILED_SUFFIX}.ipynb", f"{stem}{FAILED_SUFFIX}.html"):
            (job.folder / leftover).unlink(missing_ok=True)
    files = [f"{job.set_name}/{path.name}" for path in (page_file, notebook_file)]
    return files, exports


def move_exports(staging: Path, folder: Path) -> list[str]:
    """Move every file a notebook exported from its staging folder into the set's folder, one by one."""
    moved = []
    for source in sorted(path for path in staging.rglob("*") if path.is_file()):
        relative = source.relative_to(staging)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        moved.append(relative.as_posix())
    return moved


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary sibling (see :mod:`helpers.atomic`)."""
    from .atomic import write_files

    path.parent.mkdir(parents=True, exist_ok=True)
    write_files({path: text.encode("utf-8")})


# ---------------------------------------------------------------- main process: pool, index, summary


def run_jobs(jobs: list[Job], workers: int, show_input: bool,
             environment: dict[str, str] | None = None) -> tuple[list[Outcome], int | None]:
    """Render every job in a process pool with a progress bar on stderr.

    Returns the outcomes as they finished and the signal that stopped the batch (None if none).
    On Ctrl-C (SIGINT) or SIGTERM no further notebook starts and every worker is terminated: it
    kills its kernel and removes its job's folders (see :mod:`helpers.lifecycle`), so the batch
    stops within seconds and no report is half-written; reports finished before stay.
    """
    from concurrent.futures.process import BrokenProcessPool
    from tqdm import tqdm

    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent (tqdm, pytest-xdist)
    stop = context.Event()
    outcomes: list[Outcome] = []
    with lifecycle.Scratch() as scratch, ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), mp_context=context, initializer=start_worker,
        initargs=(str(scratch), show_input, stop, os.getpid(), environment or {}),
    ) as pool:
        def stop_workers(signum: int) -> None:
            if stop.is_set():
                return
            stop.set()
            # SIGTERM: each worker kills its kernel and cleans up; SIGKILL for one that does not exit
            lifecycle.terminate(list((getattr(pool, "_processes", None) or {}).keys()))

        with lifecycle.StopSignals(stop_workers) as signals:
            futures = {pool.submit(render, job): job for job in jobs}
            with tqdm(total=len(jobs), desc="rendering", unit="report", file=sys.stderr, dynamic_ncols=True) as bar:
                for future in as_completed(futures):
                    job = futures[future]
                    if signals.received is not None and (future.cancelled() or isinstance(
                            future.exception(), BrokenProcessPool)):
                        continue  # stopped before it finished: nothing of it was written
                    outcome = _result(future, job)
                    outcomes.append(outcome)
                    bar.set_postfix_str(f"{outcome.name} {outcome.status} {outcome.duration:.1f}s", refresh=False)
                    bar.update()
            if signals.received is not None:
                name = signal.Signals(signals.received).name
                print(f"{name}: stopped; running notebooks and their kernels were killed", file=sys.stderr)
            pool.shutdown(wait=True, cancel_futures=True)
    finished = [outcome for outcome in outcomes if outcome.status != CANCELLED]
    return finished, signals.received


def _result(future: Any, job: Job) -> Outcome:
    """A finished job's outcome, or a failed one if its worker process died."""
    try:
        return future.result()
    except Exception as error:  # BrokenProcessPool and the like: the worker is gone, not just the cell
        failure = Failure(type(error).__name__, str(error) or "the worker process died")
        return Outcome(job.set_name, job.notebook.stem, "failed", 0.0,
                       [list(pair) for pair in job.shown_parameters], failure=failure)


def schedule(jobs: list[Job], previous: dict[str, dict[str, Any]]) -> list[Job]:
    """Jobs ordered longest first by the durations of the last run (unknown ones first): less idle time."""
    def expected(job: Job) -> float:
        entry = previous.get(job.name)
        return float(entry["duration"]) if entry and entry.get("duration") is not None else float("inf")
    return sorted(jobs, key=expected, reverse=True)


def read_index(out: Path) -> dict[str, dict[str, Any]]:
    """The entries recorded in an earlier ``index.html`` (embedded JSON), keyed by ``<set>/<notebook>``."""
    index = out / "index.html"
    if not index.is_file():
        return {}
    match = re.search(rf'<script type="application/json" id="{INDEX_DATA_ID}">(.*?)</script>',
                      index.read_text(encoding="utf-8"), flags=re.DOTALL)
    try:
        entries = json.loads(match.group(1).replace("<\\/", "</")) if match else []
    except json.JSONDecodeError:
        return {}
    try:
        durations = json.loads((out / "durations.json").read_text(encoding="utf-8"))  # site.DURATIONS_FILE
    except (OSError, ValueError):
        durations = {}
    found = {f"{entry['set']}/{entry['notebook']}": entry for entry in entries}
    for key, entry in found.items():
        entry["duration"] = durations.get(key) if isinstance(durations, dict) else None
    return found


def index_entries(out: Path, outcomes: list[Outcome], previous: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """This run's outcomes plus earlier reports still on disk, as the index lists them."""
    entries = {key: entry for key, entry in previous.items()
               if any((out / name).is_file() for name in entry.get("files", []))}
    for outcome in outcomes:
        entry = asdict(outcome)
        entry["set"] = entry.pop("set_name")
        entry["duration"] = round(outcome.duration, 1)
        entry["failure"] = outcome.failure.describe() if outcome.failure else None
        if outcome.status == "failed":
            kept = previous.get(outcome.name, {})
            entry["exports"] = kept.get("exports", [])  # the earlier report's exports stay in place
            entry["earlier_report"] = f"{outcome.set_name}/{outcome.notebook}.html" \
                if (out / outcome.set_name / f"{outcome.notebook}.html").is_file() else None
        entries[outcome.name] = entry
    return list(entries.values())


def remove_stale_exports(out: Path, outcomes: list[Outcome], previous: dict[str, dict[str, Any]],
                         entries: list[dict[str, Any]]) -> None:
    """Delete figures/tables an earlier good run exported that the new good run no longer exports."""
    for outcome in outcomes:
        if outcome.status != "ok":
            continue
        still_used = {name for entry in entries if entry["set"] == outcome.set_name for name in entry["exports"]}
        for name in set(previous.get(outcome.name, {}).get("exports", [])) - still_used:
            (out / outcome.set_name / name).unlink(missing_ok=True)


def write_index(out: Path, entries: list[dict[str, Any]], set_order: list[str]) -> Path:
    """Write the site (entry page, a landing page and run details per set) from what is on disk.

    The pages come from :mod:`helpers.site`, which scans ``out``; the entry page embeds ``entries``
    (status and exports per report) without durations, which go to the untracked
    ``out/durations.json`` so that an unchanged tree re-rendered stays unchanged.
    """
    from . import site

    durations = {f"{entry['set']}/{entry['notebook']}": entry["duration"]
                 for entry in entries if entry.get("duration") is not None}
    write_atomic(out / site.DURATIONS_FILE, json.dumps(durations, indent=1, sort_keys=True) + "\n")
    return site.write(out, INDEX_DATA_ID, entries, write_atomic)


def _shown(path: Path) -> str:
    """A path for the console: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def summary(outcomes: list[Outcome], elapsed: float, workers: int, index: Path) -> str:
    """What the console shows at the end: counts, time, every failure with its cell, the index."""
    failed = [outcome for outcome in outcomes if outcome.status != "ok"]
    lines = [f"{len(outcomes)} reports in {elapsed:.1f} s with {workers} worker(s): "
             f"{len(outcomes) - len(failed)} ok, {len(failed)} failed. Index: {_shown(index)}"]
    for outcome in failed:
        kept = [name for name in outcome.files if name.endswith(f"{FAILED_SUFFIX}.ipynb")]
        where = f"; executed notebook kept as {_shown(index.parent / kept[0])}" if kept else ""
        lines.append(f"FAILED {outcome.name}: {outcome.failure.describe() if outcome.failure else 'unknown'}{where}")
    return "\n".join(lines)


def stale_note(names: list[str]) -> str:
    """'; out of date, left out by --only: ...' naming the other reports whose inputs changed, or ''."""
    if not names:
        return ""
    return (f"; out of date, left out by --only: {', '.join(names)} "
            "(run `make reports` or the runner without --only to render them)")


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
    started = time.perf_counter()
    lifecycle.remove_leftovers(plan.out)  # what an earlier, killed run left
    previous = read_index(plan.out)
    todo = plan.jobs if args.force else [job for job in plan.jobs if stale_reason(job, previous)]
    stale_others = [job.name for job in plan.others if stale_reason(job, previous)]
    if not todo:
        print(f"nothing to render: all {len(plan.jobs)} selected report(s) are up to date with their inputs "
              f"(--force renders them anyway){stale_note(stale_others)}", flush=True)
        return EXIT_OK
    finished, stopped_by = run_jobs(schedule(todo, previous), args.workers, args.show_input, plan.environment)
    order = {job.name: position for position, job in enumerate(todo)}
    outcomes = sorted(finished, key=lambda outcome: order[outcome.name])
    entries = index_entries(plan.out, outcomes, previous)
    remove_stale_exports(plan.out, outcomes, previous, entries)
    index = write_index(plan.out, entries, plan.set_order)
    workers = min(args.workers, len(todo))
    print(summary(outcomes, time.perf_counter() - started, workers, index), flush=True)
    lifecycle.remove_leftovers(plan.out)  # a worker that died without cleaning up
    if len(todo) < len(plan.jobs):
        print(f"{len(plan.jobs) - len(todo)} report(s) up to date with their inputs, not rendered "
              "(--force renders them anyway)", flush=True)
    if stale_others:
        print(stale_note(stale_others).lstrip("; "), flush=True)
    if stopped_by is not None:
        print(f"interrupted: {len(todo) - len(outcomes)} report(s) not rendered", file=sys.stderr)
        return lifecycle.exit_code(stopped_by)
    return EXIT_OK if all(outcome.status == "ok" for outcome in outcomes) else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
