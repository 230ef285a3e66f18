"""The rounding and n puzzle: do the printed figures fit the plausible n, and which n do they allow?

Language-free: the tables hold numbers and codes (``total``: how the printed total is explained;
``fill``: what could hold an unpublished share); :mod:`helpers.words.rounding_text` words them.
Every test here uses the tables' reading of the figures (:func:`helpers.inference.stats.fits`,
:func:`helpers.inference.stats.question_counts`), per rounding rule, so the audit and the tables cannot
disagree about a question.
"""

from __future__ import annotations

import dataclasses
import itertools

import pandas as pd

from ..core import data
from ..core.params import Settings
from ..inference import counts, stats
from .ranges import NoteRecord, printed_share



def _scale_points(scale: str) -> int | None:
    """Number of points of a scale id ending in a digit (agreement_5 -> 5), yes_no -> 2, else None."""
    tail = scale.rsplit("_", 1)[-1]
    if tail.isdigit():
        return int(tail)
    return {"yes_no": 2, "yes_no_neutral": 3}.get(scale)


def could_fill(survey: data.Survey, question_id: str) -> tuple[NoteRecord, ...]:
    """What could hold the share missing from a question's printed total (built from the data): options
    printed in words (then nothing is missing), unpublished points of the scale, options the text did not
    name, a neutral option, don't know."""
    table = data.options(survey, question_id)
    scale = str(data.question(survey, question_id)["scale"])
    words = table.loc[table["form"] == "words", "option_id"]
    if len(words):
        return (("fill.words", (("options", tuple(words)),)),)
    answers: list[NoteRecord] = []
    points = _scale_points(scale)
    on_scale = int((table["kind"] != "dont_know").sum())
    if points is not None and on_scale < points:
        answers.append(("fill.scale", (("k", points - on_scale), ("scale", scale))))
    elif points is None:
        answers.append(("fill.left_out", (("scale", scale),)))
        if not (table["kind"] == "neutral").any():
            answers.append(("fill.neutral", ()))
    if not (table["kind"] == "dont_know").any():
        answers.append(("fill.dont_know", ()))
    return tuple(answers)


def candidate_n(survey: data.Survey, question_id: str) -> dict[int, str]:
    """The n values to try for a question and where each comes from (scenarios, printed captions)."""
    found: dict[int, list[str]] = {}
    rows = survey.n_scenarios[survey.n_scenarios["question_id"] == question_id]
    for scenario, n in zip(rows["scenario"], rows["n"]):
        found.setdefault(int(n), []).append(scenario)
    for n in data.printed_n(survey):
        found.setdefault(n, []).append("caption")
    return {n: ", ".join(dict.fromkeys(found[n])) for n in sorted(found, reverse=True)}


def rounding_consistency(survey: data.Survey) -> pd.DataFrame:
    """For every question, plausible n and rounding rule: does a count vector fit the printed shares?

    One row per question, n and rule, with the printed total, whether the options are complete
    (:func:`helpers.inference.stats.question_complete`) or not (``missing`` = 100 - total, and what
    could hold it: ``fill``, :func:`could_fill`), whether compatible counts exist (``exists``: the tables'
    counts, :func:`helpers.inference.stats.question_counts`, under each rule; an option printed in words
    shows the count the numeral options leave), each option's compatible counts (``count_ranges``, none
    if no count vector fits) and the unpublished remainder's (``remainder_range``), and how the total
    is explained (``total``): ``exact`` (100), ``explained`` by rounding (k rounded parts move it by up
    to ``max_shift`` = k/2), ``flagged``, ``missing`` or ``missing_flagged``.
    """
    rows = []
    for question_id in survey.questions["question_id"]:
        table = data.options(survey, question_id)
        total, k = int(table["percent"].sum()), len(table)  # as the reader sees them: "de helft" as 50
        _, parts, _ = stats.evidence(survey, question_id)
        complete = stats.question_complete(survey, question_id)
        chart = data.question(survey, question_id)["chart"]
        for n, source in candidate_n(survey, question_id).items():
            for rounding in counts.ROUNDING_RULES:
                fit = stats.question_counts(survey, question_id, n=n, rounding=rounding)
                if complete:
                    code = "exact" if total == 100 else ("explained" if fit.consistent else "flagged")
                else:
                    code = "missing" if fit.consistent else "missing_flagged"
                rows.append({
                    "question_id": question_id, "chart": chart, "n": n, "n_source": source, "rounding": rounding,
                    "options": k, "published_total": total,
                    "completeness": "complete" if complete else "incomplete",
                    "missing": 0 if complete else 100 - total,
                    "fill": () if complete else could_fill(survey, question_id),
                    "exists": fit.consistent,
                    "count_ranges": tuple((fit.minimum[i], fit.maximum[i]) for i in range(k)) if fit.consistent else (),
                    "remainder_range": (fit.minimum[-1], fit.maximum[-1]) if not complete and fit.consistent else None,
                    "total": code, "max_shift": sum(parts) / 2,
                })
    out = pd.DataFrame(rows)
    out["chart"] = pd.array(out["chart"], dtype="Int64")
    return out


