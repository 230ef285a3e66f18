"""Every claim's verdict as a language-free record: outcome code, numbers, ranges and readings.

:func:`verdicts` is the audit's one decision: one row per claim of ``claims.csv`` with

* ``outcome`` (:data:`OUTCOMES`): ``supported`` / ``contradicted`` / ``undetermined`` from the
  claim's declared hypothesis (:mod:`helpers.audit.hypotheses`); ``depends_on_reading`` when a
  plausible second reading of the claim (``claims.csv`` ``alt_reading``) gives another outcome
  (both are in ``readings``); ``not_verifiable`` when no published figure measures the claim
  (causal and qualitative claims); ``transcription`` when the claim only repeats printed figures
  (a share, a sum or remainder of printed shares, the sample size): the figure against itself,
  which cannot fail unless the article contradicts its own chart (then ``contradicted``);
* the deciding numbers: ``estimate``, ``ci_low``/``ci_high`` (the deciding interval, percent or
  points), ``level``, ``p_holds``/``p_fails``, ``n``; the hypothesis's ``quantity``,
  ``comparator``, ``threshold``, ``upper``, ``margin``, ``test`` and ``scope``;
* ``shares_with``: the other claims that test the same hypothesis, and ``counted``: whether the
  row counts in the verdict totals (each hypothesis once, at its first claim; transcription rows
  never). Wording is :mod:`helpers.words.verdict_text`'s business; nothing here takes a language.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from ..core import data
from ..core.params import Settings
from ..inference import stats
from . import hypotheses
from .ranges import printed_share, share_range

OUTCOMES = ("supported", "contradicted", "undetermined", "depends_on_reading", "not_verifiable", "transcription")
DECISIVE = ("supported", "contradicted")
TRANSCRIPTION_METHODS = ("single", "sum", "remainder", "sample_size")
VERDICT_COLUMNS = [
    "claim_id", "method", "hypothesis_id", "outcome", "quantity", "comparator", "threshold", "upper", "margin",
    "test", "scope", "n", "estimate", "ci_low", "ci_high", "level", "p_holds", "p_fails", "readings",
    "shares_with", "counted",
]


def _options(cell: str) -> list[str]:
    return [option for option in str(cell).split(";") if option]


def _reading_outcome(decisions: list[hypotheses.Decision]) -> str:
    """One reading's outcome from one or more decisions (a per-option reading: each option on its own
    must be supported; one contradicted option contradicts it)."""
    outcomes = {decision.outcome for decision in decisions}
    if outcomes == {"supported"}:
        return "supported"
    return "contradicted" if "contradicted" in outcomes else "undetermined"


def reading_options(survey: data.Survey, claim: dict) -> list[tuple[str, str, list[list[str]] | None]]:
    """The readings of one claim with a hypothesis: ``(name, hypothesis_id, groups)``, ``groups`` None
    for the hypothesis's own options, else one options list per decision (a per-option reading
    decides each option on its own). The claim's own reading (``as_printed``) first, then its
    ``alt_reading``, if any: ``title_polarity`` and ``per_option`` decide the claim's hypothesis on
    other options, ``other_hypothesis`` and ``both_poles`` decide another declared hypothesis (``alt_hypothesis_id``)."""
    own = claim["hypothesis_id"]
    out: list[tuple[str, str, list[list[str]] | None]] = [("as_printed", own, None)]
    alt = claim.get("alt_reading", "")
    if alt == "title_polarity":
        out.append((alt, own, [_options(claim["alt_options"])]))
    elif alt == "per_option":
        out.append((alt, own, [[option] for option in _options(hypotheses.hypothesis_row(survey, own)["options"])]))
    elif alt in data.HYPOTHESIS_READINGS:
        out.append((alt, claim["alt_hypothesis_id"], None))
    return out


def readings_of(survey: data.Survey, claim: dict, settings: Settings, n: int | None = None,
                threshold: float | None = None, margin: float | None = None) -> list[tuple]:
    """The readings of one checkable claim (:func:`reading_options`): ``(name, outcome, estimate, low,
    high, quantity)`` each (percent for a share, points for a difference or balance); a per-option
    reading is supported when every option is, and shows the estimate and interval of the largest.
    ``n``, ``threshold``, ``margin``: as :func:`hypotheses.evaluate`, for the claim's own hypothesis;
    a reading that decides another hypothesis keeps that one's threshold and margin, and takes ``n``
    only when its (first) item is the claim's."""
    own = claim["hypothesis_id"]
    question_id = hypotheses.hypothesis_row(survey, own)["question_id"]
    out = []
    for name, hypothesis_id, groups in reading_options(survey, claim):
        row = hypotheses.hypothesis_row(survey, hypothesis_id)
        same = hypothesis_id == own
        each = [hypotheses.evaluate(survey, hypothesis_id, settings, n=n if row["question_id"] == question_id else None,
                                    options=group, threshold=threshold if same else None,
                                    margin=margin if same else None)
                for group in (groups or [None])]
        shown = max(each, key=lambda decision: decision.estimate)
        out.append((name, _reading_outcome(each), shown.estimate, shown.low, shown.high, row["quantity"]))
    return out


