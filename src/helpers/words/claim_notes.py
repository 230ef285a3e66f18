"""The claims table's words: each claim check's facts (:func:`helpers.audit.claims.claim_facts`) as the
``rule``, ``recomputed`` and ``note`` cells, in Dutch or English.

The facts are numbers and codes; this module only words them (templates of
:mod:`helpers.words.audit_text`), so the point printed always lies in the range printed and a note
names the rule's extent over the range (``extent.all`` / ``some`` / ``none``) and both readings of a
claim that has two.
"""

from __future__ import annotations

import pandas as pd

from ..core import data
from ..inference import paired
from . import labels
from .audit_text import DASH, MINUS, _numbers, claim_note, n_assumed, notes_text, question_wording, text


def value_and_range(value: float, low: float, high: float, lang: str) -> str:
    """A point with its range, as the ``recomputed`` column prints it: "68.7 (68.6–68.8)".

    One decimal throughout (whole numbers without), so the point printed lies in the range printed.
    """
    value, low, high = (labels.number(x, lang, trim=True) for x in (value, low, high))
    return f"{value} ({low}{DASH}{high})"


def rule_text(survey: data.Survey, rule_id: str, lang: str) -> str:
    """A verbal rule as readable text, e.g. "large majority: >= 66.67%" (built once per survey, rule and language)."""
    key = ("rule_text", rule_id, lang)
    if key not in survey.views:
        rule = data.rule_row(survey, rule_id)
        test = text(f"test.{rule['test']}", lang, lower=labels.number(rule["lower"], lang, 2, trim=True),
                    upper=labels.number(rule["upper"], lang, 2, trim=True))
        survey.views[key] = f"{rule[f'term_{lang}']}: {test}"
    return survey.views[key]


def bases_text(survey: data.Survey, question_a: str, question_b: str, scenario: str, lang: str) -> str:
    """What is known about two items' respondents (:func:`helpers.inference.paired.bases`), as a phrase."""
    base = paired.bases(survey, question_a, question_b, scenario)
    if base["same_base"]:
        return text("bases.same", lang, n_a=base["n_a"])
    if base["only_one_at_least"] is not None:
        return text("bases.differ", lang, n_a=base["n_a"], n_b=base["n_b"], only_one=base["only_one_at_least"])
    # how each n is known: assumed, from a caption shared with another chart, or assumed under a scenario
    return text("bases.unknown", lang, n_a=base["n_a"], n_b=base["n_b"],
                unknown_a=n_assumed(survey, question_a, lang, scenario=scenario),
                unknown_b=n_assumed(survey, question_b, lang, scenario=scenario))


def _holds(reach: str) -> bool:
    """Does a rule hold for at least part of the range?"""
    return reach in ("all", "some")


def reading_note(lang: str, names: tuple[str, str], verdicts: tuple[tuple[str, str], tuple[str, str]]) -> str:
    """Both readings with their numbers and verdicts: "reading groups summed: 32 → fails; ..."."""
    parts = {}
    for key, name, (value, reach) in zip(("main", "alt"), names, verdicts):
        parts[f"{key}_name"] = text(f"reading.name.{name}", lang)
        parts[key] = text("reading.verdict", lang, value=value,
                          extent=text("holds.yes" if _holds(reach) else "holds.no", lang))
    return text("reading.both", lang, **parts)