def rounding_overview(rounding: pd.DataFrame) -> pd.DataFrame:
    """Question x n grid: under which rounding rules a compatible count vector exists."""
    def cell(rows: pd.DataFrame) -> str:
        """The rounding rules under which one question's printed shares fit one n ("both", one, "none")."""
        fits = list(rows.loc[rows["exists"], "rounding"])
        return "both" if len(fits) == len(counts.ROUNDING_RULES) else (", ".join(fits) or "none")
    grid = rounding.groupby(["question_id", "n"], sort=False)[["rounding", "exists"]].apply(cell).unstack("n")
    grid = grid.reindex(columns=sorted(grid.columns, reverse=True)).fillna("")
    totals = rounding.drop_duplicates("question_id").set_index("question_id")["published_total"]
    grid.insert(0, "total", totals)
    grid.columns = [str(c) for c in grid.columns]
    return grid


# ---------------------------------------------------------------- the n puzzle

def charts(survey: data.Survey) -> list[str]:
    """Question ids of the article's charts, in chart order."""
    rows = survey.questions.dropna(subset=["chart"]).sort_values("chart")
    return list(rows["question_id"])


def _fits(survey: data.Survey, question_id: str, n: int, rounding: str) -> bool:
    """:func:`helpers.inference.stats.fits`, memoised per survey (the n puzzle tries hundreds of n per chart)."""
    key = ("fits", question_id, n, rounding)
    if key not in survey.views:
        survey.views[key] = stats.fits(survey, question_id, n, rounding)
    return survey.views[key]


def smallest_n(survey: data.Survey, question_id: str, rounding: str) -> int | None:
    """The smallest n (1-577) for which the question's printed figures fit under ``rounding``."""
    return stats.smallest_n(survey, question_id, rounding, max(data.printed_n(survey)))


def n_compatibility(survey: data.Survey) -> pd.DataFrame:
    """For every item and printed n: the rounding rules under which its printed figures fit that n.

    Also the smallest n (1-577) that fits under each rule and under either rule
    (``smallest_n``), and which printed n the data rule out. Rows: the charts in chart order, then
    the items without a chart (their n is an assumption: the smallest n shows how far below the
    assumed n the figures still fit).
    """
    rows = []
    chart_ids = charts(survey)
    others = [q for q in survey.questions["question_id"] if q not in chart_ids]
    for question_id in chart_ids + others:
        chart = data.question(survey, question_id)["chart"]
        row = {"question_id": question_id, "chart": pd.NA if pd.isna(chart) else int(chart)}
        ruled_out = []
        for n in data.printed_n(survey):
            fits = [r for r in counts.ROUNDING_RULES if _fits(survey, question_id, n, r)]
            row[str(n)] = "both" if len(fits) == 2 else (", ".join(fits) or "none")
            if not fits:
                ruled_out.append(str(n))
        for rule in counts.ROUNDING_RULES:
            smallest = smallest_n(survey, question_id, rule)
            row[f"smallest_n_{rule}"] = pd.NA if smallest is None else smallest
        smallest = smallest_n(survey, question_id, "both")
        row["smallest_n"] = pd.NA if smallest is None else smallest
        row["ruled_out"] = ", ".join(ruled_out)
        rows.append(row)
    out = pd.DataFrame(rows).set_index("question_id")
    out["chart"] = pd.array(out["chart"], dtype="Int64")
    return out