def interval_requests(survey: data.Survey, settings: Settings) -> list[tuple]:
    """Every proportion interval that :func:`verdicts` under ``settings`` computes, as
    :func:`helpers.audit.hypotheses.interval_requests` gives them, over every claim's readings
    (:func:`reading_options`): for :func:`helpers.inference.intervals.prime`."""
    out = []
    for claim in _claim_rows(survey):
        if claim["hypothesis_id"]:
            for _, hypothesis_id, groups in reading_options(survey, claim):
                for group in groups or [None]:
                    out += hypotheses.interval_requests(survey, hypothesis_id, settings, options=group)
    return out


def outcome_of(readings: list[tuple]) -> str:
    """The claim's outcome from its readings: the one outcome they share, else ``depends_on_reading``."""
    outcomes = {reading[1] for reading in readings}
    return readings[0][1] if len(outcomes) == 1 else "depends_on_reading"


def _transcription(survey: data.Survey, claim: dict, settings: Settings) -> dict:
    """A printed figure against the table it comes from: ``transcription`` if it fits, else contradicted.
    It reads only the item's n and the rounding model: memoised per survey on those (a copy each)."""
    n = data.n_for(survey, claim["question_id"], settings.n_scenario)
    key = ("transcription", claim["claim_id"], n, stats.rounding_of(settings))
    if key not in survey.views:
        survey.views[key] = _transcribed(survey, claim, n, settings)
    return dict(survey.views[key])


def _transcribed(survey: data.Survey, claim: dict, n: int, settings: Settings) -> dict:
    """:func:`_transcription`, computed."""
    question_id, method = claim["question_id"], claim["method"]
    published = None if pd.isna(claim["published"]) else float(claim["published"])
    if method == "sample_size":
        stated = data.question(survey, question_id)["n"]
        fits = not pd.isna(stated) and stats.fits(survey, question_id, int(stated), "both")
        ok = fits and published == float(stated)
        return {"outcome": "transcription" if ok else "contradicted", "n": n, "estimate": float(published or 0)}
    options = _options(claim["options"])
    low, high = share_range(survey, question_id, options, n, rounding=stats.rounding_of(settings))[:2]
    if method == "single":
        ok = printed_share(survey, question_id, options) == published
    else:
        target = published if published is not None else printed_share(survey, question_id, options)
        ok = target - 0.5 <= high and target + 0.5 >= low
    return {"outcome": "transcription" if ok else "contradicted", "n": n, "estimate": published,
            "ci_low": low, "ci_high": high}


def _checked(survey: data.Survey, claim: dict, settings: Settings) -> dict:
    """A claim with a declared hypothesis: its readings, outcome and the deciding numbers. Memoised per
    survey on what its decisions read (:func:`helpers.audit.hypotheses.decision_inputs` of each
    hypothesis its readings decide), so readings that differ elsewhere share it (a copy each)."""
    if "checked_hypotheses" not in survey.views:
        survey.views["checked_hypotheses"] = {
            row["claim_id"]: tuple(dict.fromkeys(h for _, h, _ in reading_options(survey, row)))
            for row in _claim_rows(survey) if row["hypothesis_id"]}
    involved = survey.views["checked_hypotheses"][claim["claim_id"]]
    key = ("checked", claim["claim_id"], tuple(hypotheses.decision_inputs(survey, h, settings) for h in involved))
    if key not in survey.views:
        survey.views[key] = _check(survey, claim, settings)
    return dict(survey.views[key])


def _check(survey: data.Survey, claim: dict, settings: Settings, n: int | None = None) -> dict:
    """:func:`_checked`, computed."""
    row = hypotheses.hypothesis_row(survey, claim["hypothesis_id"])
    main = hypotheses.evaluate(survey, claim["hypothesis_id"], settings, n=n)
    readings = readings_of(survey, claim, settings, n=n)
    return {"outcome": outcome_of(readings), "readings": tuple(readings), "n": main.n, "estimate": main.estimate,
            "ci_low": main.low, "ci_high": main.high, "level": main.level, "p_holds": main.p_holds,
            "p_fails": main.p_fails,
            **{column: row[column] for column in ("quantity", "comparator", "threshold", "upper", "margin", "test",
                                                  "scope")}}


def _claim_rows(survey: data.Survey) -> list[dict]:
    if "verdict_claims" not in survey.views:
        survey.views["verdict_claims"] = survey.claims.to_dict("records")
    return [dict(row) for row in survey.views["verdict_claims"]]


