"""Every user-facing string of tables and charts, in Dutch and English, and display-ready tables.

One dictionary (:data:`TEXTS`) holds all wording, so a translation is never scattered over the
code and a test can check that every key exists in both languages. :func:`text` looks a string up
and fills its fields; :func:`display_table` turns a ``stats.share_table`` frame into a plain
DataFrame with translated headings and rounded, formatted numbers (decimal comma in Dutch), so a
notebook's text/plain and text/html outputs are deterministic.
"""

from __future__ import annotations

import math
import numbers
import string
from typing import Callable, Sequence

import pandas as pd

from ..core.params import LANGUAGES

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
    "col.count_min": {"en": "Smallest count", "nl": "Kleinste aantal"},
    "col.count_max": {"en": "Largest count", "nl": "Grootste aantal"},
    "col.count_range": {"en": "Compatible counts", "nl": "Verenigbare aantallen"},
    "col.ci_low": {"en": "CI lower bound %", "nl": "Ondergrens BI %"},
    "col.ci_high": {"en": "CI upper bound %", "nl": "Bovengrens BI %"},
    "col.ci_low_range": {"en": "Lower bound over counts %", "nl": "Ondergrens over aantallen %"},
    "col.ci_high_range": {"en": "Upper bound over counts %", "nl": "Bovengrens over aantallen %"},
    "col.sim_low": {"en": "Simultaneous lower bound %", "nl": "Simultane ondergrens %"},
    "col.sim_high": {"en": "Simultaneous upper bound %", "nl": "Simultane bovengrens %"},
    "col.interval": {"en": "Confidence interval %", "nl": "Betrouwbaarheidsinterval %"},
    "col.interval_range": {"en": "Interval over compatible counts %",
                           "nl": "Interval over verenigbare aantallen %"},
    "col.simultaneous": {"en": "Simultaneous interval %", "nl": "Simultaan interval %"},
    "col.quantity": {"en": "Quantity", "nl": "Grootheid"},
    "col.low": {"en": "Lower bound %", "nl": "Ondergrens %"},
    "col.high": {"en": "Upper bound %", "nl": "Bovengrens %"},
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
    "quantity.a_and_b": {"en": "A and B (Fréchet bounds, on an assumed common base, B bounded in that group first)",
                         "nl": "A en B (Fréchet-grenzen, bij een aangenomen gemeenschappelijke basis, B eerst in die "
                               "groep begrensd)"},
    "quantity.a_not_b": {"en": "A but not B (bounds, on an assumed common base, B bounded in that group first)",
                         "nl": "A maar niet B (grenzen, bij een aangenomen gemeenschappelijke basis, B eerst in die "
                               "groep begrensd)"},
    "quantity.a_explicit_no": {"en": "A and explicitly not B (bounds, on an assumed common base)",
                               "nl": "A en uitdrukkelijk niet B (grenzen, bij een aangenomen gemeenschappelijke basis)"},
    "quantity.mcnemar_max_over_counts": {"en": "McNemar p, largest over every count and joint table the bounds allow "
                                               "(assumed common base)",
                                         "nl": "McNemar p, grootste over alle aantallen en kruistabellen die de "
                                               "grenzen toelaten (aangenomen gemeenschappelijke basis)"},
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
    "n_status.shared_caption": {"en": "inferred from a caption this chart shares with another chart, not printed for "
                                      "this one",
                                "nl": "afgeleid uit een bijschrift dat deze grafiek met een andere grafiek deelt, "
                                      "niet bij deze grafiek gedrukt"},
    "n_status.unknown": {"en": "not published, assumed", "nl": "niet gepubliceerd, aangenomen"},
    "n_status.scenario": {"en": "assumed under the chosen n scenario", "nl": "aangenomen volgens het gekozen n-scenario"},
    # ------------------------------------------------------------ the compact table beside a chart
    "compact.option": {"en": "Answer", "nl": "Antwoord"},
    "compact.share": {"en": "Share (%)", "nl": "Aandeel (%)"},
    "compact.published": {"en": "Published (%)", "nl": "Gepubliceerd (%)"},
    "compact.count": {"en": "Respondents", "nl": "Respondenten"},
    "compact.interval": {"en": "{level}% interval (%)", "nl": "{level}%-interval (%)"},
    "compact.simultaneous": {"en": "All answers at once (%)", "nl": "Alle antwoorden tegelijk (%)"},
    "compact.legend": {
        "en": "*Respondents*: the whole numbers of respondents (of {n}) that round to the published percentage. "
              "*{level}% interval*: the {level}% confidence interval ({method}) over those numbers, for one "
              "answer at a time (the findings give the narrower interval at the point count, the percentage of "
              "{n} rounded to a whole number). *All answers at once*: simultaneous intervals (at the point counts) that hold for all answers "
              "together. Every column: `tables/{table}.csv`.",
        "nl": "*Respondenten*: de gehele aantallen respondenten (van de {n}) die afgerond het gepubliceerde "
              "percentage geven. *{level}%-interval*: het {level}%-betrouwbaarheidsinterval ({method}) over die "
              "aantallen, per antwoord (de bevindingen geven het smallere interval bij het puntaantal: het "
              "percentage van {n}, afgerond op een geheel aantal). *Alle antwoorden tegelijk*: simultane intervallen (bij de puntaantallen) die voor alle "
              "antwoorden samen gelden. Alle kolommen: `tables/{table}.csv`.",
    },
    "compact.legend_rebased": {
        "en": "*Share*: re-based on the respondents with an opinion (\"don't know\" left out); *Published*: "
              "the percentage as printed in the article.",
        "nl": "*Aandeel*: herberekend over de respondenten met een mening (zonder \"weet niet\"); "
              "*Gepubliceerd*: het percentage zoals het in het artikel staat.",
    },
    # ------------------------------------------------------------ charts for screen readers
    "alt.chart": {"en": "Chart: {title} {shares}. {caption}.", "nl": "Grafiek: {title} {shares}. {caption}."},
    "alt.share": {"en": "{label} {value}%", "nl": "{label} {value}%"},
    "alt.pole.positive": {"en": " (positive)", "nl": " (positief)"},
    "alt.pole.negative": {"en": " (negative)", "nl": " (negatief)"},
    # ------------------------------------------------------------ section structure
    "heading.findings": {"en": "Findings", "nl": "Bevindingen"},
    "quote": {"en": "Survey question", "nl": "Enquêtevraag"},
    "caption.ours": {"en": "* label ours: the article does not print it", "nl": "* label van ons: het artikel drukt het niet af"},
    # which reading a chart draws, for items whose wording and text point different ways (questions.csv drawn_reading)
    "chart.reading.skills_sufficient": {
        "en": "(drawn as the text reads it: (strongly) agree = skills sufficient; the title is worded negatively)",
        "nl": "(getekend zoals de tekst het leest: (zeer) eens = vaardigheden voldoende; de titel is negatief "
              "geformuleerd)"},
    # the same, short, wherever a table or sentence names such an item by its wording
    "reading.short.skills_sufficient": {"en": "(read as: skills sufficient)",
                                        "nl": "(gelezen als: vaardigheden voldoende)"},
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