def _range_note(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> str:
    """The note of a point checked against its rounding range: how a words option was recomputed,
    then the range at n."""
    assumed = n_assumed(survey, row["question_id"], lang, scenario=scenario)
    at_n = text("note.range", lang, n=facts["n"], assumed=assumed,
                **_numbers(lang, low=facts["range_low"], high=facts["range_high"]))
    return "; ".join(note for note in (notes_text(facts["range_notes"], lang), at_n) if note)


def _published(row: dict) -> float | None:
    """The number a claim prints, None if it prints none."""
    return None if pd.isna(row["published"]) else float(row["published"])


def _recomputed(facts: dict, lang: str) -> str:
    """The ``recomputed`` cell of a point with its range."""
    return value_and_range(facts["value"], facts["range_low"], facts["range_high"], lang)


def _not_verifiable(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A causal or qualitative claim: the standard reason, and the claim's own note (in ``lang``) when
    it says more."""
    reason, why = claim_note(row, lang), text(f"note.{row['method']}", lang)
    letters = lambda value: "".join(ch for ch in value.lower() if ch.isalpha())  # noqa: E731
    if reason and letters(reason) not in letters(why):
        why = f"{why}. {reason}"
    return {"note": why}


def _single(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A printed share: repeats the option's printed share, or names the two figures."""
    verdict = text("note.single_equal", lang) if facts["same"] else text(
        "note.single_differs", lang, **_numbers(lang, value=facts["printed"], published=_published(row)))
    return {"rule": text("rule.transcription" if facts["same"] else "rule.single", lang),
            "recomputed": _recomputed(facts, lang),
            "note": f"{verdict}; {_range_note(survey, row, facts, scenario, lang)}"}


def _sum_or_remainder(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A printed sum or remainder: the printed parts' arithmetic against the printed number."""
    method = facts["kind"]
    joined = (" + " if method == "sum" else f" {MINUS} ").join(str(p) for p in facts["parts"])
    verdict = text(f"note.{method}_{facts['outcome']}", lang, parts=joined, total=facts["total"],
                   **_numbers(lang, value=facts["arithmetic"], published=facts["target"]))
    return {"rule": text(f"rule.{method}", lang), "recomputed": _recomputed(facts, lang),
            "note": f"{verdict}; {_range_note(survey, row, facts, scenario, lang)}"}


def _comparison(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """Two shares with their ranges; a ``frechet`` claim adds what is known of the bases and the bounds."""
    shares = facts["shares"]
    note = text("note.comparison", lang, **_numbers(lang, **shares))
    if "frechet" in facts:
        bounds = facts["frechet"]
        bases = bases_text(survey, row["question_id"], facts["other_question_id"], scenario, lang)
        note = "; ".join([note, text("note.frechet", lang, bases=bases, n=bounds["n"],
                                     **_numbers(lang, a=shares["a"], b=shares["b"],
                                                **{key: value for key, value in bounds.items() if key != "n"}))])
    return {"rule": text(f"rule.{row['method']}", lang, op=facts["operator"]),
            "recomputed": "{a} {op} {b}".format(op=facts["operator"], **_numbers(lang, a=shares["a"], b=shares["b"])),
            "note": note}


def _verbal_share(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A verbal rule on one share: the range, the rule's extent, a printed figure that differs, both readings."""
    notes = [_range_note(survey, row, facts, scenario, lang), text(f"extent.{facts['reach']}", lang)]
    published = _published(row)
    if published is not None and published != facts["printed"]:
        notes.append(text("note.published_differs", lang,
                          **_numbers(lang, published=published, value=facts["printed"])))
    alternative = facts["alternative"]
    if alternative is not None:
        alt_value = " / ".join(value_and_range(one["value"], one["low"], one["high"], lang)
                               for one in alternative["ranges"])
        notes.append(reading_note(lang, alternative["names"], ((_recomputed(facts, lang), facts["reach"]),
                                                               (alt_value, alternative["reach"]))))
    return {"recomputed": _recomputed(facts, lang), "note": "; ".join(notes)}


def _verbal_poles(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A verbal rule on the balance of a scale: both poles with their ranges, the thresholds' extent and
    both readings (the thresholds; the difference with its interval)."""
    poles, balance = facts["poles"], facts["balance"]
    points = {pole: found["value"] for pole, found in poles.items()}
    note = text("note.poles", lang, **_numbers(lang, pos=points["positive"], neg=points["negative"],
                                              pos_low=poles["positive"]["low"], pos_high=poles["positive"]["high"],
                                              neg_low=poles["negative"]["low"], neg_high=poles["negative"]["high"]))
    balance_note = text("note.balance", lang, level=labels.level(facts["confidence"], lang), n=balance["n"],
                        assumed=n_assumed(survey, row["question_id"], lang, scenario=facts["n_scenario"], inside=True),
                        **_numbers(lang, diff=balance["difference"], low=balance["low"], high=balance["high"]))
    both = "{positive} / {negative}".format(**_numbers(lang, **points))
    readings = reading_note(lang, ("threshold", facts["alt_name"]),
                            ((both, facts["reach"]), (balance_note, facts["alt_reach"])))
    reach = text(f"extent.{facts['reach']}", lang)
    return {"recomputed": both, "note": f"{note}; {reach}; {readings}"}


def _verbal_largest(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A verbal rule on the largest option: which it is, its share and the rule's extent."""
    table = data.options(survey, row["question_id"]).set_index("option_id")
    note = text("note.largest", lang, option=table.loc[facts["largest"], f"option_{lang}"],
                **_numbers(lang, value=facts["value"]))
    reach = text(f"extent.{facts['reach']}", lang)
    return {"recomputed": _recomputed(facts, lang), "note": f"{note}; {reach}"}


def _missing_options(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A one-share rule without the options it is about."""
    return {"note": text("note.missing", lang, needed=text("what.options", lang))}


def _sample_size(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A printed n: the question's n, how it is known and the rounding rules its shares fit."""
    question = question_wording(survey, row["question_id"], lang)
    status = facts["n_status"]
    return {"recomputed": str(facts["n"]),
            "rule": text("rule.transcription" if facts["same"] else "rule.sample_size", lang),
            "note": text("note.sample_size", lang, question=question, n=facts["n"],
                         status=labels.text(f"n_status.{status}", lang),
                         rules=", ".join(labels.text(f"value.{rule}", lang) for rule in facts["fits"])
                         or text("none", lang))}


def _sample_size_unknown(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """A printed n of a question whose n is not published."""
    return {"note": text("note.sample_size_unknown", lang, question=question_wording(survey, row["question_id"], lang))}


# facts' kind -> how they are worded
WORDERS = {"not_verifiable": _not_verifiable, "single": _single, "sum": _sum_or_remainder,
           "remainder": _sum_or_remainder, "comparison": _comparison, "verbal_share": _verbal_share,
           "verbal_poles": _verbal_poles, "verbal_largest": _verbal_largest, "missing_options": _missing_options,
           "sample_size": _sample_size, "sample_size_unknown": _sample_size_unknown}


def worded(survey: data.Survey, row: dict, facts: dict, scenario: str, lang: str) -> dict:
    """The ``rule``, ``recomputed`` and ``note`` cells of one claim from its facts (a verbal claim's rule
    is its rule's text); a cell a check does not fill is empty."""
    out = {"rule": "", "recomputed": "", "note": ""}
    if "rule_id" in facts:
        out["rule"] = rule_text(survey, facts["rule_id"], lang)
    return {**out, **WORDERS[facts["kind"]](survey, row, facts, scenario, lang)}
