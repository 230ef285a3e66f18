"""Tipping points: for every verdict and headline finding, the value of each decisive choice at which it flips.

Numbers only (the wording is :mod:`helpers.words.tipping_text`). Starting from the reports'
defaults (:data:`helpers.sensitivity.multiverse.REFERENCE`), one choice is moved at a time:

* ``threshold``: the declared threshold of the claim's hypothesis (``data/hypotheses.csv``; for an
  equivalence claim its margin), or the 50% line of a finding. An outcome changes only where the
  threshold crosses a bound of a deciding interval, so those bounds are the candidates, each
  checked just beyond (exact, no grid);
* ``n``: every n from 1 to the survey's participants (577) at which the item's printed figures fit
  (:func:`helpers.audit.hypotheses.compatible_n`), below and above the reference n;
* ``reading``: the claim's second reading (``claims.csv`` ``alt_reading``: the chart title's
  polarity, or each option on its own): ``side`` names it, ``flips_to`` is its outcome where it
  differs from the claim's own reading;
* ``middle``: where the scale's middle answer goes (e.g. "in ieder geval niet tegen"): counted apart
  (the reports) or with the positive side, where the claim or finding counts the positive pole of a
  scale with a middle option; ``flips_to`` is the outcome with it, where it differs;
* ``confidence``: bisection over the level from 50% to 99.99% (intervals widen with the level);
* ``deff``: bisection over the design effect from 1 to :data:`DEFF_LIMIT` (intervals widen with it).

One row per item and choice (:data:`TIPPING_COLUMNS`): the unit of its values (``percent``,
``points`` for a difference or balance, ``n``, ``level`` (a proportion), ``deff``), the reference value and outcome, the value at
which the outcome first differs (``flips_at``, NaN if it never does within ``searched_low`` to
``searched_high``), from where on it stays different (``settled_at``: equal to ``flips_at`` unless the
outcome alternates, as a finding's may over n; NaN if it returns to the reference outcome at the end), on which side (``side``: ``above``/``below`` the reference value, or ``other``
for a reading) and the outcome it flips to (``flips_to``). The outcome when don't-know is left out
is not a tipping point: it asks another question (see the multiverse).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable

import pandas as pd

from ..audit import hypotheses, verdicts
from ..core import data, params
from ..inference import intervals, stats
from . import multiverse

TIPPING_COLUMNS = ["kind", "item", "choice", "unit", "reference_value", "reference_outcome", "flips_at", "settled_at",
                   "side", "flips_to", "searched_low", "searched_high"]
CHOICES = ("threshold", "n", "reading", "middle", "confidence", "deff")
CONFIDENCE_RANGE = (0.5, 0.9999)
DEFF_LIMIT = 10.0
STEPS = 30  # bisection steps: the flip located to (range) / 2**30
EPSILON = 1e-7  # just beyond a candidate threshold (percent or points)


def participants(survey: data.Survey) -> int:
    """The survey's number of participants: the published figure of the ``sample_size`` claim (577)."""
    rows = survey.claims[survey.claims["method"] == "sample_size"]
    if rows.empty:
        raise ValueError("claims.csv has no sample_size claim: the number of participants is unknown")
    return int(float(rows["published"].iloc[0]))


def reference_settings() -> params.Settings:
    """The reports' defaults as :class:`helpers.core.params.Settings` (the multiverse's reference reading)."""
    return params.Settings(**multiverse.REFERENCE)


UNITS = {"n": "n", "confidence": "level", "deff": "deff", "reading": "", "middle": ""}


def _row(kind: str, item: str, choice: str, value, outcome: str, flips_at=math.nan, side: str = "",
         flips_to: str = "", low=math.nan, high=math.nan, settled_at=None) -> dict:
    unit = UNITS.get(choice, "percent")  # a threshold: percent, or points (set by the caller); a margin: points
    settled = flips_at if settled_at is None else settled_at
    return dict(zip(TIPPING_COLUMNS, (kind, item, choice, unit, value, outcome, flips_at, settled, side, flips_to,
                                      low, high)))


def _bisect(outcome: Callable[[float], str], start: float, end: float, reference: str) -> float:
    """The value between ``start`` (outcome ``reference``) and ``end`` (another outcome) where it changes."""
    inside, outside = start, end
    for _ in range(STEPS):
        middle = (inside + outside) / 2
        if outcome(middle) == reference:
            inside = middle
        else:
            outside = middle
    return outside


