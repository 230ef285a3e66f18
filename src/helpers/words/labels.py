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

import pandas as pd

from ..core.params import LANGUAGES
from .report_labels import AUDIT, SITE

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
        "en": "(drawn as the text reads it: agree or strongly agree = skills sufficient; the title is worded negatively)",
        "nl": "(getekend zoals de tekst het leest: eens of zeer eens = vaardigheden voldoende; de titel is negatief "
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


# ---------------------------------------------------------------- the site: top bar, landing page, run details

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

TEXTS.update(AUDIT)
