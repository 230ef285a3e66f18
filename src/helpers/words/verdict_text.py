"""The verdict records of :func:`helpers.audit.verdicts.verdicts` in words, Dutch and English.

The records carry codes and numbers only; this module names the outcome, states the declared
hypothesis ("at least 66.67%", "within 50% ± 5 points: equivalence, TOST"), and writes the note that
says why: the deciding interval and its level, the test and its p-value, each reading's outcome,
the claims that share the hypothesis, and an item narrower than the claim.
"""

from __future__ import annotations

import math

from . import labels, tables
from .audit_text import DASH, MINUS

OUTCOME_LABELS = {
    "supported": {"en": "supported", "nl": "ondersteund"},
    "contradicted": {"en": "contradicted", "nl": "weersproken"},
    "undetermined": {"en": "undetermined", "nl": "onbeslist"},
    "depends_on_reading": {"en": "depends on reading", "nl": "hangt af van de lezing"},
    "not_verifiable": {"en": "not verifiable", "nl": "niet te controleren"},
    "transcription": {"en": "transcription", "nl": "overgenomen cijfer"},
}

TEMPLATES: dict[str, dict[str, str]] = {
    "cmp.at_least": {"en": "{quantity} \u2265 {t}{unit}", "nl": "{quantity} \u2265 {t}{unit}"},
    "cmp.more_than": {"en": "{quantity} > {t}{unit}", "nl": "{quantity} > {t}{unit}"},
    "cmp.at_most": {"en": "{quantity} \u2264 {t}{unit}", "nl": "{quantity} \u2264 {t}{unit}"},
    "cmp.between": {"en": "{quantity} {t}{dash}{upper}{unit}", "nl": "{quantity} {t}{dash}{upper}{unit}"},
    "cmp.equivalent": {"en": "{quantity} equivalent to {t}{t_unit} within \u00b1 {margin} points",
                       "nl": "{quantity} gelijkwaardig aan {t}{t_unit} binnen \u00b1 {margin} procentpunt"},
    "quantity.share": {"en": "share", "nl": "aandeel"},
    "quantity.sum": {"en": "share", "nl": "aandeel"},
    "quantity.largest_share": {"en": "largest option", "nl": "grootste optie"},
    "quantity.poles": {"en": "each side of the scale", "nl": "elke kant van de schaal"},
    "quantity.balance": {"en": "positive {minus} negative", "nl": "positief {minus} negatief"},
    "quantity.difference": {"en": "difference of the two shares", "nl": "verschil van de twee aandelen"},
    "unit.percent": {"en": "%", "nl": "%"},
    "unit.points": {"en": " points", "nl": " procentpunt"},
    "test.share_interval": {"en": "{level}% interval of the share", "nl": "{level}%-interval van het aandeel"},
    "test.tost_share": {"en": "two one-sided tests (TOST), {level}% interval",
                        "nl": "twee eenzijdige toetsen (TOST), {level}%-interval"},
    "test.balance_interval": {"en": "{level}% interval of the balance (multinomial variance)",
                              "nl": "{level}%-interval van het saldo (multinomiale variantie)"},
    "test.tost_balance": {"en": "two one-sided tests (TOST) of the balance, {level}% interval (multinomial variance)",
                          "nl": "twee eenzijdige toetsen (TOST) van het saldo, {level}%-interval (multinomiale "
                                "variantie)"},
    "test.difference_interval": {"en": "{level}% interval of the difference, standard errors added (valid whatever "
                                       "the overlap of respondents)",
                                 "nl": "{level}%-interval van het verschil, standaardfouten opgeteld (geldig hoe de "
                                       "respondenten ook overlappen)"},
    "test.largest_interval": {"en": "{level}% interval of every option", "nl": "{level}%-interval van elke optie"},
    "test.poles_interval": {"en": "{level}% interval of each side (the side nearer a bound shown)",
                            "nl": "{level}%-interval van elke kant (de kant het dichtst bij een grens getoond)"},
    "why.supported": {"en": "the interval lies wholly on the side of the claim",
                      "nl": "het interval ligt helemaal aan de kant van de bewering"},
    "why.contradicted": {"en": "the interval lies wholly on the other side",
                         "nl": "het interval ligt helemaal aan de andere kant"},
    "why.undetermined": {"en": "the interval reaches both sides: the data cannot tell",
                         "nl": "het interval reikt aan beide kanten: de cijfers beslissen het niet"},
    "note.verdict": {"en": "{test}: {low}{dash}{high}{unit} (n = {n}{assumed}; p {p}); {why}",
                     "nl": "{test}: {low}{dash}{high}{unit} (n = {n}{assumed}; p {p}); {why}"},
    "note.reading": {"en": "reading {name}: {estimate}{unit} ({low}{dash}{high}) \u2192 {outcome}",
                     "nl": "lezing {name}: {estimate}{unit} ({low}{dash}{high}) \u2192 {outcome}"},
    "reading.as_printed": {"en": "as the text", "nl": "als de tekst"},
    "reading.title_polarity": {"en": "as the chart title", "nl": "als de grafiektitel"},
    "reading.per_option": {"en": "per group, the largest shown", "nl": "per groep, de grootste getoond"},
    "reading.other_hypothesis": {"en": "against another question", "nl": "tegen een andere vraag"},
    "reading.both_poles": {"en": "each side on its own", "nl": "elke kant apart"},
    "note.shared": {"en": "the same hypothesis as {claims}: counted and tested once",
                    "nl": "dezelfde hypothese als {claims}: \u00e9\u00e9n keer geteld en getoetst"},
    "note.narrower": {"en": "the item measures a narrower question than the claim ({why}), so the verdict is about "
                            "that narrower question",
                      "nl": "de vraag meet iets smallers dan de bewering ({why}), dus het oordeel gaat over die "
                            "smallere vraag"},
    "note.other_item": {"en": "the item asks another question than the claim ({why}), so the verdict is about that "
                              "question",
                        "nl": "de vraag vraagt iets anders dan de bewering ({why}), dus het oordeel gaat over die "
                              "vraag"},
    "note.transcription": {"en": "a printed figure against itself: checks our copy of the data, not the article "
                                 "(not counted)",
                           "nl": "een gedrukt cijfer tegen zichzelf: controleert onze overname, niet het artikel "
                                 "(telt niet mee)"},
}