class Count(int):
    """A whole number that a template can also use to choose a word's singular or plural:
    ``"{count} {count:claim|claims}"`` gives "1 claim" and "2 claims" (and "0 claims").

    :func:`render` passes every integer field as a ``Count``, so no template needs "claim(s)" or
    "bewering(en)". Any other format spec formats the number as an ``int`` would.
    """

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, _, many = spec.partition("|")
            return one if int(self) == 1 else many
        return int.__format__(int(self), spec)


def _counted(value: object) -> object:
    """An integer field (Python or numpy, never a bool) as a :class:`Count`; other values unchanged."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return Count(int(value))
    return value


def render(templates: dict[str, dict[str, str]], key: str, lang: str, what: str = "label",
           **fields: object) -> str:
    """Fill template ``key`` of a ``{key: {lang: text}}`` registry in ``lang``: the one look-up
    behind :func:`text`, ``findings.sentence`` and ``audit.text``.

    Integer fields may choose singular or plural (``{count:bewering|beweringen}``, see :class:`Count`).
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
    return templates[key][lang].format(**{name: _counted(value) for name, value in fields.items()})


def text(key: str, lang: str, **fields: object) -> str:
    """The user-facing string ``key`` in ``lang`` ("nl" or "en"), placeholders filled from ``fields``."""
    return render(TEXTS, key, lang, **fields)