def _surjective_count(allowed: dict[str, set[int]], printed: tuple[int, ...]) -> int:
    """How many assignments give each chart one of its allowed n and use every printed n at least once.

    Inclusion-exclusion over the printed values left out: sum over subsets T of the printed values
    of (-1)^(|printed| - |T|) * prod over charts of |allowed & T|.
    """
    total = 0
    for size in range(len(printed) + 1):
        for subset in itertools.combinations(printed, size):
            product = 1
            for values in allowed.values():
                product *= len(values & set(subset))
            total += (-1) ** (len(printed) - size) * product
    return total


def n_assignments(survey: data.Survey) -> pd.DataFrame:
    """Assignments of the printed n values to the seven charts, and whether the rounding allows them.

    Rows: the scenarios of ``n_scenarios.csv`` (one column per chart with its n) and a last row
    ``any (each caption once or more)`` counting, per rounding rule, how many of all assignments
    that use each of the printed values at least once are compatible with every chart.
    """
    chart_ids = charts(survey)
    rows = []
    for scenario in survey.scenarios:
        row = {"assignment": scenario}
        for question_id in chart_ids:
            row[question_id] = data.n_for(survey, question_id, scenario)
        for rule in counts.ROUNDING_RULES:
            failing = [q for q in chart_ids if not _fits(survey, q, row[q], rule)]
            row[f"fits_{rule}"] = "all charts" if not failing else "fails: " + ", ".join(failing)
        rows.append(row)
    printed = data.printed_n(survey)
    total = _surjective_count({q: set(printed) for q in chart_ids}, printed)
    allowed = {rule: _surjective_count({q: {n for n in printed if _fits(survey, q, n, rule)} for q in chart_ids},
                                       printed)
               for rule in counts.ROUNDING_RULES}
    row = {"assignment": "any (each caption once or more)", **{q: pd.NA for q in chart_ids}}
    for rule in counts.ROUNDING_RULES:
        row[f"fits_{rule}"] = f"{allowed[rule]} of {total}"
    rows.append(row)
    out = pd.DataFrame(rows).set_index("assignment")
    for question_id in chart_ids:
        out[question_id] = pd.array(out[question_id], dtype="Int64")
    return out


def assignment_counts(survey: data.Survey, assignments: pd.DataFrame | None = None) -> dict[str, tuple[int, int]]:
    """Per rounding rule: (allowed, total) assignments of the five captions to the charts."""
    row = (n_assignments(survey) if assignments is None else assignments).iloc[-1]
    out = {}
    for rule in counts.ROUNDING_RULES:
        allowed, _, total = row[f"fits_{rule}"].split(" ")
        out[rule] = (int(allowed), int(total))
    return out


def headline_intervals(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Each chart's headline share (:func:`helpers.core.data.headline_options`) with its sampling interval
    under every scenario."""
    rows = []
    for question_id in charts(survey):
        positive = data.headline_options(survey, question_id)
        for scenario in survey.scenarios:
            scenario_settings = dataclasses.replace(settings, n_scenario=scenario)
            result = stats.combined_share(survey, question_id, positive, scenario_settings)
            rows.append({
                "question_id": question_id, "chart": int(data.question(survey, question_id)["chart"]),
                "headline": " + ".join(positive), "published": printed_share(survey, question_id, positive),
                "scenario": scenario, "n": data.n_for(survey, question_id, scenario),
                "share": float(result["share"]), "ci_low": float(result["ci_low"]),
                "ci_high": float(result["ci_high"]),
            })
    out = pd.DataFrame(rows)
    out["width"] = out["ci_high"] - out["ci_low"]
    return out
