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

import pandas as pd

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


def readings_of(survey: data.Survey, claim: dict, settings: Settings, n: int | None = None) -> list[tuple]:
    """The readings of one checkable claim: ``(name, outcome, estimate, low, high)`` each, the claim's
    own reading first (``as_printed``: the options as the text names them), then its ``alt_reading``
    (``per_option``: each option on its own, estimate and interval of the largest; ``title_polarity``:
    the ``alt_options`` the chart title points at), if any. ``n``: as :func:`hypotheses.evaluate`."""
    hypothesis_id = claim["hypothesis_id"]
    main = hypotheses.evaluate(survey, hypothesis_id, settings, n=n)
    out = [("as_printed", main.outcome, main.estimate, main.low, main.high)]
    alt = claim.get("alt_reading", "")
    if alt == "title_polarity":
        other = hypotheses.evaluate(survey, hypothesis_id, settings, n=n, options=_options(claim["alt_options"]))
        out.append((alt, other.outcome, other.estimate, other.low, other.high))
    elif alt == "per_option":
        each = [hypotheses.evaluate(survey, hypothesis_id, settings, n=n, options=[option])
                for option in _options(hypotheses.hypothesis_row(survey, hypothesis_id)["options"])]
        largest = max(each, key=lambda decision: decision.estimate)
        out.append((alt, _reading_outcome(each), largest.estimate, largest.low, largest.high))
    return out


def outcome_of(readings: list[tuple]) -> str:
    """The claim's outcome from its readings: the one outcome they share, else ``depends_on_reading``."""
    outcomes = {reading[1] for reading in readings}
    return readings[0][1] if len(outcomes) == 1 else "depends_on_reading"


def _transcription(survey: data.Survey, claim: dict, settings: Settings) -> dict:
    """A printed figure against the table it comes from: ``transcription`` if it fits, else contradicted."""
    question_id, method = claim["question_id"], claim["method"]
    n = data.n_for(survey, question_id, settings.n_scenario)
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


def _checked(survey: data.Survey, claim: dict, settings: Settings, n: int | None = None) -> dict:
    """A claim with a declared hypothesis: its readings, outcome and the deciding numbers."""
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


def claim_outcome(survey: data.Survey, claim_id: str, settings: Settings, n: int | None = None) -> str:
    """The outcome of one claim under ``settings`` (``n``: the claim's item at that n instead; the
    tipping points over n). KeyError for an unknown claim."""
    rows = {row["claim_id"]: row for row in _claim_rows(survey)}
    if claim_id not in rows:
        raise KeyError(f"unknown claim_id {claim_id!r}; known: {', '.join(rows)}")
    claim = rows[claim_id]
    if claim["hypothesis_id"]:
        return _checked(survey, claim, settings, n)["outcome"]
    if claim["method"] in TRANSCRIPTION_METHODS:
        return _transcription(survey, claim, settings)["outcome"]
    return "not_verifiable"


def verdicts(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Every claim's verdict record (columns :data:`VERDICT_COLUMNS`), in ``claims.csv`` order.

    Language-free: codes, numbers (percent for shares, points for differences and balances) and
    readings (a tuple of ``(reading, outcome, estimate, low, high)``). Memoised per survey and settings
    (each caller gets a copy).
    """
    key = ("verdicts", settings)
    if key not in survey.views:
        survey.views[key] = _verdicts(survey, settings)
    return survey.views[key].copy()


def _verdicts(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    claims = _claim_rows(survey)
    sharing: dict[str, list[str]] = {}
    for claim in claims:
        if claim["hypothesis_id"]:
            sharing.setdefault(claim["hypothesis_id"], []).append(claim["claim_id"])
    rows = []
    for claim in claims:
        empty = {column: float("nan") for column in ("threshold", "upper", "margin", "estimate", "ci_low", "ci_high",
                                                     "level", "p_holds", "p_fails")}
        record = {**empty, "claim_id": claim["claim_id"], "method": claim["method"],
                  "hypothesis_id": claim["hypothesis_id"], "quantity": "", "comparator": "", "test": "",
                  "scope": "", "n": pd.NA, "readings": (), "shares_with": ()}
        hypothesis_id = claim["hypothesis_id"]
        if hypothesis_id:
            record.update(_checked(survey, claim, settings))
            record["shares_with"] = tuple(c for c in sharing[hypothesis_id] if c != claim["claim_id"])
            record["counted"] = sharing[hypothesis_id][0] == claim["claim_id"]
        elif claim["method"] in TRANSCRIPTION_METHODS:
            record.update(_transcription(survey, claim, settings))
            record["counted"] = record["outcome"] != "transcription"
        else:
            record.update({"outcome": "not_verifiable", "counted": True})
            if claim["question_id"]:
                record["n"] = data.n_for(survey, claim["question_id"], settings.n_scenario)
        rows.append(record)
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


def holm_family(table: pd.DataFrame) -> pd.DataFrame:
    """The Holm family of :func:`verdicts`: one row per hypothesis (its first claim's record), with the
    claims that share it; the p-value of the direction the interval decides (``p_value``: ``p_holds``
    when supported, ``p_fails`` when contradicted, else the smaller). Columns: hypothesis_id, claim_ids,
    test, comparator, outcome (of the claim's own reading), direction, p_value, verdict."""
    decided = table[(table["hypothesis_id"] != "") & table["counted"]]
    rows = []
    for _, row in decided.iterrows():
        own = row["readings"][0][1]
        if own == "supported" or (own == "undetermined" and row["p_holds"] <= row["p_fails"]):
            direction, p = "holds", row["p_holds"]
        else:
            direction, p = "fails", row["p_fails"]
        rows.append({"hypothesis_id": row["hypothesis_id"], "claim_ids": (row["claim_id"], *row["shares_with"]),
                     "test": row["test"], "comparator": row["comparator"], "outcome": own, "direction": direction,
                     "p_value": float(p), "verdict": own in DECISIVE})
    return pd.DataFrame(rows, columns=["hypothesis_id", "claim_ids", "test", "comparator", "outcome", "direction",
                                       "p_value", "verdict"])
