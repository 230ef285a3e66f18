"""Tables for display: a share table's columns formatted in the report's language (options, shares, counts,
intervals), the paired comparison's statistics frame, the compact table with its legend, and a chart's
alternative text.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import pandas as pd

from ..inference import paired
from .labels import TEXTS, check_lang, level, method, number, span, text


def _numbers(column: str, decimals: int) -> Callable[[pd.DataFrame, str], list[str]]:
    return lambda table, lang: [number(v, lang, decimals) for v in table[column]]


def _spans(low: str, high: str, decimals: int) -> Callable[[pd.DataFrame, str], list[str]]:
    return lambda table, lang: [span(a, b, lang, decimals) for a, b in zip(table[low], table[high])]


def _translated(column: str) -> Callable[[pd.DataFrame, str], list[str]]:
    return lambda table, lang: [text(f"{column}.{v}", lang) if isinstance(v, str) and v else ""
                                for v in table[column]]


# logical column -> (source columns it needs, how to format it)
def option_labels(table: pd.DataFrame, lang: str) -> list[str]:
    """Each row's answer text: its label, or "not published" for the unpublished remainder.

    ``stats`` gives the labels of both languages (``label_nl``, ``label_en``: data text) and the
    remainder an empty label with the kind ``"unpublished"``; the language is chosen, and the
    remainder worded, here, for tables and charts alike. Raises ValueError for a bad ``lang``.
    """
    column = f"label_{check_lang(lang)}"
    return [text("kind.unpublished", lang) if kind == "unpublished" else str(label)
            for label, kind in zip(table[column], table["kind"])]


COLUMNS: dict[str, tuple[tuple[str, ...], Callable[[pd.DataFrame, str], list[str]]]] = {
    "option": (("label_nl", "label_en", "kind"), option_labels),
    "kind": (("kind",), _translated("kind")),
    "pole": (("pole",), _translated("pole")),
    "percent": (("percent",), _numbers("percent", 0)),
    "share": (("share",), _numbers("share", 1)),
    "n": (("n",), _numbers("n", 0)),
    "count": (("count",), _numbers("count", 0)),
    "count_min": (("count_min",), _numbers("count_min", 0)),
    "count_max": (("count_max",), _numbers("count_max", 0)),
    "count_range": (("count_min", "count_max"), _spans("count_min", "count_max", 0)),
    "ci_low": (("ci_low",), _numbers("ci_low", 1)),
    "ci_high": (("ci_high",), _numbers("ci_high", 1)),
    "ci_low_range": (("ci_low_range",), _numbers("ci_low_range", 1)),
    "ci_high_range": (("ci_high_range",), _numbers("ci_high_range", 1)),
    "sim_low": (("sim_low",), _numbers("sim_low", 1)),
    "sim_high": (("sim_high",), _numbers("sim_high", 1)),
    "interval": (("ci_low", "ci_high"), _spans("ci_low", "ci_high", 1)),
    "interval_range": (("ci_low_range", "ci_high_range"), _spans("ci_low_range", "ci_high_range", 1)),
    "simultaneous": (("sim_low", "sim_high"), _spans("sim_low", "sim_high", 1)),
}


DEFAULT_COLUMNS = ("option", "percent", "share", "n", "count_range", "interval", "interval_range", "simultaneous")


def display_table(share_table: pd.DataFrame, lang: str,
                  columns: Sequence[str] = DEFAULT_COLUMNS) -> pd.DataFrame:
    """A share table for display: chosen ``columns`` in order, translated headings, formatted text.

    Shares and bounds get 1 decimal, counts and percentages none, intervals read "a–b"; missing
    values (e.g. the percent of an unpublished remainder) become empty text. Every cell is a
    string, so the notebook output does not depend on pandas' float display settings.
    """
    check_lang(lang)
    if isinstance(columns, str):
        columns = (columns,)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ValueError(f"columns={unknown!r} not allowed; allowed: {', '.join(COLUMNS)}")
    needed = dict.fromkeys(source for c in columns for source in COLUMNS[c][0])
    missing = [c for c in needed if c not in share_table.columns]
    if missing:
        raise ValueError(f"share_table lacks column(s) {', '.join(missing)} needed for "
                         f"columns={list(columns)!r}; it has: {', '.join(map(str, share_table.columns))}")
    table = share_table.reset_index(drop=True)
    shown = {text(f"col.{c}", lang): COLUMNS[c][1](table, lang) for c in columns}
    return pd.DataFrame(shown, index=pd.RangeIndex(len(table)), dtype=object)


def pvalue(value: object, lang: str) -> str:
    """A p-value as text: 3 decimals, or "< 0.001" (decimal comma in Dutch); empty when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"< {number(0.001, lang, 3)}" if float(value) < 0.001 else number(value, lang, 3)


