"""Issues found: short statements of what the audit found, each with its evidence, in the report's language."""

from __future__ import annotations

import pandas as pd

from ..audit import issues as audit_issues
from ..audit.readings import CONFIDENCE_CLAIMS
from ..audit.rounding import assignment_counts, charts, n_assignments, n_compatibility
from ..core import data
from ..core.params import Settings
from ..inference import counts
from . import labels
from .audit_text import _numbers, claim_name, question_wording, text
from .claim_table import check_claims
from .markup import escape_markdown
from .readings_text import wording_readings
from .rounding_text import rounding_table


def issues_found(survey: data.Survey, settings: Settings, checked: pd.DataFrame | None = None,
                 rounding: pd.DataFrame | None = None, compatibility: pd.DataFrame | None = None,
                 assignments: pd.DataFrame | None = None, readings: pd.DataFrame | None = None) -> list[str]:
    """Short statements of what the audit found, each with its evidence, built from the tables.

    ``checked``, ``rounding``, ``compatibility``, ``assignments`` and ``readings`` are the results of
    :func:`check_claims`, :func:`rounding_table`, :func:`n_compatibility`,
    :func:`n_assignments` and :func:`wording_readings` for the same survey and ``settings``: the
    notebook has already computed and shown them, so it passes them in rather than have them
    computed twice. Any that is None is computed here.
    """
    lang = settings.lang
    checked = check_claims(survey, settings) if checked is None else checked
    rounding = rounding_table(survey, lang) if rounding is None else rounding
    compatibility = n_compatibility(survey) if compatibility is None else compatibility
    assignments = n_assignments(survey) if assignments is None else assignments
    readings = wording_readings(survey, settings) if readings is None else readings
    issues = _claim_issues(checked, lang) + _total_issues(survey, settings, rounding)
    on_charts = compatibility[compatibility["chart"].notna()]
    ruled_out = int(sum(len(v.split(", ")) for v in on_charts["ruled_out"] if v))
    allowed = assignment_counts(survey, assignments)
    both = min(a for a, _ in allowed.values())
    total = next(iter(allowed.values()))[1]
    fine = [s for s in survey.scenarios
            if all(assignments.at[s, f"fits_{r}"] == "all charts" for r in counts.ROUNDING_RULES)]
    key = "issue.n_puzzle_none" if both == total else "issue.n_puzzle"  # a puzzle that excludes nothing checks nothing
    issues.append(text(key, lang, printed=len(data.printed_n(survey)), charts=len(charts(survey)),
                       ruled_out=ruled_out, allowed=labels.count(both, lang), total=labels.count(total, lang),
                       scenarios=", ".join(labels.scenario(name, lang) for name in fine) or text("none", lang)))
    if CONFIDENCE_CLAIMS[0] in survey.claims["claim_id"].values:
        status = readings.at["title", f"status_{CONFIDENCE_CLAIMS[0]}"]
        phrase = survey.claims.set_index("claim_id").at[CONFIDENCE_CLAIMS[0], "phrase_nl"]
        issues.append(text("issue.wording", lang, phrase=phrase, status=text(f"status.{status}", lang),
                           **_numbers(lang, share=readings.at["title", "dissatisfied"])))
    issues.extend(_smallest_n_issue(survey, settings, compatibility))
    issues.extend(anomalies(survey, lang))
    return issues


def _claim_issues(checked: pd.DataFrame, lang: str) -> list[str]:
    """The counted claims that are contradicted, depend on the reading or are undetermined, and the
    claims that cannot be checked."""
    issues = []
    for _, row in checked[(checked["status"] == "contradicted") & checked["counted"]].iterrows():
        issues.append(text("issue.contradicted", lang, claim=claim_name(row, lang),
                           recomputed=row["recomputed"], rule=row["rule"], note=row["note"]))
    for _, row in checked[(checked["status"] == "depends_on_reading") & checked["counted"]].iterrows():
        issues.append(text("issue.depends", lang, claim=claim_name(row, lang), note=row["note"]))
    for _, row in checked[(checked["status"] == "undetermined") & checked["counted"]].iterrows():
        issues.append(text("issue.undetermined", lang, claim=claim_name(row, lang), rule=row["rule"],
                           note=row["note"]))
    unverifiable = checked[checked["status"] == "not_verifiable"]
    if len(unverifiable):
        issues.append(text("issue.not_verifiable", lang, count=len(unverifiable),
                           claims="; ".join(claim_name(row, lang) for _, row in unverifiable.iterrows())))
    return issues


def _total_issues(survey: data.Survey, settings: Settings, rounding: pd.DataFrame) -> list[str]:
    """Printed totals other than 100 at the scenario's n (first rounding rule), and the rounding tests
    that fail (or that none does)."""
    lang = settings.lang
    issues = []
    default_n = {q: data.n_for(survey, q, settings.n_scenario) for q in survey.questions["question_id"]}
    odd = rounding[(rounding["published_total"] != 100)
                   & (rounding["n"] == rounding["question_id"].map(default_n))
                   & (rounding["rounding"] == counts.ROUNDING_RULES[0])]
    for _, row in odd.iterrows():
        explanation = row["explanation"] + (f"; {_fill_text(survey, row, lang)}" if row["could_fill"] else "")
        issues.append(text("issue.total", lang, question=question_wording(survey, row["question_id"], lang),
                           total=row["published_total"],
                           explanation=explanation))
    failing = rounding[~rounding["exists"]]
    if failing.empty:
        values = ", ".join(str(n) for n in sorted(set(rounding["n"]), reverse=True))
        issues.append(text("issue.rounding_none", lang, n_values=values))
    for _, row in failing.iterrows():
        issues.append(text("issue.rounding_fail", lang, question=question_wording(survey, row["question_id"], lang),
                           n=row["n"], rounding=labels.text(f"value.{row['rounding']}", lang)))
    return issues


def _smallest_n_issue(survey: data.Survey, settings: Settings, compatibility: pd.DataFrame) -> list[str]:
    """Items without a printed n: the n assumed under the scenario and the smallest n their figures fit."""
    lang = settings.lang
    unknown = survey.questions.loc[survey.questions["n_status"] == "unknown", "question_id"]
    if unknown.empty:
        return []
    assumed = sorted({data.n_for(survey, q, settings.n_scenario) for q in unknown})
    items = [text("issue.smallest_n_item", lang, question=question_wording(survey, q, lang),
                  n=compatibility.at[q, "smallest_n"]) for q in unknown]
    return [text("issue.smallest_n", lang, count=len(items), assumed=" / ".join(str(n) for n in assumed),
                 items="; ".join(items))]


def anomalies(survey: data.Survey, lang: str) -> list[str]:
    """:func:`helpers.audit.issues.anomalies` in ``lang``: what the article's own wording and captions
    show about who answered what, each with its evidence."""
    return [text(f"issue.anomaly.{key}", lang, **fields) for key, fields in audit_issues.anomalies(survey)]


def issues_markdown(issues: list[str]) -> str:
    """Issues as a Markdown bullet list; each escaped (they quote data text such as a claim's phrase)."""
    return "\n".join(f"- {escape_markdown(issue)}" for issue in issues)


def _fill_text(survey: data.Survey, row: pd.Series, lang: str) -> str:
    """What could hold a question's unpublished share, introduced as a possibility (not as a finding),
    unless its options are printed in words (then nothing needs filling)."""
    in_words = (data.options(survey, row["question_id"])["form"] == "words").any()
    return row["could_fill"] if in_words else text("fill.lead", lang, answers=row["could_fill"])
