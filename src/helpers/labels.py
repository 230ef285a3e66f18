"""Every user-facing string of tables and charts, in Dutch and English, and display-ready tables.

One dictionary (:data:`TEXTS`) holds all wording, so a translation is never scattered over the
code and a test can check that every key exists in both languages. :func:`text` looks a string up
and fills its fields; :func:`display_table` turns a ``stats.share_table`` frame into a plain
DataFrame with translated headings and rounded, formatted numbers (decimal comma in Dutch), so a
notebook's text/plain and text/html outputs are deterministic.
"""

from __future__ import annotations

import math
import string
from typing import Callable, Sequence

import pandas as pd

from .params import LANGUAGES

SOURCE = "Publiek Denken / Overheid in Nederland"

TEXTS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------ table headings
    "col.question": {"en": "Question", "nl": "Vraag"},
    "col.option": {"en": "Option", "nl": "Antwoord"},
    "col.kind": {"en": "Kind", "nl": "Soort"},
    "col.pole": {"en": "Pole", "nl": "Pool"},
    "col.percent": {"en": "Published %", "nl": "Gepubliceerd %"},
    "col.share": {"en": "Share %", "nl": "Aandeel %"},
    "col.n": {"en": "n", "nl": "n"},
    "col.count": {"en": "Count", "nl": "Aantal"},
    "col.count_min": {"en": "Count min", "nl": "Aantal min"},
    "col.count_max": {"en": "Count max", "nl": "Aantal max"},
    "col.count_range": {"en": "Compatible counts", "nl": "Verenigbare aantallen"},
    "col.ci_low": {"en": "CI low %", "nl": "BI onder %"},
    "col.ci_high": {"en": "CI high %", "nl": "BI boven %"},
    "col.ci_low_range": {"en": "CI low over counts %", "nl": "BI onder over aantallen %"},
    "col.ci_high_range": {"en": "CI high over counts %", "nl": "BI boven over aantallen %"},
    "col.sim_low": {"en": "Simultaneous low %", "nl": "Simultaan onder %"},
    "col.sim_high": {"en": "Simultaneous high %", "nl": "Simultaan boven %"},
    "col.interval": {"en": "Confidence interval %", "nl": "Betrouwbaarheidsinterval %"},
    "col.interval_range": {"en": "Interval over compatible counts %",
                           "nl": "Interval over verenigbare aantallen %"},
    "col.simultaneous": {"en": "Simultaneous interval %", "nl": "Simultaan interval %"},
    "col.quantity": {"en": "Quantity", "nl": "Grootheid"},
    "col.low": {"en": "Low %", "nl": "Onder %"},
    "col.high": {"en": "High %", "nl": "Boven %"},
    "col.pvalue": {"en": "p-value", "nl": "p-waarde"},
    # ------------------------------------------------------------ values in tables
    "kind.substantive": {"en": "substantive", "nl": "inhoudelijk"},
    "kind.neutral": {"en": "neutral", "nl": "neutraal"},
    "kind.dont_know": {"en": "don't know", "nl": "weet niet"},
    "kind.unpublished": {"en": "not published", "nl": "niet gepubliceerd"},
    "pole.positive": {"en": "positive", "nl": "positief"},
    "pole.negative": {"en": "negative", "nl": "negatief"},
    # ------------------------------------------------------------ rows of a paired comparison
    "quantity.share_a": {"en": "A: share ({question_a})", "nl": "A: aandeel ({question_a})"},
    "quantity.share_b": {"en": "B: share ({question_b})", "nl": "B: aandeel ({question_b})"},
    "quantity.difference": {"en": "difference A − B (points)", "nl": "verschil A − B (procentpunten)"},
    "quantity.a_and_b": {"en": "A and B (Fréchet bounds, on an assumed common base)",
                         "nl": "A en B (Fréchet-grenzen, bij een aangenomen gemeenschappelijke basis)"},
    "quantity.a_not_b": {"en": "A but not B (bounds, on an assumed common base)",
                         "nl": "A maar niet B (grenzen, bij een aangenomen gemeenschappelijke basis)"},
    "quantity.a_explicit_no": {"en": "A and explicitly not B (bounds, on an assumed common base)",
                               "nl": "A en uitdrukkelijk niet B (grenzen, bij een aangenomen gemeenschappelijke basis)"},
    "quantity.mcnemar_min_overlap": {"en": "McNemar p, smallest overlap (assumed common base)",
                                     "nl": "McNemar p, kleinste overlap (aangenomen gemeenschappelijke basis)"},
    "quantity.mcnemar_max_overlap": {"en": "McNemar p, largest overlap (assumed common base)",
                                     "nl": "McNemar p, grootste overlap (aangenomen gemeenschappelijke basis)"},
    # ------------------------------------------------------------ axes and legends
    "axis.share": {"en": "Share of respondents (%)", "nl": "Aandeel respondenten (%)"},
    "legend.share": {"en": "share", "nl": "aandeel"},
    "legend.ci": {"en": "confidence interval", "nl": "betrouwbaarheidsinterval"},
    "legend.ci_range": {"en": "interval over all compatible counts",
                        "nl": "interval over alle verenigbare aantallen"},
    "legend.simultaneous": {"en": "simultaneous interval (all options at once)",
                            "nl": "simultaan interval (alle antwoorden tegelijk)"},
    "legend.small": {"en": "{label} ({value})", "nl": "{label} ({value})"},
    # ------------------------------------------------------------ captions
    "caption": {"en": "n = {n} ({status}); source: " + SOURCE,
                "nl": "n = {n} ({status}); bron: " + SOURCE},
    "n_status.stated": {"en": "stated in the article", "nl": "vermeld in het artikel"},
    "n_status.inferred": {"en": "inferred from the chart captions", "nl": "afgeleid uit de grafiekbijschriften"},
    "n_status.unknown": {"en": "not published, assumed", "nl": "niet gepubliceerd, aangenomen"},
    "n_status.scenario": {"en": "assumed under the chosen n scenario", "nl": "aangenomen volgens het gekozen n-scenario"},
    "caption.ours": {"en": "* label ours: the article does not print it", "nl": "* label van ons: het artikel drukt het niet af"},
    # which reading a chart draws, for items whose wording and text point different ways (questions.csv drawn_reading)
    "chart.reading.skills_sufficient": {
        "en": "(drawn as the text reads it: (strongly) agree = skills sufficient; the title is worded negatively)",
        "nl": "(getekend zoals de tekst het leest: (zeer) eens = vaardigheden voldoende; de titel is negatief "
              "geformuleerd)"},
}


