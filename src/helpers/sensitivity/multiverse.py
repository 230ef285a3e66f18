"""The multiverse: every headline finding and audit verdict under every combination of the analyst's choices.

Numbers only (the wording is in :mod:`helpers.words` and :mod:`helpers.display.robustness`). A
*reading* is one combination of :func:`dimensions`: interval method (the six), confidence (0.90,
0.95, 0.99), don't-know (keep, exclude), n scenario (every scenario of ``data/n_scenarios.csv``),
rounding rule (both, half-up, half-even) and design effect (1, 1.5, 2): 972 readings with the
committed data. The *reference* reading (:data:`REFERENCE`) is exactly the reports' defaults
(:data:`helpers.core.params.DEFAULTS`), so ``06_audit`` and ``07_multiverse`` never disagree on it.

* **Findings** (:func:`findings_grid`): each question's headline share (its positive side, else its
  largest option: :func:`helpers.core.data.headline_options`) states a *majority* (share above 50%
  in the reference reading), a *minority* (below) or *half* (exactly 50: the ``half`` rule of
  ``verbal_rules.csv``). It holds in a reading when that reading's interval at the point counts
  (:func:`helpers.inference.stats.combined_point`; intervals each once, :func:`interval_grid`)
  supports the statement wholly.
* **Verdicts** (:func:`verdict_grid`): every claim's outcome from its declared hypothesis,
  :func:`helpers.audit.verdicts.verdicts` under the reading's settings (the audit's one decision
  rule), and whether it survives Holm's correction over that reading's family.

:func:`robustness` summarises per item: in how many readings that ask the same question its outcome
equals the reference outcome, which single choice changed alone flips it, and its outcome when the
question itself changes (don't-know excluded re-bases a share: a different estimand, not fragility).
"""

from __future__ import annotations

import collections
import dataclasses
import itertools

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from ..audit import verdicts as audit_verdicts
from ..core import data, params
from ..inference import exact, intervals, multiplicity, stats

CONFIDENCES = (0.90, 0.95, 0.99)
ROUNDINGS = ("both", "half_up", "half_even")
DEFFS = (1.0, 1.5, 2.0)
READING_COLUMNS = ["ci_method", "confidence", "dont_know", "n_scenario", "rounding", "deff"]
REFERENCE = {column: params.DEFAULTS[column] for column in READING_COLUMNS}
COUNT_DIMENSIONS = ["n_scenario", "rounding", "dont_know"]  # what the counts depend on


def dimensions(survey: data.Survey) -> dict[str, tuple]:
    """The analyst's choices and their values (scenarios from ``data/n_scenarios.csv``)."""
    return {"ci_method": params.CI_METHODS, "confidence": CONFIDENCES, "dont_know": params.DONT_KNOW,
            "n_scenario": tuple(survey.scenarios), "rounding": ROUNDINGS, "deff": DEFFS}


def readings(survey: data.Survey) -> pd.DataFrame:
    """Every combination of :func:`dimensions`, one row each (columns :data:`READING_COLUMNS`), in product order."""
    dims = dimensions(survey)
    return pd.DataFrame(list(itertools.product(*(dims[c] for c in READING_COLUMNS))), columns=READING_COLUMNS)


def settings_of(reading: dict | pd.Series) -> params.Settings:
    """The :class:`helpers.core.params.Settings` of one reading (validated like a notebook's parameters).

    Language-free: the multiverse never takes a language; ``lang`` keeps its default, which no
    computation reads."""
    return params.validate(**{c: reading[c] for c in READING_COLUMNS})


def reading_settings(survey: data.Survey) -> list[params.Settings]:
    """:func:`settings_of` every reading of :func:`readings`, in its order; each choice's values checked
    once (:func:`helpers.core.params.check`), not once per reading."""
    dims = dimensions(survey)
    checked = {c: {value: params.check(c, value) for value in dims[c]} for c in READING_COLUMNS}
    return [params.Settings(**{c: checked[c][value] for c, value in zip(READING_COLUMNS, values)})
            for values in itertools.product(*(dims[c] for c in READING_COLUMNS))]


