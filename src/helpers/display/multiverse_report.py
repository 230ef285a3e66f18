"""What ``07_multiverse`` shows: the tipping points, the grid's summary, the robustness table, the charts, the exports.

Numbers from :mod:`helpers.sensitivity.multiverse` and :mod:`helpers.sensitivity.tipping`, words
from :mod:`helpers.words.multiverse_text` and :mod:`helpers.words.tipping_text`.
"""

from __future__ import annotations

import pandas as pd

from ..audit import hypotheses
from ..core import data
from ..core.params import Settings
from ..sensitivity import multiverse, tipping
from ..words import labels, tipping_text
from ..words.audit_text import claim_name, question_wording
from ..words.markup import escape_markdown
from ..words.multiverse_text import flips, inert_choices, outcome, reference, text
from . import export, multiverse_plots, plots, report
from .robustness import WideTable


def _option_labels(survey: data.Survey, question_id: str, options: str, lang: str) -> str:
    """";"-joined option ids as their labels in ``lang``, joined with " + "."""
    table = data.options(survey, question_id).set_index("option_id")
    return " + ".join(str(table.at[option, f"option_{lang}"]) for option in options.split(";") if option)


def _shortened(words: str, limit: int) -> str:
    """``words`` cut at a space to at most ``limit`` characters, with an ellipsis when cut."""
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _item(survey: data.Survey, kind: str, item: str, statements: dict[str, tuple[str, str]], lang: str,
          limit: int | None = None) -> str:
    """A finding as "'question wording': options is a majority" (the wording cut to ``limit`` characters
    for a chart's row); a claim by its words as the audit shows them."""
    if kind != "finding":
        return claim_name(survey.claims.set_index("claim_id").loc[item], lang)
    options, statement = statements[item]
    wording = question_wording(survey, item, lang)
    return text("finding_item", lang, question=_shortened(wording, limit) if limit else wording,
                options=_option_labels(survey, item, options, lang), statement=text(f"statement.{statement}", lang))


def multiverse_exports(survey: data.Survey) -> None:
    """Export the full grid: ``tables/07_multiverse_findings.csv`` (every finding in every reading, with share
    and interval in percent), ``_verdicts.csv`` (the verdict of every claim with a declared hypothesis, with p-value and Holm; the
    other claims' outcomes per reading are summarised in ``_summary.csv``) and ``_summary.csv`` (:func:`helpers.sensitivity.multiverse.robustness`)."""
    result = multiverse.run(survey)
    # shares and bounds in percent to 6 decimals, p-values to 6 significant digits: the files stay small
    export.save_table(result.findings.round({"share": 6, "share_count": 6, "ci_low": 6, "ci_high": 6}), "07_multiverse_findings")
    verdicts = result.verdicts[result.verdicts["hypothesis_id"] != ""].copy()  # the others: in the summary
    for column in ("p_value", "p_holm"):
        verdicts[column] = [float(f"{value:.6g}") for value in verdicts[column]]
    export.save_table(verdicts, "07_multiverse_verdicts")
    export.save_table(result.summary, "07_multiverse_summary")


def _robust(summary: pd.DataFrame, kind: str, items: set[str] | None = None) -> tuple[int, int, pd.DataFrame]:
    part = summary[summary["kind"] == kind]
    if items is not None:
        part = part[part["item"].isin(items)]
    return int((part["same"] == part["readings"]).sum()), len(part), part[part["same"] < part["readings"]]


def multiverse_summary(survey: data.Survey, settings: Settings) -> str:
    """Markdown: how the grid is built, what changes the question asked, and how many findings and verdicts are robust."""
    lang = settings.lang
    result = multiverse.run(survey)
    dims = multiverse.dimensions(survey)
    summary = result.summary
    total = len(multiverse.readings(survey))
    decided = set(survey.claims.loc[survey.claims["hypothesis_id"] != "", "claim_id"])
    f_robust, f_total, f_fragile = _robust(summary, "finding")
    v_robust, v_total, _ = _robust(summary, "verdict", decided)
    h_robust, h_total, _ = _robust(summary, "verdict after Holm")
    half_low, half_high = multiverse.half_bounds(survey)
    asked = int(summary["readings"].iloc[0]) if len(summary) else 0
    lines = [
        text("multiverse.readings", lang, total=total, methods=len(dims["ci_method"]), levels=len(dims["confidence"]),
             dont_know=len(dims["dont_know"]), scenarios=len(dims["n_scenario"]), roundings=len(dims["rounding"]),
             deffs=len(dims["deff"]), reference=reference(lang)),
        "",
        text("multiverse.shown", lang, low=labels.number(half_low, lang, trim=True),
             high=labels.number(half_high, lang, trim=True)),
        "",
        text("multiverse.estimand", lang, total=asked),
        "",
        inert_choices(result.findings, result.verdicts, {name: len(values) for name, values in dims.items()},
                      asked, lang),
        "",
        text("multiverse.ranges", lang),
        "",
        "- " + text("multiverse.findings", lang, robust=f_robust, total=f_total,
                    fragile="; ".join(escape_markdown(f"'{question_wording(survey, item, lang)}'")
                                      for item in f_fragile["item"]) or text("none", lang)),
        "- " + text("multiverse.verdicts", lang, robust=v_robust, total=v_total, robust_holm=h_robust,
                    total_holm=h_total),
    ]
    return "\n".join(lines)


