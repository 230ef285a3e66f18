"""The runner's command line and its config: options, ``reports.yml``, notebooks and parameters.

Parameters are checked before any kernel starts, against what each notebook declares and
against :func:`helpers.core.params.check` (papermill injects anything), so a typo costs a second and
writes nothing. Every wrong option, config, notebook folder or parameter is a :class:`UsageError`
naming the file, line or value and what is allowed; :mod:`helpers.build.runner` turns it into exit code 2.
"""

from __future__ import annotations

import argparse
import ast
import math
import os
import re
from pathlib import Path
from typing import Any

from ..core import paths
from .jobs import DEFAULT_KERNEL, DEFAULT_TIMEOUT

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C
DEFAULT_CONFIG = paths.PROJECT_ROOT / "reports.yml"
SET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
RESERVED_SET_NAMES = ("interactive",)  # reports/interactive/ holds the outputs of interactive runs


class UsageError(Exception):
    """A wrong option, config file, notebook folder or parameter: reported before anything runs."""


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


def timeout_seconds(text: str) -> int | None:
    """argparse type for --timeout: a number of seconds > 0, rounded up to whole seconds, or 0 for no limit.

    nbclient's ``timeout`` is an integer trait (a float such as 0.5 fails every notebook with a
    TraitError), so a fraction is rounded up: ``--timeout 0.5`` allows 1 s per cell, never less than asked.
    """
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"--timeout {text!r} is not allowed; allowed: a number of seconds > 0 "
                                         "(a fraction is rounded up to whole seconds), or 0 for no limit")
    return math.ceil(value) or None


