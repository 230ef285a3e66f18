"""The multiverse: every headline finding and audit verdict under every combination of the analyst's choices.

Numbers only (the wording is in :mod:`helpers.display.robustness`). A *reading* is one combination of
:data:`DIMENSIONS`: interval method (the six), confidence (0.90, 0.95, 0.99), don't-know
(keep, exclude), n scenario (every scenario of ``data/n_scenarios.csv``), rounding rule
(half-up, half-even) and design effect (1, 1.5, 2): 648 readings with the committed data. The
*reference* reading (:data:`REFERENCE`) is the package's defaults, with half-up rounding.

What is recomputed, in process and each quantity once:

* **Counts** (:func:`base_counts`): for every (n scenario, rounding, don't-know) and every share a
  finding or verdict needs, :func:`helpers.inference.stats.combined_point` under those settings gives the
  share, its point count and n (:func:`helpers.inference.stats.combined_share` without its intervals); these do not depend on the interval method, level or deff.
* **Intervals** (:func:`interval_grid`): every distinct (count, n, method, alpha, deff) once, as
  :func:`helpers.inference.stats.interval` computes it (Kish's effective counts from
  :func:`helpers.inference.stats.effective_counts`, ``statsmodels`` ``proportion_confint`` on arrays per
  method and level; ``binom_test`` through :func:`helpers.inference.exact.binom_test_intervals`, the same
  algorithm and floats as statsmodels for all intervals at once, about a hundred times faster).
* **Findings** (:func:`findings_grid`): each question's headline share (its positive side, else its
  largest option: :func:`helpers.core.data.headline_options`) states a *majority* (share above 50%
  in the reference reading), a *minority* (below) or *half* (exactly 50: the ``half`` rule of
  ``verbal_rules.csv``). It holds in a reading when that reading's interval supports the
  statement wholly (lower bound above 50, upper bound below 50, or within the half rule).
* **Verdicts** (:func:`verdict_grid`): each verbal claim tested against an interval
  (``holds_in_ci`` of :func:`helpers.audit.claims.check_claims`, recomputed here with
  :func:`helpers.audit.ranges.evaluate` for one-share rules and, for the rules on both poles, with the
  audit's balance reading: :func:`helpers.inference.stats.balance_interval` of positive minus negative,
  don't-know kept) and whether that verdict survives Holm's correction over the
  family (:func:`helpers.inference.multiplicity.holm`'s p-values at the reading's counts, deff and level);
  and every claim's audit status, which depends on the n scenario and the rounding rule, and for
  the claims on a scale's balance also on the level and design effect (:func:`status_grid`).

:func:`robustness` summarises per item: in how many readings its outcome equals the reference
outcome, and which single choice, changed alone from the reference, flips it.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import math
from typing import Callable

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from ..audit.claims import check_claims, claim_status
from ..audit.ranges import POLE_TESTS, SHARE_TESTS, evaluate
from ..core import data, params
from ..inference import exact, multiplicity, stats

CONFIDENCES = (0.90, 0.95, 0.99)
ROUNDINGS = ("half_up", "half_even")
DEFFS = (1.0, 1.5, 2.0)
REFERENCE = {"ci_method": "wilson", "confidence": 0.95, "dont_know": "keep", "n_scenario": "layout",
             "rounding": "half_up", "deff": 1.0}
READING_COLUMNS = ["ci_method", "confidence", "dont_know", "n_scenario", "rounding", "deff"]
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


# ---------------------------------------------------------------- what is needed

def _split(options: str) -> tuple[str, ...]:
    return tuple(o for o in str(options).split(";") if o)


def verbal_claims(survey: data.Survey) -> pd.DataFrame:
    """The verbal claims whose rule is tested against a sampling interval (those with a share or both poles)."""
    claims = survey.claims[survey.claims["method"] == "verbal"]
    tests = data.rules(survey)["test"]
    keep = [(tests[r] in SHARE_TESTS and bool(_split(o))) or tests[r] in POLE_TESTS
            for r, o in zip(claims["rule_id"], claims["options"])]
    return claims[keep].reset_index(drop=True)


def targets(survey: data.Survey) -> list[tuple[str, tuple[str, ...]]]:
    """Every (question, options) share the findings and verdicts need, in a stable order."""
    found = [(q, tuple(data.headline_options(survey, q))) for q in survey.questions["question_id"]]
    tests = data.rules(survey)["test"]
    for _, claim in verbal_claims(survey).iterrows():
        if tests[claim["rule_id"]] in SHARE_TESTS:
            found.append((claim["question_id"], _split(claim["options"])))
        else:
            found += [(claim["question_id"], tuple(data.pole_options(survey, claim["question_id"], pole)))
                      for pole in data.POLES]
    return list(dict.fromkeys(found))


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


def findings_grid(survey: data.Survey, shares: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Each headline finding under every reading: its share, interval and whether the statement holds.

    Columns: :data:`READING_COLUMNS`, question_id, options, statement, share (the printed percentages
    summed, as :func:`helpers.inference.stats.combined_point` gives it), share_count (the counts' share,
    100 * count / n: the figure a reader is shown), n, ci_low, ci_high, holds.
    """
    statements = headline_statements(survey, counts)
    grid = shares.merge(statements, on=["question_id", "options"], how="inner")
    grid["share_count"] = 100.0 * grid["count"] / grid["n"]
    low, high = half_bounds(survey)
    grid["holds"] = np.select(
        [grid["statement"] == "majority", grid["statement"] == "minority"],
        [grid["ci_low"] > 50, grid["ci_high"] < 50],
        (grid["ci_low"] >= low) & (grid["ci_high"] <= high)).astype(bool)
    return grid[READING_COLUMNS + ["question_id", "options", "statement", "share", "share_count", "n", "ci_low",
                                   "ci_high", "holds"]].reset_index(drop=True)