def _monotone_flip(kind, item, choice, outcome: Callable[[float], str], value: float, low: float,
                   high: float) -> dict:
    """A choice along which intervals only widen (level, design effect): the nearest flip above or below."""
    reference = outcome(value)
    for end, side in ((high, "above"), (low, "below")):
        if end != value and outcome(end) != reference:
            at = _bisect(outcome, value, end, reference)
            return _row(kind, item, choice, value, reference, at, side, outcome(at), low, high)
    return _row(kind, item, choice, value, reference, low=low, high=high)


def _sides(value: float, candidates: list[float]) -> tuple[tuple[str, list[float]], ...]:
    """The candidates above ``value`` and below it, each side ordered away from ``value``."""
    return (("above", sorted(c for c in candidates if c > value)),
            ("below", sorted((c for c in candidates if c < value), reverse=True)))


def _nearest_flip(kind, item, choice, outcome: Callable[[float], str], value: float, reference: str,
                  found: list[tuple], low: float, high: float) -> dict:
    """The row of the flip nearest to ``value`` among ``found`` (per side: distance, side, candidate and where
    it settles, None if not looked for), or of none when no side flips."""
    if not found:
        return _row(kind, item, choice, value, reference, low=low, high=high)
    _, side, at, settled = min(found)
    return _row(kind, item, choice, value, reference, at, side, outcome(at), low, high, settled_at=settled)


def _scan_flip(kind, item, choice, outcome: Callable[[float], str], value: float, candidates: list[float],
               low: float, high: float) -> dict:
    """The candidate nearest to ``value`` at which the outcome differs, and from where on (away from ``value``)
    it never returns to the reference outcome (``settled_at``; a finding at the tables' point counts may
    alternate as n moves, since the point counts jump)."""
    reference = outcome(value)
    found = []
    for side, ordered in _sides(value, candidates):
        outcomes = [outcome(candidate) for candidate in ordered]
        differs = [index for index, got in enumerate(outcomes) if got != reference]
        if differs:
            same = [index for index, got in enumerate(outcomes) if got == reference]
            settled = ordered[same[-1] + 1] if same and same[-1] + 1 < len(ordered) else (
                ordered[0] if not same else math.nan)
            found.append((abs(ordered[differs[0]] - value), side, ordered[differs[0]], settled))
    return _nearest_flip(kind, item, choice, outcome, value, reference, found, low, high)


def _sorted_flip(kind, item, choice, outcome: Callable[[float], str], value: float, candidates: list[float],
                 low: float, high: float) -> dict:
    """As :func:`_scan_flip`, by bisection on each side of ``value``: valid when, moving away from ``value``,
    the outcome leaves its reference value at most once (a verdict as n moves: each reading's interval
    only widens as n falls, which ``tests/audit/test_verdicts.py`` checks over every claim and n)."""
    reference = outcome(value)
    found = []
    for side, ordered in _sides(value, candidates):
        if not ordered or outcome(ordered[-1]) == reference:
            continue
        inside, outside = -1, len(ordered) - 1  # ordered[outside] differs; everything up to inside equals
        while outside - inside > 1:
            middle = (inside + outside) // 2
            if outcome(ordered[middle]) == reference:
                inside = middle
            else:
                outside = middle
        found.append((abs(ordered[outside] - value), side, ordered[outside], None))
    return _nearest_flip(kind, item, choice, outcome, value, reference, found, low, high)


def _with_middle(survey: data.Survey, question_id: str, options: list[str]) -> list[str] | None:
    """``options`` with the scale's middle (neutral) options added, when ``options`` are the positive pole
    (or part of it) of a scale that has a middle; else None. Only the positive side: a middle answer such
    as "in ieder geval niet tegen" (at any rate not against) can be read as leaning positive, never as
    the negative side ("sees no benefit") -- a methodologist's review rejected that reading."""
    table = data.options(survey, question_id)
    middle = list(table.loc[table["kind"] == "neutral", "option_id"])
    positive = set(data.pole_options(survey, question_id, "positive"))
    if not middle or not options or not set(options) <= positive:
        return None
    order = list(table["option_id"])
    return sorted(set(options) | set(middle), key=order.index)


# ---------------------------------------------------------------- verdicts