def given_path(text: str) -> Path:
    """argparse type for --out, --notebooks, --config: a path, not '' (an unset variable; Path('') is '.')."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; allowed: a path (not empty: is a variable unset?)")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m helpers.build.runner``."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.build.runner",
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
                             "repeatable. It goes to the notebooks that declare NAME; the summary names "
                             "the others ('not passed: ...'); none declaring it is an error")
    parser.add_argument("--out", type=given_path, default=paths.REPORTS_DIR, metavar="DIR",
                        help="folder to write the reports into (default: the project's reports/)")
    parser.add_argument("--notebooks", type=given_path, default=paths.NOTEBOOKS_DIR, metavar="DIR",
                        help="folder of the notebooks to render (default: the project's notebooks/)")
    parser.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                        help="notebooks rendered at once, one process each (default: the number of CPUs, "
                             f"{os.cpu_count() or 1} here)")
    parser.add_argument("--config", type=given_path, default=DEFAULT_CONFIG, metavar="FILE",
                        help="YAML file listing the parameter sets (default: the project's reports.yml)")
    parser.add_argument("--timeout", type=timeout_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="longest time one cell may run (papermill's execution_timeout), in whole seconds: a "
                             "fraction is rounded up (0.5 allows 1 s); a notebook with a "
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
    YAML_WORDS.clear()
    YAML_WORDS.update(_bool_words(text))
    return {check_set_name(path, name): check_set_values(path, name, values) for name, values in sets.items()}


# (set, parameter) -> the word YAML 1.1 read as true/false in the last config loaded (e.g. "no"), for hints
YAML_WORDS: dict[tuple[str, str], str] = {}
BOOL_TAG = "tag:yaml.org,2002:bool"


def _bool_words(text: str) -> dict[tuple[str, str], str]:
    """Every set value of a (valid) config written as a word YAML reads as true/false, as written."""
    import yaml

    words: dict[tuple[str, str], str] = {}
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key, sets in getattr(root, "value", []) if isinstance(root, yaml.MappingNode) else []:
        if key.value != "sets" or not isinstance(sets, yaml.MappingNode):
            continue
        for set_key, values in sets.value:
            for name, value in values.value if isinstance(values, yaml.MappingNode) else []:
                if isinstance(value, yaml.ScalarNode) and value.tag == BOOL_TAG:
                    words[(str(set_key.value), str(name.value))] = value.value
    return words


def yaml_hint(set_name: str, name: str, value: Any) -> str:
    """Why YAML gave a rejected config value its type, and how to write it ('' when not YAML's doing).

    YAML 1.1 (PyYAML) reads ``1e3`` as text (a float needs a dot and a signed exponent: ``1.0e+3``)
    and ``no``/``yes``/``on``/``off`` as false/true.
    """
    if isinstance(value, bool):
        word = YAML_WORDS.get((set_name, name))
        if word is not None and word.lower() not in ("true", "false"):
            return f"YAML reads {word} as {str(value).lower()}; quote it: '{word}'"
        return ""
    if isinstance(value, str):
        import yaml

        try:
            number = float(value)
            unquoted = yaml.safe_load(value)
        except (ValueError, yaml.YAMLError):
            return ""
        if not isinstance(unquoted, str):  # quoted on purpose: YAML would have read it as a number
            return ""
        if number != number or number in (float("inf"), float("-inf")):
            return ""
        plain = str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
        mantissa, exponent = f"{number:e}".split("e")
        mantissa = mantissa.rstrip("0")
        scientific = f"{mantissa}{'0' if mantissa.endswith('.') else ''}e{int(exponent):+d}"
        return f"YAML reads {value} as text; write {plain} or {scientific}"
    return ""


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


RESERVED_NAMES = ("index", "runs")  # the landing and run pages of every set (helpers.build.site)


def find_notebooks(folder: Path, only: list[str]) -> list[Path]:
    """The notebooks to render, in name order: every ``*.ipynb`` of ``folder``, or the ``--only`` ones."""
    if not folder.is_dir():
        raise UsageError(f"notebooks folder {folder}: no such folder")
    notebooks = sorted(path for path in folder.glob("*.ipynb") if not path.name.startswith("."))
    if not notebooks:
        raise UsageError(f"notebooks folder {folder}: holds no .ipynb file")
    reserved = [path.name for path in notebooks if path.stem in RESERVED_NAMES or path.stem.endswith(".failed")]
    if reserved:
        raise UsageError(f"notebooks folder {folder}: {', '.join(reserved)}: the runner writes pages of that name "
                         f"into each report folder ({', '.join(f'{name}.html' for name in RESERVED_NAMES)}, "
                         "<notebook>.failed.html), so its report would be overwritten; allowed: any other name "
                         "(rename the notebook), nothing rendered")
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
    return {name: literal_value(info["default"]) for name, info in inspected.items()}


def literal_value(source: str) -> Any:
    """A parameter value's Python source (a notebook's default, a shown parameter's repr) as a
    value when it is a literal, else the source text."""
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return source


def parameter_problems(sets: dict[str, dict[str, Any]], declared: dict[str, dict[str, Any]]) -> list[str]:
    """Every parameter a set gives that no notebook declares or that helpers.core.params rejects.

    A parameter applies to the notebooks that declare it (``interval_charts`` is not one of the
    audit's, for instance); a name that none of the rendered notebooks declares is an error.
    """
    from ..core import params

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
                hint = yaml_hint(set_name, name, value)
                problems.append(f"set {set_name!r}, {_notebooks(declaring)}: {error}" + (f" ({hint})" if hint else ""))
    return problems


def declared_values(values: dict[str, Any], declared: dict[str, Any]) -> dict[str, Any]:
    """The values of a set that one notebook declares: the parameters papermill will inject into it."""
    return {name: value for name, value in values.items() if name in declared}


def ignored_parameters(sets: dict[str, dict[str, Any]], overrides: dict[str, Any],
                       declared: dict[str, dict[str, Any]], config_name: str) -> list[str]:
    """One line per notebook and parameter given that the notebook does not take, for the summary.

    ``sets`` are the selected sets with the ``-p`` ``overrides`` merged in, ``declared`` maps each
    rendered notebook's stem to the parameters it declares. A parameter goes only to the notebooks
    that declare it (papermill would inject the others as unused variables); the rest render with
    their own settings, which is allowed but must not pass unnoticed. A ``-p`` value is named once
    with every set it was given in, a set's own value once per set. Empty when every notebook takes
    every parameter given.
    """
    by_origin: dict[tuple[str, str, str], list[str]] = {}  # (stem, name, origin) -> set names
    for set_name, values in sets.items():
        for name, value in values.items():
            origin = (f"-p {name} {value}" if name in overrides
                      else f"{name}={value!r} of set {set_name!r} ({config_name})")
            for stem, names in declared.items():
                if name not in names:
                    by_origin.setdefault((stem, name, origin), []).append(set_name)
    lines = []
    for (stem, name, origin), set_names in by_origin.items():
        where = f" in set{'s' if len(set_names) > 1 else ''} {', '.join(set_names)}" if name in overrides else ""
        own = ", ".join(declared[stem]) or "none"
        lines.append(f"not passed: {stem} did not take {origin}{where}: the notebook does not declare {name} "
                     f"(it declares: {own}), so its report does not use it")
    return lines


def _notebooks(stems: list[str]) -> str:
    """'notebook 02_skills' or 'notebooks 01_sample, 02_skills' for a message."""
    return ("notebook " if len(stems) == 1 else "notebooks ") + ", ".join(stems)


def shown_parameters(defaults: dict[str, Any], values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Every declared parameter with the value the run uses, as ``(name, repr)`` pairs for people."""
    effective = {**defaults, **values}
    return tuple((name, repr(value)) for name, value in effective.items())