# ---------------------------------------------------------------- verdicts

def _lookup(shares: pd.DataFrame) -> dict:
    """(reading..., question_id, options) -> (share, count, n, ci_low, ci_high)."""
    keys = zip(*(shares[c].tolist() for c in READING_COLUMNS + ["question_id", "options"]))
    values = zip(*(shares[c].tolist() for c in ("share", "count", "n", "ci_low", "ci_high")))
    return dict(zip(keys, values))


def verdict_grid(survey: data.Survey, shares: pd.DataFrame) -> pd.DataFrame:
    """Each interval-tested verbal claim under every reading: ``holds_in_ci`` and whether it survives Holm.

    Columns: :data:`READING_COLUMNS`, claim_id, holds_in_ci ("all"/"some"/"none"), p_value, survives
    (a verdict, i.e. not "some", whose Holm-adjusted p over the family is below the reading's alpha).
    """
    plan = []  # per claim: its rule and the shares its test reads
    for claim in verbal_claims(survey).to_dict("records"):
        rule = data.rule_row(survey, claim["rule_id"])
        question_id = claim["question_id"]
        if rule["test"] in SHARE_TESTS:
            needs = {"share": (question_id, claim["options"])}
        else:
            needs = {pole: (question_id, ";".join(data.pole_options(survey, question_id, pole))) for pole in data.POLES}
        plan.append((claim["claim_id"], rule["test"], float(rule["lower"]), float(rule["upper"]), needs))
    table = _lookup(shares)
    rows = []
    for reading in readings(survey).itertuples(index=False):
        key = tuple(getattr(reading, c) for c in READING_COLUMNS)
        keep = tuple("keep" if c == "dont_know" else v for c, v in zip(READING_COLUMNS, key))
        for claim_id, test, lower, upper, needs in plan:
            if test in SHARE_TESTS:
                ranges = {name: table[key + share][3:] for name, share in needs.items()}
                extent = evaluate(test, lower, upper, ranges)
            else:  # the balance reading of the audit: positive minus negative, all respondents
                (_, pos, n, _, _), (_, neg, _, _, _) = (table[keep + needs[pole]] for pole in data.POLES)
                _, low, high = stats.balance_interval(pos, neg, n, 1.0 - reading.confidence, reading.deff)
                extent = "all" if (low <= 0 <= high if test == "divided" else high < 0) else "none"
            rows.append({**dict(zip(READING_COLUMNS, key)), "claim_id": claim_id, "holds_in_ci": extent})
    grid = pd.DataFrame(rows)
    return _with_holm(survey, grid, table)


