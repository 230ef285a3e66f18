"""The multiverse in words, Dutch and English: its headings, outcomes, choices and summary sentences.

The grid and its robustness summary are numbers and codes (:mod:`helpers.sensitivity.multiverse`);
this module names them. An audit verdict's outcome is named by the audit's own labels
(:func:`helpers.words.verdict_text.outcome_label`), so 06 and 07 use one vocabulary.
"""

from __future__ import annotations

from ..sensitivity import multiverse
from . import labels, verdict_text

TEMPLATES: dict[str, dict[str, str]] = {
    "col.kind": {"en": "Kind", "nl": "Soort"},
    "col.item": {"en": "Finding or claim", "nl": "Bevinding of bewering"},
    "col.reference": {"en": "In the reference reading", "nl": "In de referentielezing"},
    "col.same": {"en": "Same in (of {total} readings of the same question)",
                 "nl": "Hetzelfde in (van {total} lezingen van dezelfde vraag)"},
    "col.flipped_by": {"en": "Flipped by one change", "nl": "Omgeslagen door één wijziging"},
    "col.estimand": {"en": "With 'don't know' left out (another question)",
                     "nl": "Zonder 'weet niet' (een andere vraag)"},
    "kind.finding": {"en": "headline finding", "nl": "hoofdbevinding"},
    "kind.verdict": {"en": "audit verdict", "nl": "oordeel van de audit"},
    "kind.verdict after Holm": {"en": "verdict after Holm (the claim's own reading)",
                                "nl": "oordeel na Holm (eigen lezing van de bewering)"},
    "outcome.holds": {"en": "shown", "nl": "aangetoond"},
    "outcome.not shown": {"en": "not shown", "nl": "niet aangetoond"},
    "outcome.survives": {"en": "survives", "nl": "blijft staan"},
    "outcome.does not survive": {"en": "does not survive", "nl": "blijft niet staan"},
    "outcome.no verdict": {"en": "no verdict", "nl": "geen oordeel"},
    "statement.majority": {"en": "a majority", "nl": "een meerderheid"},
    "statement.minority": {"en": "a minority", "nl": "een minderheid"},
    "statement.half": {"en": "about half", "nl": "ongeveer de helft"},
    "finding_item": {"en": "'{question}': {options} is {statement}", "nl": "'{question}': {options} is {statement}"},
    "none": {"en": "none", "nl": "geen"},
    "combinations": {"en": "only combinations", "nl": "alleen combinaties"},
    "flips.none": {"en": "no single change", "nl": "geen enkele wijziging"},
    "multiverse.readings": {
        "en": "{total} readings: {methods} interval methods × {levels} confidence levels × {dont_know} ways with "
              "don't-know × {scenarios} n scenarios × {roundings} rounding rules × {deffs} design effects. The "
              "reference reading is exactly the reports' defaults, so its verdicts are those of the audit (06): "
              "{reference}.",
        "nl": "{total} lezingen: {methods} intervalmethoden × {levels} betrouwbaarheidsniveaus × {dont_know} "
              "manieren met weet-niet × {scenarios} n-scenario's × {roundings} afrondingsregels × {deffs} "
              "design-effecten. De referentielezing is precies de standaardinstelling van de rapporten, dus haar "
              "oordelen zijn die van de audit (06): {reference}.",
    },
    "multiverse.shown": {
        "en": "A statement is *shown* in a reading when the whole confidence interval of that reading lies on its "
              "side: above 50% for a majority, below 50% for a minority, and within {low}–{high}% for about half "
              "(the article's 'half' read as in data/verbal_rules.csv). An audit verdict is decided in each reading "
              "by its declared hypothesis (`data/hypotheses.csv`), exactly as in the audit.",
        "nl": "Een uitspraak is *aangetoond* in een lezing als het hele betrouwbaarheidsinterval van die lezing aan "
              "haar kant ligt: boven 50% voor een meerderheid, onder 50% voor een minderheid en binnen "
              "{low}–{high}% voor ongeveer de helft ('de helft' uit het artikel gelezen zoals in "
              "data/verbal_rules.csv). Een oordeel van de audit wordt in elke lezing beslist door zijn vooraf "
              "vastgelegde hypothese (`data/hypotheses.csv`), precies zoals in de audit.",
    },
    "multiverse.estimand": {
        "en": "Leaving out 'don't know' re-bases every share on those with an opinion: that asks another question, "
              "it is not another analysis of the same one. The counts and the flips below are over the {total} "
              "readings that keep 'don't know'; the outcome without it has a column of its own.",
        "nl": "Zonder 'weet niet' wordt elk aandeel berekend over wie een mening heeft: dat is een andere vraag, "
              "geen andere analyse van dezelfde vraag. De tellingen en omslagen hieronder gaan over de {total} "
              "lezingen die 'weet niet' meetellen; de uitkomst zonder 'weet niet' staat in een eigen kolom.",
    },
    "multiverse.findings": {
        "en": "Headline findings: {robust} of {total} keep their outcome in every reading; not robust: {fragile}.",
        "nl": "Hoofdbevindingen: {robust} van de {total} houden hun uitkomst in elke lezing; niet robuust: {fragile}.",
    },
    "multiverse.verdicts": {
        "en": "Audit verdicts on a declared hypothesis: {robust} of {total} claims keep their outcome in every "
              "reading; {robust_holm} of the {total_holm} hypotheses (each tested once) keep their outcome after Holm's "
              "correction (survives or not) in every reading.",
        "nl": "Oordelen van de audit over een vastgelegde hypothese: {robust} van de {total} beweringen houden hun "
              "uitkomst in elke lezing; {robust_holm} van de {total_holm} hypothesen (elk één keer getoetst) houden in "
              "elke lezing hun uitkomst na Holms correctie (blijft staan of niet).",
    },
    "multiverse.ranges": {
        "en": "The grid varies each choice over a few values (three n scenarios, three levels, three design effects); "
              "the tipping points above search every value. So a verdict can tip at one choice there (e.g. at a "
              "smaller n than any scenario) while the grid says 'only combinations' or 'no single change'.",
        "nl": "Het raster varieert elke keuze over een paar waarden (drie n-scenario's, drie niveaus, drie "
              "design-effecten); de omslagpunten hierboven doorzoeken elke waarde. Een oordeel kan daar dus bij één "
              "keuze omslaan (bijvoorbeeld bij een kleinere n dan elk scenario) terwijl het raster 'alleen "
              "combinaties' of 'geen enkele wijziging' zegt.",
    },
    "multiverse.table_note": {
        "en": "The table lists every headline finding and every verdict whose outcome changes in some reading; the "
              "full grid is exported as tables/07_multiverse_*.csv.",
        "nl": "De tabel toont elke hoofdbevinding en elk oordeel waarvan de uitkomst in een of meer lezingen "
              "verandert; het volledige raster staat in tables/07_multiverse_*.csv.",
    },
    "chart.title": {
        "en": "Each headline share's confidence interval in all {total} readings that keep 'don't know'",
        "nl": "Het betrouwbaarheidsinterval van elk hoofdaandeel in alle {total} lezingen met 'weet niet'",
    },
    "chart.caption": {
        "en": "Per finding, one thin line per reading (sorted by midpoint); black: the reference reading. Source: {source}.",
        "nl": "Per bevinding één dunne lijn per lezing (gesorteerd op middelpunt); zwart: de referentielezing. "
              "Bron: {source}.",
    },
    "chart.xlabel": {"en": "share of respondents (%)", "nl": "aandeel van de respondenten (%)"},
    "chart.alt": {
        "en": "one row per headline finding ({findings} findings), one thin line per reading; "
              "{always} of the {findings} findings are shown in every reading, {never} in none. The dashed line is 50%.",
        "nl": "één rij per hoofdbevinding ({findings} bevindingen), één dunne lijn per lezing; "
              "{always} van de {findings} bevindingen zijn in elke lezing aangetoond, {never} in geen enkele. "
              "De stippellijn is 50%.",
    },
    "inert": {"en": "The {choices} changes no finding and no verdict in any reading, so every count of readings "
                    "below counts each outcome {times} times: {distinct} of the {total} readings differ.",
              "nl": "De {choices} verandert in geen enkele lezing een bevinding of oordeel; elke telling van "
                    "lezingen hieronder telt dus elke uitkomst {times} keer: {distinct} van de {total} lezingen "
                    "verschillen."},
    "inert.many": {"en": "The choices {choices} change no finding and no verdict in any reading, so every count of "
                         "readings below counts each outcome {times} times: {distinct} of the {total} readings differ.",
                   "nl": "De keuzes {choices} veranderen in geen enkele lezing een bevinding of oordeel; elke telling "
                         "van lezingen hieronder telt dus elke uitkomst {times} keer: {distinct} van de {total} "
                         "lezingen verschillen."},
    "dimension.ci_method": {"en": "interval method", "nl": "intervalmethode"},
    "dimension.confidence": {"en": "confidence level", "nl": "betrouwbaarheidsniveau"},
    "dimension.dont_know": {"en": "treatment of 'don't know'", "nl": "behandeling van 'weet niet'"},
    "dimension.n_scenario": {"en": "n scenario", "nl": "n-scenario"},
    "dimension.rounding": {"en": "rounding rule", "nl": "afrondingsregel"},
    "dimension.deff": {"en": "design effect", "nl": "design-effect"},
    "legend.holds": {"en": "statement shown", "nl": "uitspraak aangetoond"},
    "legend.not_shown": {"en": "statement not shown", "nl": "uitspraak niet aangetoond"},
    "legend.reference": {"en": "reference reading", "nl": "referentielezing"},
}