def _claims(survey: data.Survey) -> list[dict]:
    """The claims whose verdict a hypothesis decides, each hypothesis once (its first claim)."""
    table = verdicts.verdicts(survey, reference_settings())
    keep = set(table.loc[table["counted"] & (table["hypothesis_id"] != ""), "claim_id"])
    return [claim for claim in survey.claims.to_dict("records") if claim["claim_id"] in keep]


def _threshold_candidates(survey: data.Survey, claim: dict, settings: params.Settings, equivalence: bool,
                          centre: float) -> list[float]:
    """Where a claim's outcome can change as its threshold (or margin) moves: just beyond each bound of
    each reading's deciding intervals."""
    bounds = []
    for _, hypothesis_id, groups in verdicts.reading_options(survey, claim):
        if hypothesis_id != claim["hypothesis_id"]:
            continue  # another hypothesis keeps its own threshold
        for group in groups or [None]:
            decision = hypotheses.evaluate(survey, hypothesis_id, settings, options=group)
            bounds += [decision.low, decision.high]
    if equivalence:
        bounds = [abs(bound - centre) for bound in bounds]
    return sorted({b + sign * EPSILON for b in bounds for sign in (-1, 1) if not math.isnan(b)})


def verdict_tipping(survey: data.Survey, claim: dict) -> list[dict]:
    """The tipping points of one claim's verdict (rows of :data:`TIPPING_COLUMNS`)."""
    settings = reference_settings()
    claim_id, row = claim["claim_id"], hypotheses.hypothesis_row(survey, claim["hypothesis_id"])
    rows = []

    def outcome_at(**change) -> str:
        return verdicts.claim_outcome(survey, claim_id, settings, **change)

    equivalence = row["comparator"] == "equivalent"
    declared = float(row["margin"] if equivalence else row["threshold"])
    candidates = _threshold_candidates(survey, claim, settings, equivalence, float(row["threshold"]))
    if equivalence:
        rows.append(_scan_flip("verdict", claim_id, "margin", lambda m: outcome_at(margin=m), declared,
                               [c for c in candidates if c > 0], 0.0, 100.0))
    else:
        rows.append(_scan_flip("verdict", claim_id, "threshold", lambda t: outcome_at(threshold=t), declared,
                               candidates, -100.0, 100.0))
    rows[-1]["unit"] = "points" if equivalence or row["quantity"] in ("difference", "balance") else "percent"
    n_ref = data.n_for(survey, row["question_id"], settings.n_scenario)
    compatible = hypotheses.compatible_n(survey, row["question_id"], settings, largest=participants(survey))
    rows.append(_sorted_flip("verdict", claim_id, "n", lambda n: outcome_at(n=int(n)), float(n_ref),
                           [float(n) for n in compatible], float(min(compatible)), float(max(compatible))))
    readings = verdicts.readings_of(survey, claim, settings)
    if len(readings) > 1:  # the second reading: its own outcome; side names that reading
        (own, outcome, *_), (other, other_outcome, *_) = readings[:2]
        rows.append(_row("verdict", claim_id, "reading", own, outcome, side=other,
                         flips_to=other_outcome if other_outcome != outcome else ""))
    with_middle = _with_middle(survey, row["question_id"], [o for o in str(row["options"]).split(";") if o]) \
        if row["quantity"] in ("share", "sum") else None
    if with_middle:
        own = readings[0][1]
        other = hypotheses.evaluate(survey, claim["hypothesis_id"], settings, options=with_middle).outcome
        rows.append(_row("verdict", claim_id, "middle", "apart", own, side="with_middle",
                         flips_to=other if other != own else ""))
    rows.append(_monotone_flip("verdict", claim_id, "confidence",
                               lambda level: verdicts.claim_outcome(survey, claim_id,
                                                                    dataclasses.replace(settings, confidence=level)),
                               settings.confidence, *CONFIDENCE_RANGE))
    rows.append(_monotone_flip("verdict", claim_id, "deff",
                               lambda deff: verdicts.claim_outcome(survey, claim_id,
                                                                   dataclasses.replace(settings, deff=deff)),
                               settings.deff, 1.0, DEFF_LIMIT))
    return rows


# ---------------------------------------------------------------- findings

def finding_interval(survey: data.Survey, question_id: str, settings: params.Settings,
                     n: int | None = None, options: list[str] | None = None) -> tuple[float, float]:
    """The interval (percent) of a question's headline share at the point counts, as the multiverse's
    findings use it (:func:`helpers.inference.stats.combined_point` and
    :func:`helpers.inference.intervals.interval`); ``n`` replaces the scenario's n (don't-know kept),
    ``options`` the headline options."""
    return intervals.interval(*_finding_counts(survey, question_id, settings, n, options), settings)


