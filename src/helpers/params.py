"""The notebooks' parameters: their defaults, allowed values and one validation for all of them.

papermill injects parameters without checking names or types (``-p confidence 1.5`` arrives as a
float, ``-p lang 5`` as an int), so every notebook calls :func:`validate` right after its
parameters cell, and the batch runner calls :func:`check` before any kernel starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import data

LANGUAGES = ("nl", "en")
CI_METHODS = ("wilson", "normal", "agresti_coull", "beta", "jeffreys", "binom_test")
DONT_KNOW = ("keep", "exclude")
CONFIDENCE_RANGE = (0.5, 1.0)

DEFAULTS: dict[str, Any] = {
    "lang": "nl",
    "confidence": 0.95,
    "ci_method": "wilson",
    "dont_know": "keep",
    "n_scenario": "layout",
    "interval_charts": False,
}


class ParameterError(ValueError):
    """A notebook parameter with a wrong name, type or value; the message says what is allowed."""

    def __init__(self, name: str, value: Any, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"parameter {name}={value!r} is not allowed; allowed: {allowed}")


@dataclass(frozen=True)
class Settings:
    """The validated parameters of one notebook run."""

    lang: str = DEFAULTS["lang"]
    confidence: float = DEFAULTS["confidence"]
    ci_method: str = DEFAULTS["ci_method"]
    dont_know: str = DEFAULTS["dont_know"]
    n_scenario: str = DEFAULTS["n_scenario"]
    interval_charts: bool = DEFAULTS["interval_charts"]

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