def text(key: str, lang: str, **fields: object) -> str:
    """Fill template ``key`` in ``lang`` (:func:`helpers.words.labels.render`)."""
    return labels.render(TEMPLATES, key, lang, what="verdict template", dash=DASH, minus=MINUS, **fields)


def outcome_label(outcome: str, lang: str) -> str:
    """An outcome code in words ("supported" / "ondersteund"); KeyError listing the codes if unknown."""
    if outcome not in OUTCOME_LABELS:
        raise KeyError(f"unknown outcome {outcome!r}; allowed: {', '.join(OUTCOME_LABELS)}")
    return OUTCOME_LABELS[outcome][labels.check_lang(lang)]


def _unit(quantity: str, lang: str) -> str:
    return text("unit.points" if quantity in ("difference", "balance") else "unit.percent", lang)


def _number(value: float, lang: str) -> str:
    return labels.number(value, lang, 1, trim=True).replace("-", MINUS)


def hypothesis_text(record: dict, lang: str) -> str:
    """The declared hypothesis of a verdict record, e.g. "share ≥ 66.67%" or "positive − negative equivalent to 0
    within ± 15 points"; an equivalence margin is in percentage points, also around a share ("50% ± 5 points")."""
    quantity = record["quantity"]
    fields = {name: labels.number(record[name], lang, 2, trim=True).replace("-", MINUS)
              for name in ("threshold", "upper", "margin") if not _missing(record[name])}
    return text(f"cmp.{record['comparator']}", lang, quantity=text(f"quantity.{quantity}", lang),
                unit=_unit(quantity, lang), t=fields.get("threshold", ""), upper=fields.get("upper", ""),
                margin=fields.get("margin", ""), t_unit="" if quantity in ("difference", "balance") else "%")


def _p(value: float, lang: str) -> str:
    """"= 0.041" or "< 0.001", to follow a "p"."""
    shown = tables.pvalue(value, lang)
    return shown if shown.startswith("<") else f"= {shown}"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def verdict_note(record: dict, lang: str, claim_names: dict[str, str], assumed: str = "", why_narrower: str = "") -> str:
    """Why a checked claim got its outcome: the deciding interval with its test, level and p-value,
    each reading's outcome when there are two, the claims sharing the hypothesis, a narrower item.

    ``claim_names``: claim_id -> how the report names a claim; ``assumed``: the text that follows an
    assumed n (:func:`helpers.words.audit_text.n_assumed`); ``why_narrower``: the claim's own note on
    how its item is narrower or another question (a clause), said inside the verdict.
    """
    unit = _unit(record["quantity"], lang)
    own = record["readings"][0][1]
    p = record["p_holds"] if own == "supported" else record["p_fails"] if own == "contradicted" else min(
        record["p_holds"], record["p_fails"])
    parts = [text("note.verdict", lang, test=text(f"test.{record['test']}", lang,
                                                   level=labels.level(record["level"], lang)),
                  low=_number(record["ci_low"], lang), high=_number(record["ci_high"], lang), unit=unit,
                  n=record["n"], assumed=assumed, p=_p(p, lang), why=text(f"why.{own}", lang))]
    if len(record["readings"]) > 1:
        parts += [text("note.reading", lang, name=text(f"reading.{name}", lang), estimate=_number(estimate, lang),
                       unit=_unit(quantity, lang), low=_number(low, lang), high=_number(high, lang),
                       outcome=outcome_label(outcome, lang))
                  for name, outcome, estimate, low, high, quantity in record["readings"]]
    if record["shares_with"]:
        parts.append(text("note.shared", lang, claims=", ".join(claim_names[c] for c in record["shares_with"])))
    if record["scope"] in ("narrower_item", "other_item"):
        parts.append(text("note.narrower" if record["scope"] == "narrower_item" else "note.other_item", lang,
                          why=why_narrower))
    return "; ".join(parts)