# ---------------------------------------------------------------- look-up

def check_lang(lang: object) -> str:
    """Return ``lang`` if it is a supported language, else raise ValueError naming it and the allowed ones."""
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not allowed; allowed: {', '.join(LANGUAGES)}")
    return lang


def fields_of(key: str, templates: dict[str, dict[str, str]] | None = None) -> set[str]:
    """The placeholder names a string needs (the same in both languages; a test checks that)."""
    entry = (TEXTS if templates is None else templates)[key]
    return {name for _, name, _, _ in string.Formatter().parse(entry["en"]) if name}


def render(templates: dict[str, dict[str, str]], key: str, lang: str, what: str = "label",
           **fields: object) -> str:
    """Fill template ``key`` of a ``{key: {lang: text}}`` registry in ``lang``: the one look-up
    behind :func:`text`, ``findings.sentence`` and ``audit.text``.

    Unknown keys raise KeyError naming the key and the known keys with the same prefix (or all
    keys); a bad ``lang`` raises ValueError; a missing field raises KeyError naming it.
    """
    check_lang(lang)
    if key not in templates:
        prefix = key.split(".")[0] + "."
        related = [k for k in templates if k.startswith(prefix)] or list(templates)
        raise KeyError(f"unknown {what} key {key!r}; known: {', '.join(related)}")
    missing = fields_of(key, templates) - set(fields)
    if missing:
        raise KeyError(f"{what} {key!r} needs field(s) {', '.join(sorted(missing))}; got: "
                       f"{', '.join(sorted(fields)) or 'none'}")
    return templates[key][lang].format(**fields)


def text(key: str, lang: str, **fields: object) -> str:
    """The user-facing string ``key`` in ``lang`` ("nl" or "en"), placeholders filled from ``fields``."""
    return render(TEXTS, key, lang, **fields)


# ---------------------------------------------------------------- formatting numbers

def number(value: object, lang: str, decimals: int = 1, trim: bool = False) -> str:
    """A number rounded to ``decimals`` with a decimal comma in Dutch; empty text for a missing value.

    ``trim=True`` prints whole numbers without decimals (85, but 66.7), as the audit's prose does.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    formatted = f"{rounded:.0f}" if trim and rounded.is_integer() else f"{rounded:.{decimals}f}"
    return formatted.replace(".", ",") if lang == "nl" else formatted


def level(confidence: float, lang: str) -> str:
    """An interval level as a percentage: 0.95 -> "95", 0.975 -> "97.5" ("97,5" in Dutch)."""
    return number(confidence * 100, lang, decimals=1, trim=True)


def span(low: object, high: object, lang: str, decimals: int = 1) -> str:
    """An interval as "low–high" (en dash); a single number when both ends print the same."""
    a, b = number(low, lang, decimals), number(high, lang, decimals)
    if not a or not b:
        return ""
    return a if a == b else f"{a}–{b}"


def _numbers(column: str, decimals: int) -> Callable[[pd.DataFrame, str], list[str]]:
    return lambda table, lang: [number(v, lang, decimals) for v in table[column]]


def _spans(low: str, high: str, decimals: int) -> Callable[[pd.DataFrame, str], list[str]]:
    return lambda table, lang: [span(a, b, lang, decimals) for a, b in zip(table[low], table[high])]


def _translated(column: str) -> Callable[[pd.DataFrame, str], list[str]]:
    return lambda table, lang: [text(f"{column}.{v}", lang) if isinstance(v, str) and v else ""
                                for v in table[column]]


# logical column -> (source columns it needs, how to format it)
COLUMNS: dict[str, tuple[tuple[str, ...], Callable[[pd.DataFrame, str], list[str]]]] = {
    "option": (("label",), lambda table, lang: [str(v) for v in table["label"]]),
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


def comparison_table(result: pd.DataFrame | dict, lang: str) -> pd.DataFrame:
    """A statistics frame for display: known headings and quantities translated, numbers formatted.

    ``result`` is a frame, or the dict of ``stats.marginal_comparison`` (turned into a frame by
    ``stats.comparison_frame``). Shares and bounds get 1 decimal, p-values 3 (or "< 0.001");
    columns without a ``col.<name>`` label keep their name.
    """
    check_lang(lang)
    questions = {"question_a": "A", "question_b": "B"}
    if isinstance(result, dict):
        from . import stats  # local: stats is the heavier module and must not be needed to import labels

        questions = {f"question_{side}": f"{result[side]['question_id']}, n = {result['bases'][f'n_{side}']}"
                     for side in ("a", "b")}
        result = stats.comparison_frame(result)
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