def _with_holm(survey: data.Survey, grid: pd.DataFrame, table: dict) -> pd.DataFrame:
    """Add each verdict's p-value and Holm survival, the family being the claims of one reading.

    ``grid`` has one row per reading and claim in reading order (as :func:`verdict_grid` builds
    it). The p-values depend on the counts and deff only (not the interval method or level):
    :func:`helpers.inference.multiplicity.claim_p_values` once per (don't-know, scenario, rounding, deff)
    and claim; Holm's adjustment for all readings at once (:func:`helpers.inference.multiplicity.holm_adjust`)
    at each reading's alpha.
    """
    claims = verbal_claims(survey).to_dict("records")
    rows = readings(survey)
    pairs: dict = {}
    for reading in rows.drop_duplicates(["dont_know", "n_scenario", "rounding", "deff"]).itertuples(index=False):
        key = tuple(getattr(reading, c) for c in READING_COLUMNS)
        settings = params.Settings(n_scenario=reading.n_scenario, rounding=reading.rounding,
                                   dont_know=reading.dont_know, deff=reading.deff)

        keep = tuple("keep" if c == "dont_know" else v for c, v in zip(READING_COLUMNS, key))

        def counts(question_id: str, options: list[str], key: tuple = key) -> tuple[float, float]:
            _, count, n, _, _ = table[key + (question_id, ";".join(options))]
            return count, n

        def counts_keep(question_id: str, options: list[str], key: tuple = keep) -> tuple[float, float]:
            _, count, n, _, _ = table[key + (question_id, ";".join(options))]
            return count, n

        pairs[(reading.dont_know, reading.n_scenario, reading.rounding, reading.deff)] = np.array(
            [multiplicity.claim_p_values(survey, claim, settings, counts, counts_keep) for claim in claims])
    shape = (len(rows), len(claims))
    extent = grid["holds_in_ci"].to_numpy().reshape(shape)
    both = np.stack([pairs[(d, sc, r, f)] for d, sc, r, f in
                     zip(rows["dont_know"], rows["n_scenario"], rows["rounding"], rows["deff"])])  # (R, C, 2)
    p_holds, p_fails = both[..., 0], both[..., 1]
    chosen = np.where((extent == "all") | ((extent == "some") & (p_holds <= p_fails)), p_holds, p_fails)
    alpha = 1.0 - rows["confidence"].to_numpy(dtype=float)
    adjusted = multiplicity.holm_adjust(chosen, 0.0)[1]
    survives = (adjusted <= alpha[:, None]) & (extent != "some")
    grid["p_value"] = chosen.reshape(-1)
    grid["p_holm"] = adjusted.reshape(-1)
    grid["survives"] = survives.reshape(-1)
    return grid


STATUS_DIMENSIONS = ["n_scenario", "rounding", "confidence", "deff"]  # what an audit status depends on


def status_grid(survey: data.Survey) -> pd.DataFrame:
    """Every claim's audit status per (n scenario, rounding, confidence, deff): the choices a status depends on.

    Most statuses depend on the n scenario and the rounding rule only (the rounding ranges); the
    claims on the balance of a scale (rule tests in :data:`helpers.POLE_TESTS`) also read the
    balance interval, at the run's level and design effect, so theirs are recomputed for every
    level and design effect (:func:`helpers.audit.claims.claim_status`). The interval method and don't-know
    choice change no status (the balance reading keeps don't-know; tests check every combination).
    Columns: :data:`STATUS_DIMENSIONS`, claim_id, status.
    """
    dims = dimensions(survey)
    # every claim with a declared hypothesis is decided by an interval at the run's level and design effect
    on_balance = [claim["claim_id"] for claim in survey.claims.to_dict("records") if claim["hypothesis_id"]]
    rows = []
    for scenario, rounding in itertools.product(dims["n_scenario"], dims["rounding"]):
        checked = check_claims(survey, params.Settings(n_scenario=scenario, rounding=rounding))
        base = dict(zip(checked["claim_id"], checked["status"]))
        for confidence, deff in itertools.product(dims["confidence"], dims["deff"]):
            settings = params.Settings(n_scenario=scenario, rounding=rounding, confidence=confidence, deff=deff)
            status = {**base, **{claim_id: claim_status(survey, claim_id, settings) for claim_id in on_balance}}
            rows += [{"n_scenario": scenario, "rounding": rounding, "confidence": confidence, "deff": deff,
                      "claim_id": claim_id, "status": value} for claim_id, value in status.items()]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- robustness per item