def _finding_counts(survey: data.Survey, question_id: str, settings: params.Settings, n: int | None = None,
                    options: list[str] | None = None) -> tuple[float, float]:
    """The (count, base) of :func:`finding_interval`'s interval."""
    options = options or data.headline_options(survey, question_id)
    if n is None:
        _, count, base = stats.combined_point(survey, question_id, options, settings)
        return count, base
    question = stats.question_counts(survey, question_id, n=n, rounding=stats.rounding_of(settings))
    return sum(question.point[question.index(option)] for option in options), n


def _prime_n_scan(survey: data.Survey, question_id: str, settings: params.Settings, compatible: list[int]) -> None:
    """Compute the intervals of a finding's n scan at once (:func:`helpers.inference.intervals.prime`:
    statsmodels on arrays, the same floats as one call per n). Exact methods are left to the scan."""
    if settings.ci_method not in intervals.EXACT_METHODS:
        intervals.prime([(*_finding_counts(survey, question_id, settings, n), settings.ci_method, settings.alpha,
                          settings.deff) for n in compatible])


def _finding_outcome(statement: str, low: float, high: float, threshold: float, half: tuple[float, float]) -> str:
    """A finding's outcome code for an interval (:func:`helpers.sensitivity.multiverse.statement_holds`)."""
    return "holds" if multiverse.statement_holds(statement, low, high, threshold, half) else "not shown"


def finding_tipping(survey: data.Survey, question_id: str, statement: str) -> list[dict]:
    """The tipping points of one headline finding (rows of :data:`TIPPING_COLUMNS`)."""
    settings = reference_settings()
    half = multiverse.half_bounds(survey)
    low, high = finding_interval(survey, question_id, settings)

    def holds(settings_: params.Settings, n: int | None = None, threshold: float = 50.0) -> str:
        return _finding_outcome(statement, *finding_interval(survey, question_id, settings_, n), threshold, half)

    rows = []
    if statement != "half":
        candidates = sorted({bound + sign * EPSILON for bound in (low, high) for sign in (-1, 1)})
        rows.append(_scan_flip("finding", question_id, "threshold", lambda t: holds(settings, threshold=t), 50.0,
                               candidates, 0.0, 100.0))
    n_ref = data.n_for(survey, question_id, settings.n_scenario)
    compatible = hypotheses.compatible_n(survey, question_id, settings, largest=participants(survey))
    _prime_n_scan(survey, question_id, settings, compatible)
    rows.append(_scan_flip("finding", question_id, "n", lambda n: holds(settings, n=int(n)), float(n_ref),
                           [float(n) for n in compatible], float(min(compatible)), float(max(compatible))))
    with_middle = _with_middle(survey, question_id, data.headline_options(survey, question_id))
    if with_middle:
        own = holds(settings)
        other = _finding_outcome(statement, *finding_interval(survey, question_id, settings, options=with_middle),
                                 50.0, half)
        rows.append(_row("finding", question_id, "middle", "apart", own, side="with_middle",
                         flips_to=other if other != own else ""))
    rows.append(_monotone_flip("finding", question_id, "confidence",
                               lambda level: holds(dataclasses.replace(settings, confidence=level)),
                               settings.confidence, *CONFIDENCE_RANGE))
    rows.append(_monotone_flip("finding", question_id, "deff",
                               lambda deff: holds(dataclasses.replace(settings, deff=deff)), settings.deff, 1.0,
                               DEFF_LIMIT))
    return rows


def tipping_points(survey: data.Survey) -> pd.DataFrame:
    """Every verdict's and headline finding's tipping points (columns :data:`TIPPING_COLUMNS`), verdicts
    first in ``claims.csv`` order, then findings in questionnaire order. Memoised per survey."""
    key = ("tipping_points",)
    if key not in survey.views:
        rows = [row for claim in _claims(survey) for row in verdict_tipping(survey, claim)]
        statements = multiverse.headline_statements(survey, multiverse.base_counts(survey))
        rows += [row for question_id, statement in zip(statements["question_id"], statements["statement"])
                 for row in finding_tipping(survey, question_id, statement)]
        survey.views[key] = pd.DataFrame(rows, columns=TIPPING_COLUMNS)
    return survey.views[key].copy()
