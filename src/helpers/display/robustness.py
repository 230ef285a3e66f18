"""What the data can detect, in words: the precision tables and the audit's multiplicity (Holm).

Wording only (Dutch and English, :data:`TEMPLATES`); the numbers come from
:mod:`helpers.inference.precision` and :mod:`helpers.audit.verdicts`. Every function returns a
display-ready DataFrame of strings or Markdown text, and exports its table. The multiverse (07) is
:mod:`helpers.display.multiverse_report`.
"""

from __future__ import annotations

import pandas as pd

from ..core import data
from . import export
from ..audit import verdicts
from ..words import audit_text, labels, tables
from ..inference import comparisons, precision
from ..words.audit_text import claim_name, claim_wording, n_assumed, question_wording
from ..words.markup import escape_markdown
from ..core.params import Settings

TEMPLATES: dict[str, dict[str, str]] = {
    # precision table headings
    "col.question": {"en": "Question", "nl": "Vraag"},
    "col.n": {"en": "n", "nl": "n"},
    "col.n_effective": {"en": "Effective n (n / deff)", "nl": "Effectieve n (n / deff)"},
    "col.half_width": {"en": "± at observed shares (points)", "nl": "± bij de waargenomen aandelen (procentpunten)"},
    "col.half_width_50": {"en": "± at 50% (points)", "nl": "± bij 50% (procentpunten)"},
    "col.headline": {"en": "Headline share % (the options' count together, of n)",
                      "nl": "Hoofdaandeel % (aantal van de antwoorden samen, van n)"},
    "headline": {"en": "{share} ({options})", "nl": "{share} ({options})"},
    "col.versus": {"en": "Compared with item", "nl": "Vergeleken met item"},
    "col.mdd_independent": {"en": "Planning only: difference this n could detect, other item (points)",
                            "nl": "Alleen als ontwerpgetal: verschil dat deze n zou kunnen aantonen, ander item "
                                  "(procentpunten)"},
    "col.sides": {"en": "Options compared", "nl": "Vergeleken antwoorden"},
    "col.difference": {"en": "Difference (points)", "nl": "Verschil (procentpunten)"},
    "col.diff_ci": {"en": "Difference, {level}% CI (points)", "nl": "Verschil, {level}%-BI (procentpunten)"},
    "col.diff_p": {"en": "p of the difference", "nl": "p van het verschil"},
    "col.diff_verdict": {"en": "Observed difference, by its own test", "nl": "Waargenomen verschil, volgens zijn eigen toets"},
    "col.mdd_paired": {"en": "Planning only: difference this n could detect, same question (points)",
                       "nl": "Alleen als ontwerpgetal: verschil dat deze n zou kunnen aantonen, zelfde vraag "
                             "(procentpunten)"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "versus": {"en": "{question} (n = {n}{assumed})", "nl": "{question} (n = {n}{assumed})"},
    "n": {"en": "{n}{assumed}", "nl": "{n}{assumed}"},
    "sides": {"en": "{a} vs {b}", "nl": "{a} vs {b}"},
    # precision sentences
    "precision.intro": {
        "en": "Each difference is judged by its own {level}% interval and two-sided test, at the counts that fit "
              "the printed percentages, with {sample_size}. The planning figure at the end of each line (the "
              "difference a survey of this size could detect with {power}% power) judges nothing:",
        "nl": "Elk verschil wordt beoordeeld met zijn eigen {level}%-interval en tweezijdige toets, bij de aantallen "
              "die bij de gedrukte percentages passen, met {sample_size}. Het ontwerpgetal aan het eind van elke "
              "regel (het verschil dat een enquête van deze omvang met {power}% onderscheidingsvermogen zou kunnen "
              "aantonen) beoordeelt niets:",
    },
    # the sample size the numbers use: at design effect 1 the n itself, else the effective n / deff
    "sample_size.plain": {"en": "each item's own n (design effect 1: the sample assumed as informative as "
                                "a simple random sample of that size)",
                          "nl": "de eigen n van elke vraag (design-effect 1: de steekproef aangenomen zo "
                                "informatief als een aselecte steekproef van die omvang)"},
    "sample_size.effective": {"en": "the effective sample size n / {deff} (design effect {deff})",
                              "nl": "de effectieve steekproefomvang n / {deff} (design-effect {deff})"},
    "precision.options": {
        "en": "'{question}': {a} ({count_a} of {n}) against {b} ({count_b} of {n}), a difference ({a} minus {b}) "
              "of {difference} points ({level}% CI {low} to {high}, p {p}; over every count that fits the printed figures "
              "{low_range} to {high_range}): {verdict}. Planning figure: a survey of this size could detect "
              "{mdd} points between two answers to one question.",
        "nl": "'{question}': {a} ({count_a} van {n}) tegenover {b} ({count_b} van {n}), een verschil ({a} "
              "min {b}) van {difference} procentpunten ({level}%-BI {low} tot {high}, p {p}; over alle aantallen die bij de "
              "gedrukte percentages passen {low_range} tot {high_range}): {verdict}. Ontwerpgetal: een enquête "
              "van deze omvang zou {mdd} procentpunten tussen twee antwoorden op één vraag kunnen aantonen.",
    },
    "precision.items": {
        "en": "'{question_a}' ({share_a}%, n = {n_a}{assumed_a}) against '{question_b}' ({share_b}%, n = {n_b}{assumed_b}), "
              "compared by the article: a difference of {difference} points ({level}% CI {low} to {high}, p {p}; "
              "over every count that fits the printed figures {low_range} to {high_range}; with a standard error that "
              "holds however their respondents overlap, which is not published, as in the audit): {verdict}. Planning figure: two items of these sizes "
              "could detect {mdd} points.",
        "nl": "'{question_a}' ({share_a}%, n = {n_a}{assumed_a}) tegenover '{question_b}' ({share_b}%, n = {n_b}{assumed_b}), "
              "door het artikel vergeleken: een verschil van {difference} procentpunten ({level}%-BI {low} tot "
              "{high}, p {p}; over alle aantallen die bij de gedrukte percentages passen {low_range} tot "
              "{high_range}; met een standaardfout die geldt hoe hun respondenten ook overlappen, wat niet is "
              "gepubliceerd, zoals in de controle): {verdict}. "
              "Ontwerpgetal: twee items van deze omvang zouden {mdd} procentpunten kunnen aantonen.",
    },
    "verdict.differ": {"en": "the two differ", "nl": "de twee verschillen"},
    "verdict.not_distinguishable": {"en": "the data cannot tell the two apart (which does not show that they are equal)",
                                    "nl": "de gegevens kunnen de twee niet onderscheiden (wat niet aantoont dat ze "
                                          "gelijk zijn)"},
    "verdict.depends_on_counts": {"en": "whether the two differ depends on the unpublished counts",
                                  "nl": "of de twee verschillen, hangt af van de niet-gepubliceerde aantallen"},
}


class WideTable(pd.DataFrame):
    """A display table whose cells are never cut off ("..."): pandas' ``display.max_colwidth`` is
    lifted while it is shown (as HTML and as text), whatever the notebook's global setting."""

    @property
    def _constructor(self):
        return WideTable

    def _repr_html_(self) -> str | None:
        with pd.option_context("display.max_colwidth", None):
            return super()._repr_html_()

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return super().__repr__()


def text(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` of :data:`TEMPLATES` in ``lang``, placeholders filled from ``fields``."""
    return labels.render(TEMPLATES, key, lang, what="robustness template", **fields)


def _deff(value: float, lang: str) -> str:
    """A design effect as short as it goes: 1, 1.5, 1.25 (decimal comma in Dutch)."""
    return labels.short(value, lang)


def sample_size(settings: Settings) -> str:
    """Which sample size the numbers use, in words: at design effect 1 the items' own n (no "n / 1"),
    else the effective sample size n / deff."""
    if settings.deff == 1:
        return text("sample_size.plain", settings.lang)
    return text("sample_size.effective", settings.lang, deff=_deff(settings.deff, settings.lang))


def _option_labels(survey: data.Survey, question_id: str, joined: str, lang: str) -> str:
    """Option ids joined with " + " as their labels in ``lang``."""
    if not joined:
        return ""
    table = data.options(survey, question_id).set_index("option_id")
    return " + ".join(str(table.at[option, f"option_{lang}"]) for option in joined.split(" + "))


def _questions(survey: data.Survey, section: str | None) -> list[str]:
    return precision.section_questions(survey, section)


def precision_table(survey: data.Survey, section: str | None, settings: Settings) -> pd.DataFrame:
    """The precision table of a section (all questions for None), formatted, headings in ``settings.lang``.

    The numeric table (:func:`helpers.inference.precision.precision_table`) is exported as
    ``tables/precision_<section>.csv`` (``precision_all`` for None).
    """
    lang = settings.lang
    numbers = precision.precision_table(survey, _questions(survey, section), settings)
    export.save_table(numbers, f"precision_{section or 'all'}")
    fmt = lambda value: labels.number(value, lang, 1)  # noqa: E731
    shown = {
        text("col.question", lang): [question_wording(survey, q, lang) for q in numbers["question_id"]],
        text("col.n", lang): [text("n", lang, n=v, assumed=n_assumed(survey, q, lang, short=True,
                                                                       scenario=settings.n_scenario))
                              for q, v in zip(numbers["question_id"], numbers["n"])],
        text("col.n_effective", lang): [labels.number(v, lang, 0) for v in numbers["n_effective"]],
        text("col.half_width", lang): [labels.span(a, b, lang, 1) for a, b in
                                       zip(numbers["half_width_min"], numbers["half_width_max"])],
        text("col.half_width_50", lang): [fmt(v) for v in numbers["half_width_50"]],
        text("col.headline", lang): [text("headline", lang, share=fmt(v), options=_option_labels(survey, q, o, lang))
                                     for q, o, v in zip(numbers["question_id"], numbers["headline"],
                                                        numbers["headline_share"])],
        text("col.versus", lang): [text("versus", lang, question=question_wording(survey, q, lang), n=n,
                                        assumed=n_assumed(survey, q, lang, short=True,
                                                          scenario=settings.n_scenario))
                                   for q, n in zip(numbers["versus"], numbers["versus_n"])],
        text("col.mdd_independent", lang): [fmt(v) for v in numbers["mdd_independent"]],
        text("col.sides", lang): [text("sides", lang, a=_option_labels(survey, q, a, lang),
                                       b=_option_labels(survey, q, b, lang)) if b else ""
                                  for q, a, b in zip(numbers["question_id"], numbers["option_a"], numbers["option_b"])],
        text("col.difference", lang): [fmt(v) for v in numbers["difference"]],
        text("col.diff_ci", lang, level=labels.level(settings.confidence, lang)):
            [labels.span(a, b, lang, 1) for a, b in zip(numbers["diff_low"], numbers["diff_high"])],
        text("col.diff_p", lang): [tables.pvalue(v, lang) for v in numbers["diff_p"]],
        text("col.diff_verdict", lang): [text(f"verdict.{v}", lang) if isinstance(v, str) else ""
                                         for v in numbers["diff_verdict"]],
        text("col.mdd_paired", lang): [fmt(v) for v in numbers["mdd_paired"]],
    }
    frame = WideTable(shown, dtype=object)
    return frame.set_index(text("col.question", lang))


def _p_text(value: float, lang: str) -> str:
    """A p-value after "p": "< 0.001" or "= 0.022" (decimal comma in Dutch)."""
    shown = tables.pvalue(value, lang)
    return shown if shown.startswith("<") else f"= {shown}"


def precision_findings(survey: data.Survey, section: str | None, settings: Settings) -> str:
    """Markdown bullets: every pair of figures a section compares, each judged by its own test.

    One bullet per question with two sides (the poles, or its two largest options) and one per
    comparison of two items the article draws in that section (``claims.csv``). The verdict comes
    from the difference's interval over every compatible count vector
    (:func:`helpers.inference.precision.difference_over_counts`); the minimal detectable difference
    follows as a planning figure and decides nothing.
    """
    lang = settings.lang
    numbers = precision.precision_table(survey, _questions(survey, section), settings)
    level = labels.level(settings.confidence, lang)
    lines = [text("precision.intro", lang, power=labels.number(precision.POWER * 100, lang, 0),
                  level=level, sample_size=sample_size(settings))]
    fmt = lambda value: labels.number(value, lang, 1, trim=True)  # noqa: E731
    ci = lambda value: labels.number(value, lang, 1)  # noqa: E731
    for _, row in numbers.iterrows():
        if not isinstance(row["diff_verdict"], str):  # no second side to compare
            continue
        lines.append("- " + text(  # data text is never markup
            "precision.options", lang, question=escape_markdown(question_wording(survey, row["question_id"], lang)),
            a=escape_markdown(_option_labels(survey, row["question_id"], row["option_a"], lang)),
            b=escape_markdown(_option_labels(survey, row["question_id"], row["option_b"], lang)),
            count_a=labels.count(int(row["count_a"]), lang), count_b=labels.count(int(row["count_b"]), lang),
            n=labels.count(int(row["n"]), lang), difference=fmt(row["difference"]), level=level,
            low=ci(row["diff_low"]), high=ci(row["diff_high"]), p=_p_text(row["diff_p"], lang),
            low_range=ci(row["diff_low_range"]), high_range=ci(row["diff_high_range"]),
            verdict=text(f"verdict.{row['diff_verdict']}", lang), mdd=fmt(row["mdd_paired"])))
    for _, row in comparisons.claim_comparisons(survey, settings, section).iterrows():
        lines.append("- " + text(
            "precision.items", lang, question_a=escape_markdown(question_wording(survey, row["question_a"], lang)),
            question_b=escape_markdown(question_wording(survey, row["question_b"], lang)),
            share_a=fmt(row["share_a"]), share_b=fmt(row["share_b"]), n_a=row["n_a"], n_b=row["n_b"],
            assumed_a=n_assumed(survey, row["question_a"], lang, scenario=settings.n_scenario),
            assumed_b=n_assumed(survey, row["question_b"], lang, scenario=settings.n_scenario),
            difference=fmt(row["difference"]), level=level, low=ci(row["low"]), high=ci(row["high"]),
            p=_p_text(row["p"], lang), low_range=ci(row["low_range"]), high_range=ci(row["high_range"]),
            verdict=text(f"verdict.{row['verdict']}", lang), mdd=fmt(row["mdd"])))
    return "\n".join(lines)


DEFF_TEMPLATES: dict[str, dict[str, str]] = {
    "col.deff": {"en": "deff {deff}: interval % (effective n)", "nl": "deff {deff}: interval % (effectieve n)"},
    "col.share": {"en": "Headline share % (the options' count together, of n)",
                      "nl": "Hoofdaandeel % (aantal van de antwoorden samen, van n)"},
}
TEMPLATES.update(DEFF_TEMPLATES)


def deff_table(survey: data.Survey, settings: Settings, deffs: tuple[float, ...] = (1.0, 1.5, 2.0)) -> pd.DataFrame:
    """Each chart's headline share with its interval at design effects 1, 1.5 and 2 (formatted).

    Numbers from :func:`helpers.inference.precision.deff_widening` (exported as ``tables/deff_widening.csv``);
    one column per design effect, "low–high (n_eff)".
    """
    lang = settings.lang
    numbers = precision.deff_widening(survey, settings, deffs)
    export.save_table(numbers, "deff_widening")
    order = list(dict.fromkeys(numbers["question_id"]))
    shown = {text("col.question", lang): [question_wording(survey, q, lang) for q in order],
             text("col.share", lang): [text("headline", lang, options=_option_labels(
                 survey, q, " + ".join(data.headline_options(survey, q)), lang),
                 share=labels.number(numbers.loc[numbers["question_id"] == q, "share"].iloc[0], lang, 1))
                 for q in order]}
    for deff in deffs:
        part = numbers[numbers["deff"] == float(deff)].set_index("question_id").loc[order]
        heading = text("col.deff", lang, deff=_deff(deff, lang))
        shown[heading] = [f"{labels.span(low, high, lang, 1)} ({labels.number(n_eff, lang, 0)})"
                          for low, high, n_eff in zip(part["ci_low"], part["ci_high"], part["n_effective"])]
    return WideTable(shown, dtype=object).set_index(text("col.question", lang))


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
    "col.outcome": {"en": "Verdict of the claim's own reading", "nl": "Oordeel over de eigen lezing van de bewering"},
    "holm.p": {
        "en": " A p-value here says how surely the data lie on the decided side of the declared threshold or "
              "margin (for equivalence: of its nearer edge); it is small when they lie far from it. A verdict "
              "needs p below {alpha}, and after the correction of Holm an adjusted p below {alpha} for the whole family. "
              "The p of a share, a balance or a difference is one-sided and doubled to match a two-sided interval (the p of an "
              "equivalence test is not doubled); it is taken at the least favourable end of the shares the printed "
              "figures allow (each figure give or take half its rounding step), so it is capped at 1.000 when the "
              "data lie at or beyond the threshold on the other side.",
        "nl": " Een p-waarde zegt hier hoe zeker de gegevens aan de beslissende kant van de vastgelegde drempel of "
              "marge liggen (bij gelijkwaardigheid: van de dichtstbijzijnde rand); ze is klein als ze er ver van "
              "liggen. Een oordeel vraagt p onder {alpha}, en Holms aangepaste p onder {alpha} voor de hele "
              "familie. De p van een aandeel, een saldo of een verschil is eenzijdig en verdubbeld, passend bij een tweezijdig "
              "interval (de p van een gelijkwaardigheidstoets niet); ze is genomen aan de minst gunstige kant van "
              "de aandelen die de gedrukte cijfers toelaten (elk cijfer plus of min de helft van zijn afrondingsstap), "
              "en is daarom begrensd op 1,000 als de gegevens op of voorbij de drempel aan de andere kant liggen.",
    },
    "holm.headline": {
        "en": " Of the {supported} supported, {kept} {kept:survives|survive} the correction of Holm for testing {m} "
              "hypotheses at once; not: {names}.",
        "nl": " Van de {supported} ondersteunde {kept:blijft|blijven} er {kept} staan na de correctie van Holm voor "
              "het tegelijk toetsen van {m} hypothesen; niet: {names}.",
    },
    "holm.lost": {
        "en": " Of the claims the audit calls supported, {lost} {lost:does|do} not survive it: {names}; their "
              "verdict holds only before the correction for testing {m} hypotheses at once.",
        "nl": " Van de beweringen die de audit ondersteund noemt, {lost:blijft|blijven} er {lost} niet staan: "
              "{names}; hun oordeel geldt alleen vóór de correctie voor het tegelijk toetsen van {m} hypothesen.",
    },
    "holm.summary": {
        "en": "The family: {m} declared hypotheses, one per distinct claim in the claim's own reading, each tested once ({shared} {shared:claim repeats|claims repeat} "
              "a hypothesis another claim tests and {shared:shares|share} its row), at the {level}% level "
              "({sample_size}; equivalence claims by TOST). {verdicts} of them {verdicts:gets|get} a verdict "
              "from their deciding interval (it lies wholly on one side); {survive} of those verdicts "
              "{survive:survives|survive} Holm's family-wise correction at {alpha}. A claim's second reading is "
              "shown as a reading and is not in the family.",
        "nl": "De familie: {m} vastgelegde hypothesen, één per afzonderlijke bewering in haar eigen lezing, elk één keer getoetst ({shared} {shared:bewering "
              "herhaalt|beweringen herhalen} een hypothese die een andere bewering toetst en {shared:deelt|delen} "
              "haar rij), op {level}%-niveau ({sample_size}; gelijkwaardigheid met TOST). {verdicts} daarvan "
              "{verdicts:krijgt|krijgen} een oordeel van hun beslissende interval (het ligt helemaal aan één kant); "
              "{survive} van die oordelen {survive:blijft|blijven} staan na Holms correctie voor de hele familie "
              "op {alpha}. De tweede lezing van een bewering staat erbij als lezing en zit niet in de familie.",
    },
}
TEMPLATES.update(HOLM_TEMPLATES)


def holm_numbers(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """The Holm family of the declared hypotheses (:func:`helpers.audit.verdicts.holm_family`: one row
    per hypothesis, however many claims test it) with statsmodels' Holm adjustment at ``settings.alpha``:
    ``p_holm`` and ``survives`` (a verdict whose adjusted p is at most alpha)."""
    table = verdicts.holm(verdicts.holm_family(verdicts.verdicts(survey, settings)), settings.alpha)
    return table.assign(claim_ids=[";".join(ids) for ids in table["claim_ids"]])


def holm_table(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The family of declared hypotheses with Holm's correction, formatted (numbers: :func:`holm_numbers`).

    One row per hypothesis; the claims that share one are named together. The rule shown is the
    hypothesis the p-value tests. Exported as ``tables/06_audit_holm.csv``.
    """
    lang = settings.lang
    table = holm_numbers(survey, settings)
    export.save_table(table, "06_audit_holm")
    claims = survey.claims.set_index("claim_id")
    records = checked.set_index("claim_id")
    shown = {
        text("col.claim", lang): [" / ".join(claim_wording(claims.loc[c.split(";")], lang, quoted=True))
                                  for c in table["claim_ids"]],
        text("col.rule", lang): [records.at[c.split(";")[0], "rule"] for c in table["claim_ids"]],
        text("col.outcome", lang): [audit_text.text(f"status.{v}", lang) for v in table["outcome"]],
        text("col.direction", lang): [text(f"direction.{v}", lang) for v in table["direction"]],
        text("col.p_value", lang): [tables.pvalue(v, lang) for v in table["p_value"]],
        text("col.p_holm", lang): [tables.pvalue(v, lang) for v in table["p_holm"]],
        text("col.survives", lang): [text("yes" if s else "no", lang) if v else text("no_verdict", lang)
                                     for v, s in zip(table["verdict"], table["survives"])],
    }
    return WideTable(shown, dtype=object).set_index(text("col.claim", lang))


def lost_to_holm(survey: data.Survey, settings: Settings) -> list[str]:
    """The claims the audit calls supported whose hypothesis does not survive Holm's correction (the first
    claim of each such hypothesis, in the family's order)."""
    table = holm_numbers(survey, settings)
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    return [ids.split(";")[0] for ids, survives in zip(table["claim_ids"], table["survives"])
            if not survives and records.at[ids.split(";")[0], "outcome"] == "supported"]


def holm_note(survey: data.Survey, settings: Settings) -> str:
    """A sentence to follow the audit's headline: how many of the supported claims survive Holm's correction,
    naming those that do not (empty when all do)."""
    lost = lost_to_holm(survey, settings)
    if not lost:
        return ""
    counts = verdicts.counts(verdicts.verdicts(survey, settings))
    claims = survey.claims.set_index("claim_id")
    return text("holm.headline", settings.lang, supported=counts["supported"], kept=counts["supported"] - len(lost),
                m=counts["hypotheses"], names="; ".join(escape_markdown(claim_name(claims.loc[c], settings.lang))
                                                        for c in lost))


def holm_summary(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> str:
    """The family's size (hypotheses, each once), shared claims, verdicts, survivors of Holm, and which claims
    the audit calls supported lose that verdict under the correction."""
    lang = settings.lang
    table = holm_numbers(survey, settings)
    shared = int(sum(len(ids.split(";")) - 1 for ids in table["claim_ids"]))
    sentence = text("holm.summary", lang, m=len(table), shared=shared, verdicts=int(table["verdict"].sum()),
                    survive=int(table["survives"].sum()), level=labels.level(settings.confidence, lang),
                    sample_size=sample_size(settings), alpha=labels.number(settings.alpha, lang, 2, trim=True))
    sentence += text("holm.p", lang, alpha=labels.number(settings.alpha, lang, 2, trim=True))
    claims = survey.claims.set_index("claim_id")
    lost = lost_to_holm(survey, settings)
    if lost:
        sentence += text("holm.lost", lang, lost=len(lost), m=len(table),
                         names="; ".join(escape_markdown(claim_name(claims.loc[c], lang)) for c in lost))
    return sentence