def multiverse_table(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """The compact robustness table: every headline finding, and every verdict whose outcome changes somewhere."""
    lang = settings.lang
    result = multiverse.run(survey)
    summary = result.summary
    shown = summary[(summary["kind"] == "finding") | (summary["same"] < summary["readings"])
                    | (summary["estimand"] != summary["reference"])]
    statements = {row["question_id"]: (row["options"], row["statement"])
                  for _, row in result.findings.drop_duplicates("question_id").iterrows()}
    asked = int(summary["readings"].iloc[0]) if len(summary) else 0
    frame = WideTable({
        text("col.kind", lang): [text(f"kind.{k}", lang) for k in shown["kind"]],
        text("col.item", lang): [_item(survey, k, i, statements, lang) for k, i in zip(shown["kind"], shown["item"])],
        text("col.reference", lang): [outcome(k, r, lang) for k, r in zip(shown["kind"], shown["reference"])],
        text("col.same", lang, total=asked): [str(v) for v in shown["same"]],
        text("col.flipped_by", lang): [flips(f, same, n, lang) for f, same, n in
                                       zip(shown["flipped_by"], shown["same"], shown["readings"])],
        text("col.estimand", lang): [outcome(k, e, lang) for k, e in zip(shown["kind"], shown["estimand"])],
    }, dtype=object)
    return frame.set_index(text("col.kind", lang))


def multiverse_chart(survey: data.Survey, settings: Settings):
    """The specification chart of the headline findings (exported as figures/07_multiverse.png/.svg), as an Image."""
    lang = settings.lang
    result = multiverse.run(survey)
    # the readings that ask the same question (don't-know kept): leaving it out re-bases every share
    findings = result.findings[result.findings["dont_know"] == multiverse.REFERENCE["dont_know"]]
    ref_mask = pd.Series(True, index=findings.index)
    for column, value in multiverse.REFERENCE.items():
        ref_mask &= findings[column] == value
    reference_rows = findings[ref_mask]
    total = int((multiverse.readings(survey)["dont_know"] == multiverse.REFERENCE["dont_know"]).sum())
    row_labels = {width: {q: plots.wrap(question_wording(survey, q, lang), wrap)
                          for q in reference_rows["question_id"]}
                  for width, wrap in ((plots.WIDTH, 55), (plots.NARROW_WIDTH, 46))}
    figures = [multiverse_plots.specification_chart(
        findings, reference_rows, title=text("chart.title", lang, total=total),
        caption=text("chart.caption", lang, source=labels.SOURCE), row_labels=row_labels[width],
        legend={key: text(f"legend.{key}", lang) for key in ("holds", "not_shown", "reference")},
        xlabel=text("chart.xlabel", lang), width=width) for width in (plots.WIDTH, plots.NARROW_WIDTH)]
    shown = findings.assign(holds=findings["holds"].astype(bool)).groupby("question_id")["holds"].agg(["all", "any"])
    chart_title = text("chart.title", lang, total=total)
    alt = labels.text("alt.chart", lang, title=chart_title + ":",
                      shares=text("chart.alt", lang, findings=len(shown), always=int(shown["all"].sum()),
                                  never=int((~shown["any"]).sum())).rstrip("."),
                      caption=text("chart.caption", lang, source=labels.SOURCE).rstrip("."))
    return report.chart_image(*figures, "07_multiverse", alt, chart_title)


# ---------------------------------------------------------------- tipping points

def _statements(survey: data.Survey) -> dict[str, tuple[str, str]]:
    found = multiverse.headline_statements(survey, multiverse.base_counts(survey))
    return {q: (o, st) for q, o, st in zip(found["question_id"], found["options"], found["statement"])}


def _stated_n(survey: data.Survey, kind: str, item: str) -> int | None:
    """The n of the item behind a tipping row when the article states it (the search over n is then
    hypothetical: the article's n is known), else None."""
    question_id = hypotheses.hypothesis_row(survey, survey.claims.set_index("claim_id").at[item, "hypothesis_id"])[
        "question_id"] if kind == "verdict" else item
    scenario = tipping.reference_settings().n_scenario
    if data.n_basis(survey, question_id, scenario) != "stated":
        return None
    return data.n_for(survey, question_id, scenario)


def tipping_intro(survey: data.Survey, settings: Settings) -> str:
    """Markdown: what the tipping table shows and what was searched."""
    lang = settings.lang
    return tipping_text.text("intro", lang, participants=tipping.participants(survey),
                             conf_low=labels.number(100 * tipping.CONFIDENCE_RANGE[0], lang, 0),
                             conf_high=labels.number(100 * tipping.CONFIDENCE_RANGE[1], lang, 2, trim=True),
                             deff_high=labels.number(tipping.DEFF_LIMIT, lang, 0)) + "\n\n" + \
        tipping_text.text("csv_note", lang)


def tipping_table(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """The compact tipping-point table: one row per verdict and headline finding, one column per choice.

    Exports the numbers (one row per item and choice) as ``tables/tipping_points.csv``.
    """
    lang = settings.lang
    points = tipping.tipping_points(survey)
    export.save_table(points, "tipping_points")
    statements = _statements(survey)
    columns = {"threshold": "col.threshold", "n": "col.n", "reading": "col.reading", "middle": "col.middle",
               "confidence": "col.confidence", "deff": "col.deff"}
    rows = []
    for (kind, item), part in points.groupby(["kind", "item"], sort=False):
        by_choice = {row["choice"]: row for row in part.to_dict("records")}
        if "margin" in by_choice:
            by_choice["threshold"] = by_choice.pop("margin")
        first = part.iloc[0]
        record = {tipping_text.text("col.kind", lang): tipping_text.text(f"kind.{kind}", lang),
                  tipping_text.text("col.item", lang): _item(survey, kind, item, statements, lang),
                  tipping_text.text("col.outcome", lang): outcome(kind, first["reference_outcome"], lang)}
        for choice, heading in columns.items():
            row = by_choice.get(choice)
            words = tipping_text.cell(row, lang) if row is not None else tipping_text.text("not_applicable", lang)
            stated = _stated_n(survey, kind, item) if choice == "n" and row is not None else None
            if stated is not None:  # n searched although the article states it: say so in the cell
                words += " " + tipping_text.text("n.stated", lang, n=labels.count(stated, lang))
            record[tipping_text.text(heading, lang)] = words
        rows.append(record)
    return WideTable(rows, dtype=object).set_index(tipping_text.text("col.kind", lang))


def tipping_chart(survey: data.Survey, settings: Settings):
    """The design effect at which each decided verdict and shown finding flips (figures/07_tipping.png/.svg)."""
    lang = settings.lang
    points = tipping.tipping_points(survey)
    statements = _statements(survey)
    decided = points[(points["choice"] == "deff")
                     & points["reference_outcome"].isin(["supported", "contradicted", "holds"])]
    order = decided.assign(sort=decided["flips_at"].fillna(float("inf"))).sort_values("sort", kind="stable")
    title = tipping_text.text("chart.title", lang)
    caption = tipping_text.text("chart.caption", lang, limit=labels.number(tipping.DEFF_LIMIT, lang, 0),
                                source=labels.SOURCE)
    figures = []
    for width, wrap in ((plots.WIDTH, 60), (plots.NARROW_WIDTH, 46)):
        rows = pd.DataFrame({"label": [plots.wrap(_item(survey, k, i, statements, lang, limit=48), wrap)
                                       for k, i in zip(order["kind"], order["item"])],
                             "flips_at": order["flips_at"].to_numpy(dtype=float), "kind": order["kind"].to_numpy()})
        figures.append(multiverse_plots.tipping_chart(
            rows, title=title, caption=caption, xlabel=tipping_text.text("chart.xlabel", lang),
            never_label=tipping_text.text("chart.never", lang, limit=labels.number(tipping.DEFF_LIMIT, lang, 0)),
            legend={kind: tipping_text.text(f"kind.{kind}", lang) for kind in ("verdict", "finding")},
            limit=tipping.DEFF_LIMIT, number=lambda value: labels.number(value, lang, 2), width=width))
    flips = order["flips_at"].dropna()
    alt = labels.text("alt.chart", lang, title=title + ":",
                      shares=tipping_text.text("chart.alt", lang, items=len(order), never=int(order["flips_at"].isna().sum()),
                                               lowest=labels.number(float(flips.min()), lang, 2) if len(flips) else "\u2014"),
                      caption=caption.rstrip("."))
    return report.chart_image(*figures, "07_tipping", alt, title)
