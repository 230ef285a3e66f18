"""The rounding and n puzzle's tables in the report's language: :func:`helpers.audit.rounding.rounding_consistency`
with its codes worded (how each printed total is explained, what could hold an unpublished share, the
compatible counts as ranges), and each chart's headline interval under every scenario."""

from __future__ import annotations

import pandas as pd

from ..audit.rounding import rounding_consistency
from ..core import data
from ..core.params import Settings
from . import labels
from .audit_text import DASH, _numbers, notes_text, text

ROUNDING_COLUMNS = ["question_id", "chart", "n", "n_source", "rounding", "options", "published_total", "completeness",
                    "missing", "could_fill", "exists", "counts", "remainder", "explanation"]


def _explanation(row: dict, lang: str) -> str:
    """How a question's printed total is explained at one n and rounding rule."""
    code, rounding = row["total"], labels.text(f"value.{row['rounding']}", lang)
    if code == "exact":
        return text("total.exact", lang)
    if code in ("explained", "flagged"):
        return text(f"total.{code}", lang, total=row["published_total"], k=row["options"], n=row["n"],
                    rounding=rounding, **_numbers(lang, max_shift=row["max_shift"]))
    return text(f"total.{code}", lang, missing=row["missing"], n=row["n"], rounding=rounding)


def _span(low: int, high: int) -> str:
    """A range of counts, "50–51"."""
    return f"{low}{DASH}{high}"


def rounding_table(survey: data.Survey, lang: str) -> pd.DataFrame:
    """:func:`helpers.audit.rounding.rounding_consistency` as the report shows it: ``could_fill`` and
    ``explanation`` in ``lang``, each option's compatible counts (``counts``, "50–51; ...") and the
    unpublished remainder's (``remainder``) as ranges."""
    found = rounding_consistency(survey)
    rows = found.to_dict("records")
    out = found.assign(
        could_fill=[notes_text(row["fill"], lang) for row in rows],
        counts=["; ".join(_span(*pair) for pair in row["count_ranges"]) for row in rows],
        remainder=["" if row["remainder_range"] is None else _span(*row["remainder_range"]) for row in rows],
        explanation=[_explanation(row, lang) for row in rows])
    return out[ROUNDING_COLUMNS]


def unusual_totals(survey: data.Survey, rounding: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The rows of :func:`rounding_table` whose printed total is not 100, at the scenario's n."""
    scenario_n = {q: data.n_for(survey, q, settings.n_scenario) for q in survey.questions["question_id"]}
    rows = rounding[(rounding["published_total"] != 100) & (rounding["n"] == rounding["question_id"].map(scenario_n))]
    columns = ["question_id", "n", "rounding", "options", "published_total", "completeness", "missing",
               "could_fill", "exists", "counts", "remainder", "explanation"]
    return rows[columns].reset_index(drop=True)


def headline_overview(intervals: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Chart x scenario grid of "low-high (n=...)" from :func:`helpers.audit.rounding.headline_intervals`."""
    cells = intervals.assign(cell=["{low}{dash}{high} (n={n})".format(dash=DASH, n=n,
                                                                      **_numbers(lang, low=low, high=high))
                                   for low, high, n in zip(intervals["ci_low"], intervals["ci_high"], intervals["n"])])
    grid = cells.pivot(index="question_id", columns="scenario", values="cell")
    order = list(dict.fromkeys(intervals["question_id"]))
    grid = grid.reindex(index=order, columns=list(dict.fromkeys(intervals["scenario"])))
    grid.insert(0, "published", intervals.drop_duplicates("question_id").set_index("question_id")["published"]
                .map(lambda v: labels.number(v, lang, trim=True)))
    grid.columns.name = None
    return grid