def _quantity(quantity: object, lang: str, questions: dict[str, str]) -> str:
    """A comparison row's name: translated when known, with the question id filled in for shares."""
    key = f"quantity.{quantity}"
    return text(key, lang, **questions) if key in TEXTS else str(quantity)


def comparison_table(result: pd.DataFrame | dict, lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """A statistics frame for display: known headings and quantities translated, numbers formatted.

    ``result`` is a frame, or the dict of ``paired.marginal_comparison`` (turned into a frame by
    ``paired.comparison_frame``). Shares and bounds get 1 decimal, p-values 3 (or "< 0.001");
    columns without a ``col.<name>`` label keep their name.
    """
    check_lang(lang)
    questions = {"question_a": "A", "question_b": "B"}
    if isinstance(result, dict):
        ids = str(result["a"]["question_id"]), str(result["b"]["question_id"])
        names = names or {}
        questions = {f"question_{side}": f"{names.get(question_id, question_id)}, n = {result['bases'][f'n_{side}']}"
                     for side, question_id in zip(("a", "b"), ids)}
        result = paired.comparison_frame(result)
    shown = {}
    for column in result.columns:
        heading = text(f"col.{column}", lang) if f"col.{column}" in TEXTS else str(column)
        values = result[column]
        if column == "quantity":
            shown[heading] = [_quantity(v, lang, questions) for v in values]
        elif column == "pvalue":
            shown[heading] = [pvalue(v, lang) for v in values]
        elif column in ("kind", "pole"):
            shown[heading] = _translated(column)(result, lang)
        elif pd.api.types.is_float_dtype(values):
            shown[heading] = [number(v, lang, 1) for v in values]
        else:
            shown[heading] = ["" if v is None or v is pd.NA else str(v) for v in values]
    return pd.DataFrame(shown, index=pd.RangeIndex(len(result)), dtype=object)


def compact_table(share_table: pd.DataFrame, lang: str, confidence: float) -> pd.DataFrame:
    """The table shown beside a chart: answer, share, respondents, interval, simultaneous interval.

    A "Published" column is added only when the shares differ from the printed percentages
    (``dont_know="exclude"`` re-bases them). Headings are in ``lang``, the interval heading
    carries the level (``confidence`` as a proportion, e.g. 0.95); every cell is text.
    """
    check_lang(lang)
    table = share_table.reset_index(drop=True)
    columns = ["option", "share"]
    shares, printed = pd.to_numeric(table["share"]), pd.to_numeric(table["percent"])
    known = printed.notna()
    if ((shares[known] - printed[known]).abs() > 0.05).any():  # re-based: differs at the shown decimal
        columns.insert(1, "percent")
    heads = {"option": text("compact.option", lang), "percent": text("compact.published", lang),
             "share": text("compact.share", lang), "count_range": text("compact.count", lang),
             "interval_range": text("compact.interval", lang, level=level(confidence, lang)),
             "simultaneous": text("compact.simultaneous", lang)}
    columns += ["count_range", "interval_range", "simultaneous"]
    shown = {heads[c]: COLUMNS[c][1](table, lang) for c in columns}
    return pd.DataFrame(shown, index=pd.RangeIndex(len(table)), dtype=object)


def compact_legend(share_table: pd.DataFrame, lang: str, confidence: float, ci_method: str, table: str) -> str:
    """The short legend under a compact table (Markdown): what each column and interval means; the
    interval method (a ``ci_method`` value) by its proper name (:func:`method`: "Wilson", "Clopper–Pearson")."""
    check_lang(lang)
    n = int(pd.to_numeric(share_table["n"]).max())
    legend = text("compact.legend", lang, n=n, level=level(confidence, lang), method=method(ci_method, lang),
                  table=table)
    shares, printed = pd.to_numeric(share_table["share"]), pd.to_numeric(share_table["percent"])
    known = printed.notna()
    if ((shares[known] - printed[known]).abs() > 0.05).any():  # re-based: differs at the shown decimal
        legend = text("compact.legend_rebased", lang) + " " + legend
    return legend


def alt_text(share_table: pd.DataFrame, title: str, caption: str, lang: str) -> str:
    """What a chart shows, for screen readers: its title, every answer with its share and pole, its n."""
    check_lang(lang)
    table = share_table.reset_index(drop=True)
    parts = []
    for label, share, pole in zip(option_labels(table, lang), table["share"], table["pole"]):
        pole_text = text(f"alt.pole.{pole}", lang) if f"alt.pole.{pole}" in TEXTS else ""
        parts.append(text("alt.share", lang, label=label, value=number(share, lang, 0)) + pole_text)
    return text("alt.chart", lang, title=title.rstrip(".?!:") + ":", shares="; ".join(parts),
                caption=caption.rstrip("."))