# ---------------------------------------------------------------- formatting numbers

MINUS = "\u2212"  # the minus sign of reader text (Dutch typography; English reports use it too)


def number(value: object, lang: str, decimals: int = 1, trim: bool = False) -> str:
    """A number rounded to ``decimals`` with a decimal comma in Dutch; empty text for a missing value.

    ``trim=True`` prints whole numbers without decimals (85, but 66.7), as the audit's prose does.
    A negative number carries the minus sign U+2212 ("−11"), never a hyphen, in both languages.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    formatted = f"{rounded:.0f}" if trim and rounded.is_integer() else f"{rounded:.{decimals}f}"
    formatted = formatted.replace("-", MINUS)
    return formatted.replace(".", ",") if lang == "nl" else formatted


def count(value: int, lang: str) -> str:
    """A whole count with thousands grouped as each language writes them: 16,800 (en), 16.800 (nl)."""
    grouped = f"{int(value):,}".replace("-", MINUS)
    return grouped.replace(",", ".") if lang == "nl" else grouped


def short(value: float, lang: str) -> str:
    """A setting's number as short as it goes: 1, 1.5, 1.25 (decimal comma in Dutch), as typed."""
    return f"{float(value):g}".replace("-", MINUS).replace(".", "," if lang == "nl" else ".")


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
def option_labels(table: pd.DataFrame, lang: str) -> list[str]:
    """Each row's answer text: its label, or "not published" for the unpublished remainder.

    ``stats`` gives the remainder an empty label and the kind ``"unpublished"`` (numbers and ids
    only); the wording is added here, for tables and charts alike.
    """
    return [text("kind.unpublished", lang) if kind == "unpublished" else str(label)
            for label, kind in zip(table["label"], table["kind"])]