# ---------------------------------------------------------------- what is needed

def targets(survey: data.Survey) -> list[tuple[str, tuple[str, ...]]]:
    """Every question's headline (question, options): the shares the findings need, in questionnaire order."""
    return [(q, tuple(data.headline_options(survey, q))) for q in survey.questions["question_id"]]


def base_counts(survey: data.Survey) -> pd.DataFrame:
    """Share (percent), point count and n of every :func:`targets` share for every (scenario, rounding, don't-know).

    Columns: question_id, options (";"-joined), n_scenario, rounding, dont_know, share, count, n.
    """
    dims = dimensions(survey)
    needed = targets(survey)
    rows = []
    for scenario, rounding, dont_know in itertools.product(dims["n_scenario"], dims["rounding"], dims["dont_know"]):
        settings = params.Settings(n_scenario=scenario, rounding=rounding, dont_know=dont_know)
        for question_id, options in needed:
            share, count, n = stats.combined_point(survey, question_id, list(options), settings)
            rows.append({"question_id": question_id, "options": ";".join(options), "n_scenario": scenario,
                         "rounding": rounding, "dont_know": dont_know, "share": share, "count": int(count),
                         "n": int(n)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- intervals, each once

def interval_grid(keys: pd.DataFrame) -> pd.DataFrame:
    """Intervals (percent) of the distinct rows of ``keys`` (columns count, n, ci_method, confidence, deff).

    Each distinct (count, n, method, level, deff) is computed once, exactly as
    :func:`helpers.inference.stats.interval` computes it; returns those rows with ``ci_low``, ``ci_high``.
    """
    unique = keys[["count", "n", "ci_method", "confidence", "deff"]].drop_duplicates().reset_index(drop=True)
    effective = [stats.effective_counts(c, n, d, m) for c, n, d, m in
                 zip(unique["count"], unique["n"], unique["deff"], unique["ci_method"])]
    unique["count_eff"] = [c for c, _ in effective]
    unique["n_eff"] = [n for _, n in effective]
    unique["alpha"] = [1.0 - c for c in unique["confidence"]]  # as Settings.alpha computes it
    low = np.full(len(unique), np.nan)
    high = np.full(len(unique), np.nan)
    exact_rows = unique["ci_method"].isin(stats.EXACT_METHODS).to_numpy()
    if exact_rows.any():  # every level in one call: the root finders step all intervals together
        part = unique[exact_rows]
        values = np.column_stack(exact.binom_test_intervals(part["count_eff"].to_numpy(dtype=float),
                                                            part["n_eff"].to_numpy(dtype=float),
                                                            part["alpha"].to_numpy(dtype=float)))
        low[exact_rows], high[exact_rows] = values[:, 0] * 100, values[:, 1] * 100
    for (method, alpha), part in unique[~exact_rows].groupby(["ci_method", "alpha"], sort=False):
        index = part.index.to_numpy()
        values = np.column_stack(proportion_confint(part["count_eff"].to_numpy(dtype=float),
                                                    part["n_eff"].to_numpy(dtype=float), alpha=alpha, method=method))
        low[index], high[index] = values[:, 0] * 100, values[:, 1] * 100
    unique["ci_low"], unique["ci_high"] = low, high
    return unique.drop(columns=["count_eff", "n_eff", "alpha"])


def share_grid(survey: data.Survey, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every :func:`targets` share under every reading with its interval (percent).

    Columns: :data:`READING_COLUMNS`, question_id, options, share, count, n, ci_low, ci_high.
    """
    counts = base_counts(survey) if counts is None else counts
    grid = readings(survey).merge(counts, on=COUNT_DIMENSIONS, how="left")
    intervals = interval_grid(grid)
    return grid.merge(intervals, on=["count", "n", "ci_method", "confidence", "deff"], how="left")


# ---------------------------------------------------------------- findings

def headline_statements(survey: data.Survey, counts: pd.DataFrame) -> pd.DataFrame:
    """Each question's headline and what it states in the reference reading: majority, minority or half."""
    ref = counts[(counts["n_scenario"] == REFERENCE["n_scenario"]) & (counts["rounding"] == REFERENCE["rounding"])
                 & (counts["dont_know"] == REFERENCE["dont_know"])]
    rows = []
    for question_id in survey.questions["question_id"]:
        options = ";".join(data.headline_options(survey, question_id))
        share = float(ref.loc[(ref["question_id"] == question_id) & (ref["options"] == options), "share"].iloc[0])
        statement = "majority" if share > 50 else "minority" if share < 50 else "half"
        rows.append({"question_id": question_id, "options": options, "statement": statement})
    return pd.DataFrame(rows)


def half_bounds(survey: data.Survey) -> tuple[float, float]:
    """The range (percent) within which an interval shows "about half": the ``half`` rule of verbal_rules.csv."""
    rule = data.rules(survey).loc["half"]
    return float(rule["lower"]), float(rule["upper"])


def statement_holds(statement, low, high, threshold: float = 50.0, half: tuple[float, float] = (45.0, 55.0)):
    """Whether a finding's statement holds for an interval [low, high] (percent): a *majority* when the
    whole interval lies above ``threshold``, a *minority* when below it, *half* when it lies within
    ``half`` (the ``half`` rule of verbal_rules.csv). Arrays (numpy) or scalars; returns bools alike."""
    if isinstance(statement, str) and isinstance(low, float) and isinstance(high, float):  # one interval
        if statement == "majority":
            return low > threshold
        if statement == "minority":
            return high < threshold
        return half[0] <= low and high <= half[1]
    statement, low, high = np.asarray(statement), np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    holds = np.select([statement == "majority", statement == "minority"], [low > threshold, high < threshold],
                      (low >= half[0]) & (high <= half[1])).astype(bool)
    return bool(holds) if holds.ndim == 0 else holds


def findings_grid(survey: data.Survey, shares: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Each headline finding under every reading: its share, interval and whether the statement holds.

    Columns: :data:`READING_COLUMNS`, question_id, options, statement, share (the printed percentages
    summed, as :func:`helpers.inference.stats.combined_point` gives it), share_count (the counts' share,
    100 * count / n: the figure a reader is shown), n, ci_low, ci_high, holds.
    """
    statements = headline_statements(survey, counts)
    grid = shares.merge(statements, on=["question_id", "options"], how="inner")
    grid["share_count"] = 100.0 * grid["count"] / grid["n"]
    grid["holds"] = statement_holds(grid["statement"].to_numpy(), grid["ci_low"].to_numpy(), grid["ci_high"].to_numpy(),
                                    half=half_bounds(survey))
    return grid[READING_COLUMNS + ["question_id", "options", "statement", "share", "share_count", "n", "ci_low",
                                   "ci_high", "holds"]].reset_index(drop=True)


# ---------------------------------------------------------------- verdicts

VERDICT_GRID_COLUMNS = READING_COLUMNS + ["claim_id", "hypothesis_id", "outcome", "counted", "p_value", "p_holm",
                                          "survives"]


def verdict_grid(survey: data.Survey) -> pd.DataFrame:
    """Every claim's audit verdict under every reading, and whether it survives Holm's correction.

    The outcome is :func:`helpers.audit.verdicts.verdicts` under the reading's settings: the audit's
    one decision rule, so the reference row is exactly what ``06_audit`` shows. Holm: per reading,
    the family of :func:`helpers.audit.verdicts.family_p` (each hypothesis once) at the reading's
    alpha, all readings at once (:func:`helpers.inference.multiplicity.holm_adjust`, tested against
    statsmodels' ``multipletests``, which runs a garbage collection per call); ``p_value``,
    ``p_holm`` and ``survives`` are set on the row that carries the hypothesis in the family (NaN and
    False on the others). The intervals of all readings are computed at once first
    (:func:`helpers.inference.intervals.prime`). Columns: :data:`VERDICT_GRID_COLUMNS`.
    """
    settings = reading_settings(survey)
    intervals.prime([request for each in settings for request in audit_verdicts.interval_requests(survey, each)])
    records = [audit_verdicts.verdict_records(survey, each) for each in settings]
    grid = audit_verdicts.verdict_table([record for each in records for record in each])
    rows = len(records[0])
    for column in READING_COLUMNS:
        grid[column] = np.repeat([getattr(each, column) for each in settings], rows)
    chosen = audit_verdicts.family_p(grid)
    member = chosen["in_family"].to_numpy().reshape(len(settings), rows)
    if not (member == member[:1]).all():  # a programming error: every reading tests the same hypotheses
        raise AssertionError("the Holm family differs between readings")
    p = chosen["p_value"].to_numpy().reshape(len(settings), rows)[:, member[0]]
    adjusted = multiplicity.holm_adjust(p, 0.0)[1]
    alpha = np.array([each.alpha for each in settings])[:, None]
    survives = (adjusted <= alpha) & chosen["verdict"].to_numpy().reshape(len(settings), rows)[:, member[0]]
    grid["p_value"], grid["p_holm"], grid["survives"] = np.nan, np.nan, False
    flat = np.flatnonzero(member.reshape(-1))
    grid.loc[flat, "p_value"] = p.reshape(-1)
    grid.loc[flat, "p_holm"] = adjusted.reshape(-1)
    grid.loc[flat, "survives"] = survives.reshape(-1)
    grid["survives"] = grid["survives"].astype(bool)
    return grid[VERDICT_GRID_COLUMNS]


# ---------------------------------------------------------------- robustness per item

KINDS = ("finding", "verdict", "verdict after Holm")
ESTIMAND_CHOICES = {"dont_know": "exclude"}  # choices that change the question asked, not the analysis


def _outcomes(findings: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """One long frame: reading columns, item, kind, outcome (a code), for every item and reading."""
    hypotheses = verdicts[verdicts["hypothesis_id"] != ""]
    holm_rows = hypotheses[hypotheses["p_value"].notna()]
    decisive = holm_rows["outcome"].isin(audit_verdicts.DECISIVE)
    frames = [
        findings.assign(item=findings["question_id"], kind="finding",
                        outcome=np.where(findings["holds"], "holds", "not shown")),
        verdicts.assign(item=verdicts["claim_id"], kind="verdict"),
        holm_rows.assign(item=holm_rows["claim_id"], kind="verdict after Holm",
                         outcome=np.where(holm_rows["survives"], "survives",
                                          np.where(decisive, "does not survive", "no verdict"))),
    ]
    return pd.concat([frame[READING_COLUMNS + ["item", "kind", "outcome"]] for frame in frames], ignore_index=True)


def _label(column: str, value) -> str:
    return f"{column}={value:g}" if isinstance(value, float) else f"{column}={value}"


def robustness(survey: data.Survey, findings: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Per item (finding, verdict, verdict after Holm): how robust its outcome is.

    Columns: kind, item, reference (the outcome in :data:`REFERENCE`), same (readings that ask the
    same question, i.e. with the reference's don't-know choice, with that outcome), readings (their
    number), outcomes (each outcome with its count over those readings, ";"-joined, most frequent
    first), flipped_by (the single changes of one analysis choice from the reference that change the
    outcome, as "dimension=value", ";"-joined; empty if none), estimand (the outcome when the
    question asked changes: don't-know excluded, which re-bases the share on the opinion-holders;
    see :data:`ESTIMAND_CHOICES`).
    """
    long = _outcomes(findings, verdicts)
    dims = dimensions(survey)
    shape = [len(dims[c]) for c in READING_COLUMNS]
    # a reading's number is its position in readings() (itertools.product order): a mixed-radix number
    codes = [pd.Index(dims[c]).get_indexer(long[c]) for c in READING_COLUMNS]
    if any((code < 0).any() for code in codes):
        raise ValueError("an outcome names a reading outside dimensions(survey)")
    reading = np.ravel_multi_index(codes, shape)
    positions: dict[tuple[str, str], int] = {}  # (kind, item) -> row, in order of first appearance
    item_codes = np.fromiter((positions.setdefault(pair, len(positions)) for pair in
                              zip(long["kind"].tolist(), long["item"].tolist())), dtype=np.intp, count=len(long))
    items = list(positions)
    values = np.full((len(items), int(np.prod(shape))), None, dtype=object)
    values[item_codes, reading] = long["outcome"].to_numpy(dtype=object)

    def at(**changes) -> int:
        chosen = {**REFERENCE, **changes}
        return int(np.ravel_multi_index([dims[c].index(chosen[c]) for c in READING_COLUMNS], shape))

    same_question = np.ravel_multi_index(
        [pd.Index(dims[c]).get_indexer(readings(survey)[c]) for c in READING_COLUMNS], shape)
    same_question = same_question[(readings(survey)["dont_know"] == REFERENCE["dont_know"]).to_numpy()]
    singles = [(_label(column, value), at(**{column: value})) for column in READING_COLUMNS
               if column not in ESTIMAND_CHOICES for value in dims[column] if value != REFERENCE[column]]
    rebased = at(**ESTIMAND_CHOICES)
    rows = []
    for (kind, item), outcomes in zip(items, values):
        ref = outcomes[at()]
        asked = [value for value in outcomes[same_question] if value is not None]
        tally = collections.Counter(asked)
        ranked = sorted(tally.items(), key=lambda pair: (-pair[1], pair[0]))
        rows.append({"kind": kind, "item": item, "reference": ref, "same": int(tally[ref]), "readings": len(asked),
                     "outcomes": ";".join(f"{outcome}:{count}" for outcome, count in ranked),
                     "flipped_by": ";".join(label for label, index in singles if outcomes[index] != ref),
                     "estimand": outcomes[rebased]})
    return pd.DataFrame(rows)


def inert_choices(findings: pd.DataFrame, verdicts: pd.DataFrame) -> list[str]:
    """The grid's choices (:data:`READING_COLUMNS`) that change no outcome of any kind (finding, verdict,
    verdict after Holm) in any reading: changing that choice alone, the others held at any values,
    leaves every item's outcome as it was. Such a choice repeats each distinct reading, so counts over
    readings count each outcome once per value of it."""
    long = _outcomes(findings, verdicts)
    out = []
    for column in READING_COLUMNS:
        others = [c for c in READING_COLUMNS if c != column]
        if (long.groupby(["kind", "item"] + others, sort=False)["outcome"].nunique() <= 1).all():
            out.append(column)
    return out


@dataclasses.dataclass
class Multiverse:
    """The whole grid: shares, findings, verdicts and the per-item robustness summary."""

    shares: pd.DataFrame
    findings: pd.DataFrame
    verdicts: pd.DataFrame
    summary: pd.DataFrame


def run(survey: data.Survey) -> Multiverse:
    """Compute the whole multiverse once (kept in ``survey.views``; callers get the same object)."""
    key = ("multiverse",)
    if key not in survey.views:
        counts = base_counts(survey)
        shares = share_grid(survey, counts)
        findings = findings_grid(survey, shares, counts)
        verdicts = verdict_grid(survey)
        survey.views[key] = Multiverse(shares, findings, verdicts, robustness(survey, findings, verdicts))
    return survey.views[key]