def text(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` of :data:`TEMPLATES` in ``lang``, placeholders filled from ``fields``."""
    return labels.render(TEMPLATES, key, lang, what="multiverse template", **fields)


def outcome(kind: str, code: str, lang: str) -> str:
    """An outcome code of :func:`helpers.sensitivity.multiverse.robustness` in words: an audit verdict by
    the audit's own labels, a finding or a Holm outcome from :data:`TEMPLATES`. KeyError if unknown."""
    if kind == "verdict":
        return verdict_text.outcome_label(code, lang)
    return text(f"outcome.{code}", lang)


def choices(flipped_by: str, lang: str) -> str:
    """The grid's "name=value;name=value" single changes in words ("99% confidence, design effect 1.5")."""
    parts = []
    for change in flipped_by.split(";"):
        name, _, value = change.partition("=")
        parts.append(labels.setting(name, float(value) if name in ("confidence", "deff") else value, lang))
    return ", ".join(parts)


def flips(flipped_by: str, same: int, readings: int, lang: str) -> str:
    """What flips an outcome: the single changes, else "only combinations" (it changes somewhere), else
    "no single change"."""
    if flipped_by:
        return choices(flipped_by, lang)
    return text("combinations", lang) if same < readings else text("flips.none", lang)


def inert_choices(findings, verdicts, sizes: dict[str, int], total: int, lang: str) -> str:
    """The sentence naming the grid's choices that change no outcome (:func:`helpers.sensitivity.multiverse.
    inert_choices` of the grid's ``findings`` and ``verdicts``) and what that does to the counts; empty
    text if there are none. ``sizes``: the number of values of each choice; ``total``: the readings
    the counts run over."""
    columns = multiverse.inert_choices(findings, verdicts)
    if not columns:
        return ""
    times = 1
    for column in columns:
        times *= sizes[column]
    names = [text(f"dimension.{column}", lang) for column in columns]
    fields = {"times": times, "distinct": total // times, "total": total}
    if len(columns) == 1:
        return text("inert", lang, choices=names[0], **fields)
    return text("inert.many", lang, choices=", ".join(names), **fields)


def reference(lang: str) -> str:
    """The reference reading in words, every choice in the order of the grid."""
    return ", ".join(labels.setting(name, multiverse.REFERENCE[name], lang) for name in multiverse.READING_COLUMNS)