COLUMNS: dict[str, tuple[tuple[str, ...], Callable[[pd.DataFrame, str], list[str]]]] = {
    "option": (("label", "kind"), option_labels),
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

    ``result`` is a frame, or the dict of ``stats.marginal_comparison`` (turned into a frame by
    ``stats.comparison_frame``). Shares and bounds get 1 decimal, p-values 3 (or "< 0.001");
    columns without a ``col.<name>`` label keep their name.
    """
    check_lang(lang)
    questions = {"question_a": "A", "question_b": "B"}
    if isinstance(result, dict):
        from ..inference import stats  # local: stats is the heavier module and must not be needed to import labels

        ids = str(result["a"]["question_id"]), str(result["b"]["question_id"])
        names = names or {}
        questions = {f"question_{side}": f"{names.get(question_id, question_id)}, n = {result['bases'][f'n_{side}']}"
                     for side, question_id in zip(("a", "b"), ids)}
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


# ---------------------------------------------------------------- the site: top bar, landing page, run details

SITE: dict[str, dict[str, str]] = {
    "site.home": {"en": "All reports (English)", "nl": "Alle rapporten (Nederlands)"},
    "site.failed": {"en": "this run failed; see the error below", "nl": "deze run is mislukt; zie de fout hieronder"},
    "site.settings": {"en": "Settings: {parts}.", "nl": "Instellingen: {parts}."},
    "site.settings_all": {"en": "Settings: every combination of the choices, side by side.",
                          "nl": "Instellingen: elke combinatie van de keuzes, naast elkaar."},
    "setting.confidence": {"en": "{level}% intervals ({method} method)", "nl": "{level}%-intervallen (methode {method})"},
    "setting.confidence_only": {"en": "{level}% intervals", "nl": "{level}%-intervallen"},
    "setting.dont_know.keep": {"en": "'don't know' counted in", "nl": "'weet niet' meegeteld"},
    "setting.dont_know.exclude": {"en": "'don't know' left out", "nl": "'weet niet' weggelaten"},
    "setting.n_scenario.layout": {"en": "n as laid out in the article", "nl": "n volgens de opmaak van het artikel"},
    "setting.n_scenario.attrition": {"en": "n shrinking with attrition", "nl": "n afnemend door uitval"},
    "setting.n_scenario.smallest": {"en": "the smallest printed n", "nl": "de kleinste gedrukte n"},
    "setting.n_scenario.other": {"en": "n scenario {name}", "nl": "n-scenario {name}"},
    "setting.rounding.both": {"en": "either rounding rule", "nl": "beide afrondingsregels"},
    "setting.rounding.half_up": {"en": "rounding half up", "nl": "afronding naar boven bij een half"},
    "setting.rounding.half_even": {"en": "rounding half to even", "nl": "afronding naar even bij een half"},
    "setting.deff": {"en": "design effect {deff}", "nl": "design-effect {deff}"},
    "setting.ci_method": {"en": "{method} intervals", "nl": "{method}-intervallen"},
    "setting.confidence_level": {"en": "{level}% confidence", "nl": "{level}% betrouwbaarheid"},
    # the interval methods of statsmodels' proportion_confint, as the literature names them
    "method.wilson": {"en": "Wilson", "nl": "Wilson"},
    "method.normal": {"en": "normal approximation (Wald)", "nl": "normale benadering (Wald)"},
    "method.agresti_coull": {"en": "Agresti–Coull", "nl": "Agresti–Coull"},
    "method.beta": {"en": "Clopper–Pearson", "nl": "Clopper–Pearson"},
    "method.jeffreys": {"en": "Jeffreys", "nl": "Jeffreys"},
    "method.binom_test": {"en": "exact binomial test", "nl": "exacte binomiale toets"},
    "setting.interval_charts": {"en": "with interval charts", "nl": "met intervalgrafieken"},
    "site.title": {"en": "Digital skills of civil servants: a re-analysis",
                   "nl": "Digitale vaardigheden van ambtenaren: een heranalyse"},
    "site.intro": {
        "en": "A re-analysis of a Dutch magazine article about a survey of 577 civil servants' digital skills "
              "(source: {source}). Every number below is recomputed from the article's own published "
              "percentages: the key numbers with their confidence interval, the article's claims with the range "
              "its rounded figures allow and, for a share, its confidence interval; the audit checks every claim "
              "of the article against them.",
        "nl": "Een heranalyse van een artikel in een Nederlands vakblad over een enquête naar de digitale "
              "vaardigheden van 577 ambtenaren (bron: {source}). Elk getal hieronder is opnieuw berekend uit "
              "de percentages die het artikel zelf publiceert: de kerngetallen met hun betrouwbaarheidsinterval, "
              "de beweringen van het artikel met het bereik dat de afgeronde cijfers toelaten en, voor een aandeel, "
              "het betrouwbaarheidsinterval; de controle toetst elke bewering van het artikel daaraan.",
    },
    "site.caveat": {"en": "These are the survey's respondents, not all Dutch civil servants: the article does not say "
                          "how respondents were recruited, so no number here speaks for civil servants in general.",
                    "nl": "Het gaat om de respondenten van de enquête, niet om alle Nederlandse ambtenaren: het artikel "
                          "zegt niet hoe de respondenten zijn geworven, dus geen getal hier spreekt voor ambtenaren in "
                          "het algemeen."},
    "site.verdicts": {"en": "The verdicts in one line", "nl": "De oordelen in één regel"},
    "site.claims": {"en": "The article's main claims and what the re-analysis finds",
                    "nl": "De belangrijkste beweringen van het artikel en wat de heranalyse vindt"},
    "site.overview": {"en": "Every headline share at a glance", "nl": "Alle kerncijfers in één beeld"},
    "site.findings": {"en": "Key numbers per section", "nl": "Kerncijfers per hoofdstuk"},
    "site.problems": {"en": "Main problems the audit found", "nl": "Belangrijkste problemen uit de controle"},
    "site.charts": {"en": "The charts", "nl": "De grafieken"},
    "site.sections": {"en": "The reports in reading order", "nl": "De rapporten in leesvolgorde"},
    "site.more": {"en": "read the section", "nl": "lees het hoofdstuk"},
    "site.details": {"en": "Run details (settings, status and files of every report)",
                     "nl": "Details van de uitvoering (instellingen, status en bestanden van elk rapport)"},
    "site.details_title": {"en": "Run details", "nl": "Details van de uitvoering"},
    "site.details_intro": {
        "en": "Every report of this folder as found on disk, with the settings read from its executed "
              "notebook. Durations are not recorded here (they change on every run); the runner prints them.",
        "nl": "Elk rapport in deze map zoals het op schijf staat, met de instellingen uit het uitgevoerde "
              "notebook. Looptijden staan hier niet (die veranderen bij elke uitvoering); het script dat de rapporten maakt, drukt ze af.",
    },
    "site.col.report": {"en": "Report", "nl": "Rapport"},
    "site.col.status": {"en": "Status", "nl": "Status"},
    "site.col.settings": {"en": "Settings", "nl": "Instellingen"},
    "site.col.parameters": {"en": "Parameters (as given to the notebook)", "nl": "Parameters (zoals aan het notebook meegegeven)"},
    "site.col.files": {"en": "Files", "nl": "Bestanden"},
    "site.status.ok": {"en": "rendered", "nl": "gemaakt"},
    "site.status.failed": {"en": "failed", "nl": "mislukt"},
    "site.status.incomplete": {"en": "incomplete: its page is missing", "nl": "onvolledig: de pagina ontbreekt"},
    "site.status.failed_kept": {"en": "last run failed; the earlier good report is kept",
                                "nl": "laatste run mislukt; het eerdere goede rapport blijft staan"},
    "site.back": {"en": "Back to the overview", "nl": "Terug naar het overzicht"},
    "site.language": {"en": "English", "nl": "Nederlands"},
    "site.choose": {"en": "Reports in English", "nl": "Rapporten in het Nederlands"},
    "site.set": {"en": "(parameter set {name})", "nl": "(parameterset {name})"},
    "site.article_name": {"en": "Magazine article on a survey by Publiek Denken and Overheid in Nederland among 577 "
                                "civil servants",
                          "nl": "Tijdschriftartikel over een enquête van Publiek Denken en Overheid in Nederland "
                                "onder 577 ambtenaren"},
    # the page chrome of every report page (helpers.build.chrome): navigation, contents, downloads
    "site.nav": {"en": "Sections", "nl": "Hoofdstukken"},
    "site.landing": {"en": "Overview", "nl": "Overzicht"},
    "site.previous": {"en": "Previous: {title}", "nl": "Vorige: {title}"},
    "site.next": {"en": "Next: {title}", "nl": "Volgende: {title}"},
    "site.toc": {"en": "On this page", "nl": "Op deze pagina"},
    "site.downloads": {"en": "Downloads", "nl": "Downloaden"},
    "site.download.notebook": {"en": "executed notebook (.ipynb)", "nl": "uitgevoerd notebook (.ipynb)"},
    "site.download.tables": {"en": "tables (CSV)", "nl": "tabellen (CSV)"},
    "site.download.figures": {"en": "figures (SVG)", "nl": "figuren (SVG)"},
}
TEXTS.update(SITE)


def scenario(name: str, lang: str) -> str:
    """An n scenario of ``data/n_scenarios.csv`` in words ("n shrinking with attrition"); a scenario
    added to the data without wording here is named as "n scenario <name>"."""
    key = f"setting.n_scenario.{name}"
    return text(key, lang) if key in TEXTS else text("setting.n_scenario.other", lang, name=name)


def method(name: str, lang: str) -> str:
    """An interval method (a ``ci_method`` value) by the name the literature gives it ("Clopper–Pearson")."""
    key = f"method.{name}"
    return text(key, lang) if key in TEXTS else str(name)


def setting(name: str, value: object, lang: str) -> str:
    """One choice of the analyst in words: ``confidence`` 0.99 -> "99% confidence" / "99% betrouwbaarheid",
    ``dont_know`` "exclude" -> "'don't know' left out", ``deff`` 1.5 -> "design-effect 1,5" (Dutch).

    Raises KeyError for a parameter that has no wording (``lang``, ``interval_charts``).
    """
    if name == "confidence":
        return text("setting.confidence_level", lang, level=level(float(value), lang))
    if name == "ci_method":
        return text("setting.ci_method", lang, method=method(str(value), lang))
    if name == "n_scenario":
        return scenario(str(value), lang)
    if name == "deff":
        return text("setting.deff", lang, deff=short(float(value), lang))
    if name in ("dont_know", "rounding"):
        return text(f"setting.{name}.{value}", lang)
    raise KeyError(f"no wording for parameter {name!r}; worded: confidence, ci_method, n_scenario, deff, "
                   "dont_know, rounding")


def settings_text(parameters: dict[str, object], lang: str) -> str:
    """A report's settings in words ("95%-intervallen (methode Wilson), 'weet niet' meegeteld, ...").

    ``parameters`` maps parameter names to values (every declared parameter of the notebook); names
    a notebook does not declare are left out.
    """
    check_lang(lang)
    parts = []
    if "confidence" in parameters:
        key = "setting.confidence" if "ci_method" in parameters else "setting.confidence_only"
        parts.append(text(key, lang, level=level(float(parameters["confidence"]), lang),
                          method=method(str(parameters.get("ci_method", "")), lang)))
    for name in ("dont_know", "n_scenario", "rounding", "deff"):
        if name in parameters:
            parts.append(setting(name, parameters[name], lang))
    if parameters.get("interval_charts") in (True, "True"):
        parts.append(text("setting.interval_charts", lang))
    # a notebook without choices of its own (07_multiverse varies them all)
    return text("site.settings", lang, parts=", ".join(parts)) if parts else text("site.settings_all", lang)


# ---------------------------------------------------------------- the audit as a report

AUDIT: dict[str, dict[str, str]] = {
    "audit.col.status": {"en": "Verdict", "nl": "Oordeel"},
    "audit.col.claims": {"en": "Claims", "nl": "Beweringen"},
    "audit.col.distinct": {"en": "Distinct (a repeated claim once)", "nl": "Verschillend (een herhaalde bewering één keer)"},
    "audit.col.claim": {"en": "Claim", "nl": "Bewering"},
    "audit.col.claim_nl": {"en": "Claim (key words as printed, Dutch)", "nl": "Bewering (kernwoorden zoals gedrukt)"},
    "audit.col.published": {"en": "Article", "nl": "Artikel"},
    "audit.col.recomputed": {"en": "Recomputed (rounding range)", "nl": "Herberekend (afrondingsbereik)"},
    "audit.col.rule": {"en": "Rule applied", "nl": "Toegepaste regel"},
    "audit.col.note": {"en": "Why", "nl": "Toelichting"},
    "audit.col.total": {"en": "Total", "nl": "Totaal"},
    "audit.col.interval": {"en": "{level}% interval of the share", "nl": "{level}%-interval van het aandeel"},
    "audit.col.holds_in_ci": {"en": "Rule holds in the interval", "nl": "Regel geldt in het interval"},
    "audit.col.deciding": {"en": "Deciding interval (level)", "nl": "Beslissend interval (niveau)"},
    "audit.col.hypothesis": {"en": "Declared hypothesis", "nl": "Vastgelegde hypothese"},
    "audit.col.estimate": {"en": "Point estimate", "nl": "Puntschatting"},
    "value.holds.all": {"en": "everywhere", "nl": "overal"},
    "value.holds.some": {"en": "in part", "nl": "deels"},
    "value.holds.none": {"en": "nowhere", "nl": "nergens"},
    "audit.group": {"en": "{status}: {count} {count:claim|claims}", "nl": "{status}: {count} {count:bewering|beweringen}"},
    "audit.checked": {
        "en": "{claims} claims of the article checked against its own published percentages, in {sections} "
              "sections; {questions} questions' printed percentages checked for rounding at every plausible n.",
        "nl": "{claims} beweringen uit het artikel getoetst aan de eigen gepubliceerde percentages, in "
              "{sections} hoofdstukken; van {questions} vragen is nagegaan of de gedrukte percentages bij elke "
              "plausibele n door afronding kunnen ontstaan.",
    },
    # headings and values of the detail tables
    "detail.question_id": {"en": "Question", "nl": "Vraag"},
    "detail.total": {"en": "Printed total (%)", "nl": "Gedrukt totaal (%)"},
    "detail.chart": {"en": "Chart", "nl": "Grafiek"},
    "detail.smallest_n_half_up": {"en": "Smallest n (half up)", "nl": "Kleinste n (half naar boven)"},
    "detail.smallest_n": {"en": "Smallest n (either rule)", "nl": "Kleinste n (een van beide regels)"},
    "detail.smallest_n_half_even": {"en": "Smallest n (half to even)", "nl": "Kleinste n (half naar even)"},
    "detail.ruled_out": {"en": "Ruled out", "nl": "Uitgesloten"},
    "detail.assignment": {"en": "Reading of the captions", "nl": "Lezing van de onderschriften"},
    "detail.fits_half_up": {"en": "Fits (half up)", "nl": "Past (half naar boven)"},
    "detail.fits_half_even": {"en": "Fits (half to even)", "nl": "Past (half naar even)"},
    "detail.published": {"en": "Published (%)", "nl": "Gepubliceerd (%)"},
    "detail.layout": {"en": "n as laid out", "nl": "n volgens opmaak"},
    "detail.attrition": {"en": "n with attrition", "nl": "n met uitval"},
    "detail.smallest": {"en": "smallest n", "nl": "kleinste n"},
    "detail.n": {"en": "n", "nl": "n"},
    "detail.rounding": {"en": "Rounding", "nl": "Afronding"},
    "detail.options": {"en": "Options", "nl": "Antwoorden"},
    "detail.published_total": {"en": "Printed total (%)", "nl": "Gedrukt totaal (%)"},
    "detail.completeness": {"en": "Completeness", "nl": "Volledigheid"},
    "detail.missing": {"en": "Missing (%)", "nl": "Ontbreekt (%)"},
    "detail.could_fill": {"en": "Could hold the missing share", "nl": "Kan het ontbrekende deel bevatten"},
    "detail.exists": {"en": "Counts exist", "nl": "Aantallen bestaan"},
    "detail.counts": {"en": "Compatible counts", "nl": "Passende aantallen"},
    "detail.remainder": {"en": "Remainder", "nl": "Rest"},
    "detail.explanation": {"en": "Explanation", "nl": "Verklaring"},
    "value.both": {"en": "both rules", "nl": "beide regels"},
    "value.half_up": {"en": "half up", "nl": "half naar boven"},
    "value.half_even": {"en": "half to even", "nl": "half naar even"},
    "value.none": {"en": "neither", "nl": "geen van beide"},
    "value.all charts": {"en": "all charts", "nl": "alle grafieken"},
    "value.layout": {"en": "n as laid out", "nl": "n volgens opmaak"},
    "value.attrition": {"en": "n with attrition", "nl": "n met uitval"},
    "value.smallest": {"en": "smallest n", "nl": "kleinste n"},
    "value.True": {"en": "yes", "nl": "ja"},
    "value.False": {"en": "no", "nl": "nee"},
    "value.complete": {"en": "complete", "nl": "volledig"},
    "value.any (each caption once or more)": {"en": "any assignment (each caption used at least once)",
                                              "nl": "elke toewijzing (elk onderschrift minstens eens gebruikt)"},
    "value.x_of_y": {"en": "{x} of {y}", "nl": "{x} van {y}"},
    "value.incomplete": {"en": "incomplete", "nl": "onvolledig"},
}
TEXTS.update(AUDIT)
