"""What the data can detect, in words: the precision tables and the audit's multiplicity (Holm).

The wording is :mod:`helpers.words.robustness_text`; the numbers come from
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
from ..words.robustness_text import text
from ..core.params import Settings


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
                                                          scenario=settings.n_scenario, inside=True))
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
            assumed_a=n_assumed(survey, row["question_a"], lang, scenario=settings.n_scenario, inside=True),
            assumed_b=n_assumed(survey, row["question_b"], lang, scenario=settings.n_scenario, inside=True),
            difference=fmt(row["difference"]), level=level, low=ci(row["low"]), high=ci(row["high"]),
            p=_p_text(row["p"], lang), low_range=ci(row["low_range"]), high_range=ci(row["high_range"]),
            verdict=text(f"verdict.{row['verdict']}", lang), mdd=fmt(row["mdd"])))
    return "\n".join(lines)



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
        text("col.p_bh", lang): [tables.pvalue(v, lang) for v in table["p_bh"]],
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
    decided = verdicts.verdicts(survey, settings).set_index("claim_id").loc[[ids.split(";")[0] for ids in table.loc[table["verdict"], "claim_ids"]],
                                                 "outcome"].value_counts()
    if decided.get("depends_on_reading", 0):  # the decided count is not the supported count: say why
        sentence += text("holm.split", lang, verdicts=int(table["verdict"].sum()),
                         supported=int(decided.get("supported", 0)), depends=int(decided["depends_on_reading"]))
    sentence += text("holm.bh", lang, survive_bh=int(table["survives_bh"].sum()), verdicts=int(table["verdict"].sum()))
    sentence += text("holm.p", lang, alpha=labels.number(settings.alpha, lang, 2, trim=True))
    claims = survey.claims.set_index("claim_id")
    lost = lost_to_holm(survey, settings)
    if lost:
        sentence += text("holm.lost", lang, lost=len(lost), m=len(table),
                         names="; ".join(escape_markdown(claim_name(claims.loc[c], lang)) for c in lost))
    return sentence