def _outcomes(survey: data.Survey, findings: pd.DataFrame, verdicts: pd.DataFrame,
              statuses: pd.DataFrame) -> pd.DataFrame:
    """One long frame: reading columns, item, kind, outcome (a string), for every item and reading."""
    frames = [
        findings.assign(item=findings["question_id"], kind="finding",
                        outcome=np.where(findings["holds"], "holds", "not shown"))[READING_COLUMNS + ["item", "kind",
                                                                                                     "outcome"]],
        verdicts.assign(item=verdicts["claim_id"], kind="interval verdict",
                        outcome=verdicts["holds_in_ci"])[READING_COLUMNS + ["item", "kind", "outcome"]],
        verdicts.assign(item=verdicts["claim_id"], kind="verdict after Holm",
                        outcome=np.where(verdicts["survives"], "survives",
                                         np.where(verdicts["holds_in_ci"] == "some", "no verdict", "does not survive")))
        [READING_COLUMNS + ["item", "kind", "outcome"]],
        readings(survey).merge(statuses, on=STATUS_DIMENSIONS).assign(kind="status")
        .rename(columns={"claim_id": "item", "status": "outcome"})[READING_COLUMNS + ["item", "kind", "outcome"]],
    ]
    return pd.concat(frames, ignore_index=True)


def robustness(survey: data.Survey, findings: pd.DataFrame, verdicts: pd.DataFrame,
               statuses: pd.DataFrame) -> pd.DataFrame:
    """Per item (finding, interval verdict, verdict after Holm, audit status): how robust its outcome is.

    Columns: kind, item, reference (the outcome in :data:`REFERENCE`), same (readings with that
    outcome), readings (their number), outcomes (each outcome with its count, ";"-joined, most
    frequent first), flipped_by (the single changes of one choice from the reference that change
    the outcome, as "dimension=value", ";"-joined; empty if none).
    """
    long = _outcomes(survey, findings, verdicts, statuses)
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
    values = np.full((len(items), int(np.prod(shape))), np.nan, dtype=object)
    values[item_codes, reading] = long["outcome"].to_numpy(dtype=object)
    reference_at = int(np.ravel_multi_index([dims[c].index(REFERENCE[c]) for c in READING_COLUMNS], shape))
    singles = []
    for column in READING_COLUMNS:
        for value in dims[column]:
            if value != REFERENCE[column]:
                changed = [dims[c].index(value if c == column else REFERENCE[c]) for c in READING_COLUMNS]
                label = f"{column}={value:g}" if isinstance(value, float) else f"{column}={value}"
                singles.append((label, int(np.ravel_multi_index(changed, shape))))
    rows = []
    for (kind, item), outcomes in zip(items, values):
        ref = outcomes[reference_at]
        tally = collections.Counter(outcomes.tolist())
        ranked = sorted(tally.items(), key=lambda pair: (-pair[1], pair[0]))  # most frequent first, then by name
        rows.append({"kind": kind, "item": item, "reference": ref, "same": int(tally[ref]),
                     "readings": len(outcomes),
                     "outcomes": ";".join(f"{outcome}:{count}" for outcome, count in ranked),
                     "flipped_by": ";".join(label for label, at in singles if outcomes[at] != ref)})
    return pd.DataFrame(rows)


@dataclasses.dataclass
class Multiverse:
    """The whole grid: shares, findings, verdicts, statuses and the per-item robustness summary."""

    shares: pd.DataFrame
    findings: pd.DataFrame
    verdicts: pd.DataFrame
    statuses: pd.DataFrame
    summary: pd.DataFrame


def run(survey: data.Survey) -> Multiverse:
    """Compute the whole multiverse once (kept in ``survey.views``; callers get the same object)."""
    key = ("multiverse",)
    if key not in survey.views:
        counts = base_counts(survey)
        shares = share_grid(survey, counts)
        findings = findings_grid(survey, shares, counts)
        verdicts = verdict_grid(survey, shares)
        statuses = status_grid(survey)
        survey.views[key] = Multiverse(shares, findings, verdicts, statuses,
                                       robustness(survey, findings, verdicts, statuses))
    return survey.views[key]