def claim_outcome(survey: data.Survey, claim_id: str, settings: Settings, n: int | None = None,
                  threshold: float | None = None, margin: float | None = None) -> str:
    """The outcome of one claim under ``settings``; ``n``, ``threshold``, ``margin`` replace the item's
    n and the hypothesis's threshold or margin (:func:`hypotheses.evaluate`): the tipping points.
    KeyError for an unknown claim."""
    rows = {row["claim_id"]: row for row in _claim_rows(survey)}
    if claim_id not in rows:
        raise KeyError(f"unknown claim_id {claim_id!r}; known: {', '.join(rows)}")
    claim = rows[claim_id]
    if claim["hypothesis_id"]:
        return outcome_of(readings_of(survey, claim, settings, n, threshold, margin))
    if claim["method"] in TRANSCRIPTION_METHODS:
        return _transcription(survey, claim, settings)["outcome"]
    return "not_verifiable"


def verdicts(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Every claim's verdict record (columns :data:`VERDICT_COLUMNS`), in ``claims.csv`` order.

    Language-free: codes, numbers (percent for shares, points for differences and balances) and
    readings (a tuple of ``(reading, outcome, estimate, low, high, quantity)``). Memoised per survey and settings
    (each caller gets a copy).
    """
    key = ("verdicts", settings)
    if key not in survey.views:
        survey.views[key] = verdict_table(verdict_records(survey, settings))
    return survey.views[key].copy()


def verdict_records(survey: data.Survey, settings: Settings) -> list[dict]:
    """The rows of :func:`verdicts` as dicts (not memoised): the multiverse joins 972 readings' rows
    into one :func:`verdict_table` rather than building a frame per reading."""
    if "verdict_bases" not in survey.views:  # what every reading's record of a claim starts from
        survey.views["verdict_bases"] = _record_bases(_claim_rows(survey))
    rows = []
    for claim, base in survey.views["verdict_bases"]:
        record = dict(base)
        if claim["hypothesis_id"]:
            record.update(_checked(survey, claim, settings))
            record["shares_with"], record["counted"] = base["shares_with"], base["counted"]
        elif claim["method"] in TRANSCRIPTION_METHODS:
            record.update(_transcription(survey, claim, settings))
            record["counted"] = record["outcome"] != "transcription"
        else:
            record.update({"outcome": "not_verifiable", "counted": True})
            if claim["question_id"]:
                record["n"] = data.n_for(survey, claim["question_id"], settings.n_scenario)
        rows.append(record)
    return rows


def _record_bases(claims: list[dict]) -> list[tuple[dict, dict]]:
    """Per claim: (the claim, its record before its outcome): ids, empty numbers and, for a claim with a
    hypothesis, ``shares_with`` and ``counted`` (each hypothesis counted at its first claim)."""
    sharing: dict[str, list[str]] = {}
    for claim in claims:
        if claim["hypothesis_id"]:
            sharing.setdefault(claim["hypothesis_id"], []).append(claim["claim_id"])
    out = []
    for claim in claims:
        empty = {column: float("nan") for column in ("threshold", "upper", "margin", "estimate", "ci_low", "ci_high",
                                                     "level", "p_holds", "p_fails")}
        base = {**empty, "claim_id": claim["claim_id"], "method": claim["method"],
                "hypothesis_id": claim["hypothesis_id"], "quantity": "", "comparator": "", "test": "",
                "scope": "", "n": pd.NA, "readings": (), "shares_with": ()}
        hypothesis_id = claim["hypothesis_id"]
        if hypothesis_id:
            base["shares_with"] = tuple(c for c in sharing[hypothesis_id] if c != claim["claim_id"])
            base["counted"] = sharing[hypothesis_id][0] == claim["claim_id"]
        out.append((claim, base))
    return out


def verdict_table(rows: list[dict]) -> pd.DataFrame:
    """The frame of :func:`verdicts` from :func:`verdict_records` (of one reading or many, in order)."""
    table = pd.DataFrame(rows, columns=VERDICT_COLUMNS)
    table["n"] = pd.array(table["n"], dtype="Int64")
    bad = set(table["outcome"]) - set(OUTCOMES)
    if bad:  # a programming error, never a data problem
        raise AssertionError(f"unknown outcome(s) {bad}")
    return table


def counts(table: pd.DataFrame) -> dict[str, int]:
    """The verdict totals of :func:`verdicts`: each hypothesis once (``counted`` rows), transcription apart.

    Keys: ``claims`` (all rows), ``transcription`` (rows that repeat a printed figure), ``hypotheses``
    (distinct hypotheses decided), one key per outcome of the counted rows, and ``shared`` (claims that
    test a hypothesis another claim already tests, not counted again).
    """
    counted = table[table["counted"]]
    out = {"claims": int(len(table)), "transcription": int((table["outcome"] == "transcription").sum()),
           "hypotheses": int(table.loc[table["hypothesis_id"] != "", "hypothesis_id"].nunique()),
           "shared": int(((table["hypothesis_id"] != "") & ~table["counted"]).sum())}
    for outcome in OUTCOMES:
        if outcome != "transcription":
            out[outcome] = int((counted["outcome"] == outcome).sum())
    return out


def family_p(table: pd.DataFrame) -> pd.DataFrame:
    """Per row of :func:`verdicts`: whether it enters the Holm family (``in_family``: a counted row with a
    hypothesis, so each hypothesis once), the ``direction`` its interval decides ("holds" when the
    claim's own reading is supported, or undetermined with ``p_holds <= p_fails``; else "fails"), that
    direction's ``p_value``, and ``verdict`` (the own reading is supported or contradicted). Vectorised:
    the multiverse asks for 972 readings at once."""
    own = pd.Series([reading[0][1] if len(reading) else "" for reading in table["readings"]], index=table.index)
    holds = (own == "supported") | ((own == "undetermined") & (table["p_holds"] <= table["p_fails"]))
    return pd.DataFrame({
        "in_family": (table["hypothesis_id"] != "") & table["counted"].astype(bool),
        "outcome": own, "direction": holds.map({True: "holds", False: "fails"}),
        "p_value": table["p_holds"].where(holds, table["p_fails"]).astype(float),
        "verdict": own.isin(DECISIVE)}, index=table.index)


def holm_family(table: pd.DataFrame) -> pd.DataFrame:
    """The Holm family of :func:`verdicts`: one row per hypothesis (its first claim's record), with the
    claims that share it; the p-value of the direction the interval decides (:func:`family_p`).
    Columns: hypothesis_id, claim_ids, test, comparator, outcome (of the claim's own reading),
    direction, p_value, verdict."""
    chosen = family_p(table)
    rows = table[chosen["in_family"]]
    chosen = chosen[chosen["in_family"]]
    return pd.DataFrame({
        "hypothesis_id": rows["hypothesis_id"].to_numpy(),
        "claim_ids": [(claim, *shared) for claim, shared in zip(rows["claim_id"], rows["shares_with"])],
        "test": rows["test"].to_numpy(), "comparator": rows["comparator"].to_numpy(),
        "outcome": chosen["outcome"].to_numpy(), "direction": chosen["direction"].to_numpy(),
        "p_value": chosen["p_value"].to_numpy(dtype=float), "verdict": chosen["verdict"].to_numpy(dtype=bool)},
        columns=["hypothesis_id", "claim_ids", "test", "comparator", "outcome", "direction", "p_value", "verdict"])


def holm(family: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """:func:`holm_family` with Holm's step-down adjustment over the family at ``alpha``
    (statsmodels ``multipletests(method="holm")``, family-wise error): adds ``p_holm`` and ``survives``
    (a verdict of the deciding interval whose adjusted p is at most alpha); and, beside it, the
    Benjamini-Hochberg adjustment (``method="fdr_bh"``, false discovery rate, a weaker promise than
    Holm's): ``p_bh`` and ``survives_bh``. ``alpha`` a proportion in (0, 1)."""
    if family.empty:
        return family.assign(p_holm=pd.Series(dtype=float), survives=pd.Series(dtype=bool),
                             p_bh=pd.Series(dtype=float), survives_bh=pd.Series(dtype=bool))
    p_values = tuple(family["p_value"].to_numpy(dtype=float).tolist())
    decided = family["verdict"].to_numpy(dtype=bool)
    reject, adjusted = _adjusted(p_values, float(alpha), "holm")
    reject_bh, adjusted_bh = _adjusted(p_values, float(alpha), "fdr_bh")
    return family.assign(p_holm=np.array(adjusted, dtype=float), survives=decided & np.array(reject, dtype=bool),
                         p_bh=np.array(adjusted_bh, dtype=float), survives_bh=decided & np.array(reject_bh, dtype=bool))


@functools.lru_cache(maxsize=512)
def _adjusted(p_values: tuple[float, ...], alpha: float, method: str) -> tuple[tuple[bool, ...], tuple[float, ...]]:
    """statsmodels' ``multipletests`` (reject, adjusted p) of a family under ``method`` ("holm" or
    "fdr_bh"), memoised on its p-values: each call runs a garbage collection, and the audit asks for the
    same family several times."""
    reject, adjusted, _, _ = multipletests(np.array(p_values, dtype=float), alpha=alpha, method=method)
    return tuple(bool(r) for r in reject), tuple(float(a) for a in adjusted)
