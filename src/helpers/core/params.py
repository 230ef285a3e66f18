"""The notebooks' parameters: their defaults, allowed values and one validation for all of them.

papermill injects parameters without checking names or types (``-p confidence 1.5`` arrives as a
float, ``-p lang 5`` as an int), so every notebook calls :func:`validate` right after its
parameters cell, and the batch runner calls :func:`check` before any kernel starts.
"""

from __future__ import annotations

import ast
import json
import math
from dataclasses import dataclass
from typing import Any

from . import data

LANGUAGES = ("nl", "en")
CI_METHODS = ("wilson", "normal", "agresti_coull", "beta", "jeffreys", "binom_test")
DONT_KNOW = ("keep", "exclude")
CONFIDENCE_RANGE = (0.5, 1.0)
ROUNDING_RULES = ("both", "half_up", "half_even")
DEFF_MINIMUM = 1.0
# design effects reported for clustered and weighted surveys rarely exceed 3-5 (here deff is a sensitivity
# assumption: the article states nothing about the design); at 10 the 577
# respondents count as 58 and the smallest n readings as one or two, so anything larger says nothing
DEFF_MAXIMUM = 10.0

DEFAULTS: dict[str, Any] = {
    "lang": "nl",
    "confidence": 0.95,
    "ci_method": "wilson",
    "dont_know": "keep",
    "n_scenario": "layout",
    "interval_charts": False,
    "rounding": "both",
    "deff": 1.0,
}


# What each parameter's line in a notebook's parameters cell says after the ``#``: the one source of the
# cell (parameters_cell); a test holds every notebook's cell to it.
COMMENTS: dict[str, str] = {
    "lang": '"nl" or "en": language of every label, title, axis, table heading and sentence',
    "confidence": "interval level, strictly between 0.5 and 1",
    "ci_method": "statsmodels proportion_confint method: " + ", ".join(CI_METHODS),
    "dont_know": '"keep" or "exclude": exclude re-bases shares on respondents with an opinion',
    "n_scenario": "reading of the chart captions' n: layout, attrition or smallest (data/n_scenarios.csv)",
    "interval_charts": "True or False: also draw each question's interval chart (the tables always show the intervals)",
    "rounding": "rounding rules the published percentages may follow: " + ", ".join(ROUNDING_RULES),
    "deff": "design effect, a sensitivity assumption (not a known property of the survey), at least 1; the "
            "effective sample size is n divided by deff",
}


def parameters_cell(names: list[str]) -> str:
    """The source of a notebook's parameters cell declaring ``names`` (in :data:`DEFAULTS` order): one
    ``name: type = default  # comment`` line each, from :data:`DEFAULTS` and :data:`COMMENTS`.
    KeyError for an unknown name."""
    lines = []
    for name in [name for name in DEFAULTS if name in names] + [name for name in names if name not in DEFAULTS]:
        value = DEFAULTS[name]
        literal = json.dumps(value) if isinstance(value, str) else repr(value)
        lines.append(f"{name}: {type(value).__name__} = {literal}  # {COMMENTS[name]}")
    return "\n".join(lines)


class ParameterError(ValueError):
    """A notebook parameter with a wrong name, type or value; the message says what is allowed."""

    def __init__(self, name: str, value: Any, allowed: str, message: str | None = None):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(message or f"parameter {name}={value!r} is not allowed; allowed: {allowed}")


def unknown_parameter(name: str, value: Any, declared: list[str]) -> ParameterError:
    """The error for a name a notebook does not declare: one message for the runner and the notebooks."""
    allowed = "the parameters it declares: " + (", ".join(declared) or "none (no cell tagged 'parameters')")
    return ParameterError(name, value, allowed, f"unknown parameter {name}={value!r}; allowed: {allowed}")


@dataclass(frozen=True)
class Settings:
    """The validated parameters of one notebook run."""

    lang: str = DEFAULTS["lang"]
    confidence: float = DEFAULTS["confidence"]
    ci_method: str = DEFAULTS["ci_method"]
    dont_know: str = DEFAULTS["dont_know"]
    n_scenario: str = DEFAULTS["n_scenario"]
    interval_charts: bool = DEFAULTS["interval_charts"]
    rounding: str = DEFAULTS["rounding"]
    deff: float = DEFAULTS["deff"]

    @property
    def alpha(self) -> float:
        """Significance level matching the interval level (1 - confidence)."""
        return 1.0 - self.confidence


