"""The audit's claims table in the report's language: every claim's verdict (its outcome,
:mod:`helpers.audit.verdicts`) with the facts of its check (:func:`helpers.audit.claims.claim_facts`)
worded by :mod:`helpers.words.claim_notes`; the headline sentence and the summary table shown first."""

from __future__ import annotations

import pandas as pd

from ..audit import verdicts as verdict_records
from ..audit.claims import CLAIM_COLUMNS, claim_facts, claim_rows, headline, split_options
from ..audit.ranges import share_range
from ..core import data
from ..core.params import Settings
from ..inference import stats
from . import labels, verdict_text
from .audit_text import claim_name, claim_note, claim_wording, clause, n_assumed, notes_text, text
from .claim_notes import worded

# the numbers a check may leave out (a causal claim has no n, a printed n no range, ...)
EMPTY_FIELDS = {"n": pd.NA, "value": float("nan"), "range_low": float("nan"), "range_high": float("nan"),
                "share": float("nan"), "ci_low": float("nan"), "ci_high": float("nan"), "holds_in_ci": ""}


def check_claims(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Every claim of ``claims.csv`` with its point, range, status and a note on why, in ``settings.lang``.

    Columns: see :data:`helpers.audit.claims.CLAIM_COLUMNS`. ``value`` is the share at the tables' point
    counts (for comparisons: the difference of two such shares), ``range_low``/``range_high`` its rounding
    range at the scenario's ``n`` (in %), ``recomputed`` both as text (the point inside the
    range). ``share``/``ci_low``/``ci_high`` are the sampling interval of a verbal claim's share
    under ``settings`` (for the balance of a scale: of the positive-minus-negative difference, in
    points) and ``holds_in_ci`` whether its rule holds for all, some or none of it.
    """
    lang = settings.lang
    records = verdict_records.verdicts(survey, settings).set_index("claim_id", drop=False)
    names = {row["claim_id"]: claim_name(row, lang) for row in survey.claims.to_dict("records")}
    rows = []
    for claim in map(dict, claim_rows(survey).values()):  # in file order
        facts = claim_facts(survey, claim, settings)
        fields = {**EMPTY_FIELDS, **{key: value for key, value in facts.items() if key in EMPTY_FIELDS},
                  **worded(survey, claim, facts, settings.n_scenario, lang)}
        record = records.loc[claim["claim_id"]].to_dict()
        fields.update(_verdict_fields(survey, claim, record, fields, settings, names))
        own = claim_note(claim, lang)
        if own and claim["method"] not in ("causal", "qualitative") and record["scope"] not in ("narrower_item", "other_item"):
            fields["note"] = f"{fields['note']}; {clause(own)}"
        base = {column: claim[column] for column in ("claim_id", "section", "phrase_nl", "claim_en", "method",
                                                     "question_id", "options", "rule_id", "published",
                                                     "hypothesis_id")}
        if claim["method"] in ("comparison", "frechet", "causal"):
            other = claim["other_question_id"] + (":" + claim["other_options"] if claim["other_options"] else "")
            base["options"] = " vs ".join(part for part in (claim["options"], other) if part)
        rows.append({**base, **fields})
    table = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    table["section"] = table["section"].astype(str)
    table["n"] = pd.array(table["n"], dtype="Int64")
    for column in ("published", "value", "range_low", "range_high", "share", "ci_low", "ci_high", "level"):
        table[column] = table[column].astype(float)
    table["counted"] = table["counted"].astype(bool)
    bad = set(table["status"]) - set(verdict_records.OUTCOMES)
    if bad:  # a programming error, never a data problem
        raise AssertionError(f"unknown status(es) {bad}")
    return table


def _verdict_fields(survey: data.Survey, claim: dict, record: dict, fields: dict, settings: Settings,
                    names: dict[str, str]) -> dict:
    """The columns a claim's verdict record decides: status (its outcome code), whether it is counted, and
    for a claim with a declared hypothesis its rule, note and deciding interval (in ``settings.lang``)."""
    out = {"status": record["outcome"], "counted": bool(record["counted"]), "shares_with": ";".join(record["shares_with"]),
           "level": record["level"]}
    if not claim["hypothesis_id"]:
        if record["outcome"] == "transcription":
            out["note"] = "; ".join(part for part in (verdict_text.text("note.transcription", settings.lang),
                                                      fields["note"]) if part)
        return out
    assumed = n_assumed(survey, claim["question_id"], settings.lang, scenario=settings.n_scenario, inside=True)
    numbers = fields["note"] if claim["method"] != "verbal" else ""  # a comparison's two shares and bounds
    if claim["method"] == "verbal" and split_options(claim["options"]):  # an option printed in words: how it is recomputed
        notes = share_range(survey, claim["question_id"], split_options(claim["options"]), int(record["n"]),
                            stats.rounding_of(settings))[2]
        numbers = notes_text(notes, settings.lang)
    note = verdict_text.verdict_note(record, settings.lang, names, assumed, clause(claim_note(claim, settings.lang)))
    rule = verdict_text.hypothesis_text(record, settings.lang)
    if claim["rule_id"]:  # the article's word first: "large majority: share ≥ 66.67%"
        rule = f"{data.rule_row(survey, claim['rule_id'])[f'term_{settings.lang}']}: {rule}"
    return {**out, "rule": rule,
            "note": "; ".join(part for part in (note, numbers) if part),
            "share": record["estimate"], "ci_low": record["ci_low"], "ci_high": record["ci_high"]}


def headline_text(checked: pd.DataFrame, lang: str = "en") -> str:
    """:func:`helpers.audit.claims.headline` as one sentence in ``lang`` (the audit notebook shows it first)."""
    return text("headline", lang, **headline(checked))


def summary(checked: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The main table: claim, published, recomputed, status, note (claim and status in ``lang``)."""
    labels.check_lang(lang)
    table = pd.DataFrame({
        "claim_id": checked["claim_id"],
        "claim": claim_wording(checked, lang),
        "method": checked["method"],
        "rule": checked["rule"],
        "published": [labels.number(v, lang, trim=True) for v in checked["published"]],
        "recomputed": checked["recomputed"],
        "status": [text(f"status.{status}", lang) for status in checked["status"]],
        "note": checked["note"],
    })
    return table.reset_index(drop=True)
