"""What the data can detect, in words: the precision tables, the audit's multiplicity and the multiverse.

Wording only (Dutch and English, :data:`TEMPLATES`); the numbers come from
:mod:`helpers.precision`, :mod:`helpers.multiplicity` and :mod:`helpers.multiverse`. Every
function returns a display-ready DataFrame of strings or Markdown text, and exports its table.
"""

from __future__ import annotations

import pandas as pd

from . import data, export, labels, precision
from .params import Settings

TEMPLATES: dict[str, dict[str, str]] = {
    # precision table headings
    "col.question": {"en": "Question", "nl": "Vraag"},
    "col.n": {"en": "n", "nl": "n"},
    "col.n_effective": {"en": "Effective n (n / deff)", "nl": "Effectieve n (n / deff)"},
    "col.half_width": {"en": "± at observed shares (points)", "nl": "± bij de waargenomen aandelen (procentpunten)"},
    "col.half_width_50": {"en": "± at 50% (points)", "nl": "± bij 50% (procentpunten)"},
    "col.headline": {"en": "Headline share %", "nl": "Hoofdaandeel %"},
    "col.versus": {"en": "Compared with item (n)", "nl": "Vergeleken met item (n)"},
    "col.mdd_independent": {"en": "Detectable difference, other item (points)",
                            "nl": "Aantoonbaar verschil, ander item (procentpunten)"},
    "col.sides": {"en": "Options compared", "nl": "Vergeleken antwoorden"},
    "col.difference": {"en": "Difference (points)", "nl": "Verschil (procentpunten)"},
    "col.mdd_paired": {"en": "Detectable difference, same question (points)",
                       "nl": "Aantoonbaar verschil, zelfde vraag (procentpunten)"},
    "col.detectable": {"en": "Difference detectable?", "nl": "Verschil aantoonbaar?"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "versus": {"en": "{question} ({n})", "nl": "{question} ({n})"},
    "sides": {"en": "{a} vs {b}", "nl": "{a} vs {b}"},
    # precision sentences
    "precision.intro": {
        "en": "Detectable differences at {power}% power, two-sided at the {level}% level, with the effective "
              "sample size n / {deff} (design effect):",
        "nl": "Aantoonbare verschillen bij {power}% onderscheidingsvermogen, tweezijdig op {level}%-niveau, met de "
              "effectieve steekproefomvang n / {deff} (design-effect):",
    },
    "precision.options": {
        "en": "{question}: {a} ({share_a}%) against {b} ({share_b}%), a difference of {difference} points, "
              "{verdict} the {mdd} points these respondents can detect between two answers to one question.",
        "nl": "{question}: {a} ({share_a}%) tegenover {b} ({share_b}%), een verschil van {difference} procentpunten, "
              "{verdict} de {mdd} procentpunten die deze respondenten tussen twee antwoorden op één vraag "
              "kunnen aantonen.",
    },
    "precision.items": {
        "en": "{question_a} ({share_a}%, n = {n_a}) against {question_b} ({share_b}%, n = {n_b}), compared by the "
              "article: a difference of {difference} points, {verdict} the {mdd} points two items of these sizes "
              "can detect (treated as independent samples; their overlap is not published).",
        "nl": "{question_a} ({share_a}%, n = {n_a}) tegenover {question_b} ({share_b}%, n = {n_b}), door het "
              "artikel vergeleken: een verschil van {difference} procentpunten, {verdict} de {mdd} procentpunten "
              "die twee items van deze omvang kunnen aantonen (als onafhankelijke steekproeven; hun overlap is "
              "niet gepubliceerd).",
    },
    "verdict.exceeds": {"en": "more than", "nl": "meer dan"},
    "verdict.within": {"en": "less than", "nl": "minder dan"},
}


def text(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` of :data:`TEMPLATES` in ``lang``, placeholders filled from ``fields``."""
    return labels.render(TEMPLATES, key, lang, what="robustness template", **fields)


def _deff(value: float, lang: str) -> str:
    """A design effect as short as it goes: 1, 1.5, 1.25 (decimal comma in Dutch)."""
    return labels.number(value, lang, 2, trim=True) if float(value).is_integer() else \
        f"{float(value):g}".replace(".", "," if lang == "nl" else ".")


def _option_labels(survey: data.Survey, question_id: str, joined: str, lang: str) -> str:
    """Option ids joined with " + " as their labels in ``lang``."""
    if not joined:
        return ""
    table = data.options(survey, question_id, lang).set_index("option_id")
    return " + ".join(str(table.at[option, "label"]) for option in joined.split(" + "))


def _questions(survey: data.Survey, section: str | None) -> list[str]:
    return precision.section_questions(survey, section)


def precision_table(survey: data.Survey, section: str | None, settings: Settings) -> pd.DataFrame:
    """The precision table of a section (all questions for None), formatted, headings in ``settings.lang``.

    The numeric table (:func:`helpers.precision.precision_table`) is exported as
    ``tables/precision_<section>.csv`` (``precision_all`` for None).
    """
    lang = settings.lang
    numbers = precision.precision_table(survey, _questions(survey, section), settings)
    export.save_table(numbers, f"precision_{section or 'all'}")
    fmt = lambda value: labels.number(value, lang, 1)  # noqa: E731
    shown = {
        text("col.question", lang): list(numbers["question_id"]),
        text("col.n", lang): [str(v) for v in numbers["n"]],
        text("col.n_effective", lang): [labels.number(v, lang, 0) for v in numbers["n_effective"]],
        text("col.half_width", lang): [labels.span(a, b, lang, 1) for a, b in
                                       zip(numbers["half_width_min"], numbers["half_width_max"])],
        text("col.half_width_50", lang): [fmt(v) for v in numbers["half_width_50"]],
        text("col.headline", lang): [fmt(v) for v in numbers["headline_share"]],
        text("col.versus", lang): [text("versus", lang, question=q, n=n)
                                   for q, n in zip(numbers["versus"], numbers["versus_n"])],
        text("col.mdd_independent", lang): [fmt(v) for v in numbers["mdd_independent"]],
        text("col.sides", lang): [text("sides", lang, a=_option_labels(survey, q, a, lang),
                                       b=_option_labels(survey, q, b, lang)) if b else ""
                                  for q, a, b in zip(numbers["question_id"], numbers["option_a"], numbers["option_b"])],
        text("col.difference", lang): [fmt(v) for v in numbers["difference"]],
        text("col.mdd_paired", lang): [fmt(v) for v in numbers["mdd_paired"]],
        text("col.detectable", lang): ["" if v is None else text("yes" if v else "no", lang)
                                       for v in numbers["detectable"]],
    }
    frame = pd.DataFrame(shown, dtype=object)
    return frame.set_index(text("col.question", lang))


def precision_findings(survey: data.Survey, section: str | None, settings: Settings) -> str:
    """Markdown bullets: every pair of figures a section compares, and whether the data can detect the gap.

    One bullet per question with two sides (the poles, or its two largest options) and one per
    comparison of two items the article draws in that section (``claims.csv``).
    """
    lang = settings.lang
    numbers = precision.precision_table(survey, _questions(survey, section), settings)
    lines = [text("precision.intro", lang, power=labels.number(precision.POWER * 100, lang, 0),
                  level=labels.level(settings.confidence, lang), deff=_deff(settings.deff, lang))]
    fmt = lambda value: labels.number(value, lang, 1, trim=True)  # noqa: E731
    for _, row in numbers.iterrows():
        if row["detectable"] is None:
            continue
        lines.append("- " + text(
            "precision.options", lang, question=row["question_id"],
            a=_option_labels(survey, row["question_id"], row["option_a"], lang),
            b=_option_labels(survey, row["question_id"], row["option_b"], lang),
            share_a=fmt(row["share_a"]), share_b=fmt(row["share_b"]), difference=fmt(abs(row["difference"])),
            mdd=fmt(row["mdd_paired"]), verdict=text("verdict.exceeds" if row["detectable"] else "verdict.within", lang)))
    for _, row in precision.claim_comparisons(survey, settings, section).iterrows():
        lines.append("- " + text(
            "precision.items", lang, question_a=row["question_a"], question_b=row["question_b"],
            share_a=fmt(row["share_a"]), share_b=fmt(row["share_b"]), n_a=row["n_a"], n_b=row["n_b"],
            difference=fmt(abs(row["difference"])), mdd=fmt(row["mdd"]),
            verdict=text("verdict.exceeds" if row["detectable"] else "verdict.within", lang)))
    return "\n".join(lines)


DEFF_TEMPLATES: dict[str, dict[str, str]] = {
    "col.deff": {"en": "deff {deff}: interval % (effective n)", "nl": "deff {deff}: interval % (effectieve n)"},
    "col.share": {"en": "Share %", "nl": "Aandeel %"},
}
TEMPLATES.update(DEFF_TEMPLATES)


def deff_table(survey: data.Survey, settings: Settings, deffs: tuple[float, ...] = (1.0, 1.5, 2.0)) -> pd.DataFrame:
    """Each chart's headline share with its interval at design effects 1, 1.5 and 2 (formatted).

    Numbers from :func:`helpers.precision.deff_widening` (exported as ``tables/deff_widening.csv``);
    one column per design effect, "low–high (n_eff)".
    """
    lang = settings.lang
    numbers = precision.deff_widening(survey, settings, deffs)
    export.save_table(numbers, "deff_widening")
    order = list(dict.fromkeys(numbers["question_id"]))
    shown = {text("col.question", lang): order,
             text("col.share", lang): [labels.number(numbers.loc[numbers["question_id"] == q, "share"].iloc[0], lang, 1)
                                       for q in order]}
    for deff in deffs:
        part = numbers[numbers["deff"] == float(deff)].set_index("question_id").loc[order]
        heading = text("col.deff", lang, deff=_deff(deff, lang))
        shown[heading] = [f"{labels.span(low, high, lang, 1)} ({labels.number(n_eff, lang, 0)})"
                          for low, high, n_eff in zip(part["ci_low"], part["ci_high"], part["n_effective"])]
    return pd.DataFrame(shown, dtype=object).set_index(text("col.question", lang))


HOLM_TEMPLATES: dict[str, dict[str, str]] = {
    "col.claim": {"en": "Claim", "nl": "Bewering"},
    "col.rule": {"en": "Rule", "nl": "Regel"},
    "col.holds_in_ci": {"en": "Rule over the interval", "nl": "Regel over het interval"},
    "col.direction": {"en": "Tested", "nl": "Getoetst"},
    "col.p_value": {"en": "p", "nl": "p"},
    "col.p_holm": {"en": "p (Holm)", "nl": "p (Holm)"},
    "col.survives": {"en": "Verdict survives Holm?", "nl": "Oordeel blijft staan na Holm?"},
    "extent.all": {"en": "holds for all", "nl": "geldt voor alles"},
    "extent.some": {"en": "holds for part", "nl": "geldt voor een deel"},
    "extent.none": {"en": "holds for none", "nl": "geldt voor niets"},
    "direction.holds": {"en": "claim holds", "nl": "bewering klopt"},
    "direction.fails": {"en": "claim fails", "nl": "bewering klopt niet"},
    "no_verdict": {"en": "no verdict", "nl": "geen oordeel"},
    "holm.summary": {
        "en": "The family: {m} verbal claims tested against a sampling interval ({level}% level, effective sample "
              "size n / {deff}). {verdicts} of them get a verdict from their interval (it lies wholly inside or "
              "wholly outside the rule); {survive} of those verdicts survive Holm's family-wise correction "
              "at {alpha}.",
        "nl": "De familie: {m} verbale beweringen getoetst aan een steekproefinterval ({level}%-niveau, effectieve "
              "steekproefomvang n / {deff}). {verdicts} daarvan krijgen een oordeel van hun interval (het ligt "
              "geheel binnen of geheel buiten de regel); {survive} van die oordelen blijven staan na Holms "
              "correctie voor de hele familie op {alpha}.",
    },
}
TEMPLATES.update(HOLM_TEMPLATES)


def holm_table(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The audit's interval verdicts with Holm's correction, formatted (numbers: :func:`helpers.multiplicity.holm`).

    Exported as ``tables/06_audit_holm.csv``.
    """
    from . import audit, multiplicity  # local: the audit is the heavier module

    lang = settings.lang
    table = multiplicity.holm(survey, checked, settings)
    export.save_table(table, "06_audit_holm")
    shown = {
        text("col.claim", lang): list(table["claim_id"]),
        text("col.rule", lang): [audit.rule_text(survey, rule, lang) for rule in table["rule_id"]],
        text("col.holds_in_ci", lang): [text(f"extent.{v}", lang) for v in table["holds_in_ci"]],
        text("col.direction", lang): [text(f"direction.{v}", lang) for v in table["direction"]],
        text("col.p_value", lang): [labels.pvalue(v, lang) for v in table["p_value"]],
        text("col.p_holm", lang): [labels.pvalue(v, lang) for v in table["p_holm"]],
        text("col.survives", lang): [text("yes" if s else "no", lang) if v else text("no_verdict", lang)
                                     for v, s in zip(table["verdict"], table["survives"])],
    }
    return pd.DataFrame(shown, dtype=object).set_index(text("col.claim", lang))


def holm_summary(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> str:
    """One sentence: the family's size, how many verdicts the intervals give, how many survive Holm."""
    from . import multiplicity

    lang = settings.lang
    table = multiplicity.holm(survey, checked, settings)
    return text("holm.summary", lang, m=len(table), verdicts=int(table["verdict"].sum()),
                survive=int(table["survives"].sum()), level=labels.level(settings.confidence, lang),
                deff=_deff(settings.deff, lang), alpha=labels.number(settings.alpha, lang, 2, trim=True))