def allowed_values(name: str) -> str:
    """Human-readable allowed values of a parameter (scenarios come from ``data/n_scenarios.csv``)."""
    if name == "lang":
        return ", ".join(LANGUAGES)
    if name == "confidence":
        return f"a number strictly between {CONFIDENCE_RANGE[0]} and {CONFIDENCE_RANGE[1]:g}"
    if name == "ci_method":
        return ", ".join(CI_METHODS)
    if name == "dont_know":
        return ", ".join(DONT_KNOW)
    if name == "n_scenario":
        return ", ".join(data.load_survey().scenarios)
    if name == "interval_charts":
        return "True, False"
    if name == "rounding":
        return ", ".join(ROUNDING_RULES)
    if name == "deff":
        return (f"a number from {DEFF_MINIMUM:g} to {DEFF_MAXIMUM:g} (the design effect; n / deff is the effective "
                "sample size)")
    raise ParameterError(name, "(name)", "one of " + ", ".join(DEFAULTS))


def check(name: str, value: Any) -> Any:
    """Return ``value`` (normalised) if it is allowed for parameter ``name``, else raise ParameterError."""
    if name not in DEFAULTS:
        raise ParameterError(name, value, "a parameter named one of " + ", ".join(DEFAULTS))
    if name == "confidence":
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not is_number or not CONFIDENCE_RANGE[0] < value < CONFIDENCE_RANGE[1]:
            raise ParameterError(name, value, allowed_values(name))
        return float(value)
    if name == "deff":
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not is_number or not math.isfinite(value) or not DEFF_MINIMUM <= value <= DEFF_MAXIMUM:
            raise ParameterError(name, value, allowed_values(name))
        return float(value)
    if name == "interval_charts":
        if not isinstance(value, bool):
            raise ParameterError(name, value, allowed_values(name))
        return value
    choices = allowed_values(name).split(", ")
    if not isinstance(value, str) or value not in choices:
        raise ParameterError(name, value, allowed_values(name))
    return value


def validate(**parameters: Any) -> Settings:
    """Check every parameter of a notebook run at once and return them as :class:`Settings`.

    Parameters a notebook does not declare keep their defaults (``06_audit`` has no
    ``interval_charts``, for one).
    """
    return Settings(**{name: check(name, value) for name, value in parameters.items()})


def _assigned_names(source: str) -> list[str]:
    """Names a cell's top-level assignments bind, in order (``x = 1`` and ``x: int = 1``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [target.id for target in targets if isinstance(target, ast.Name)]
    return names


def injected_names(history: list[str]) -> tuple[list[str], list[str]]:
    """(declared, injected): the names of the parameters cell and of the cell papermill injected after it.

    papermill runs the parameters cell, then its own cell starting with ``# Parameters``; the
    kernel's input history (``In``) holds both sources. Without an injected cell (an interactive
    run in JupyterLab) both lists are empty: the user edits the parameters cell itself.
    """
    for previous, source in zip(history, history[1:]):
        if source.lstrip().startswith("# Parameters"):
            return _assigned_names(previous), _assigned_names(source)
    return [], []


def validate_namespace(namespace: dict[str, Any]) -> Settings:
    """Validate a notebook's parameters as they stand in its namespace (call with ``globals()``).

    Checks what papermill injected against what the parameters cell declares: a name the cell does
    not declare (``-p colour red``, which papermill only warns about) raises the same
    :class:`ParameterError` as the runner (:func:`unknown_parameter`); then every declared
    parameter's value is checked as :func:`validate` does. Returns :class:`Settings`.
    """
    declared, injected = injected_names(list(namespace.get("In", [])))
    for name in injected:
        if name not in declared:
            raise unknown_parameter(name, namespace.get(name), declared)
    present = {name: namespace[name] for name in DEFAULTS if name in namespace}
    return validate(**present)
