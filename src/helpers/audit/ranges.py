"""Share ranges for the audit: what a printed figure allows the true share to be, and the rule tests.

A printed k% stands for a true share somewhere in a small range. For a question with n
respondents the range is exact: the smallest and largest share ``100 * c / n`` over all count
vectors ``c`` compatible with *all* of the question's printed figures at once, under the run's
rounding model (``settings.rounding``: either rule by default), with one reading of each figure
(:func:`helpers.inference.stats.evidence`: a figure in words bounds no count; a figure merged from two
options has twice the rounding width). These are the same counts the tables use
(:func:`helpers.inference.stats.question_counts`), so a figure's range is the same everywhere.

The point shown with a range is the share at the tables' point counts (a compatible vector), so it
always lies in its range.
"""

from __future__ import annotations

from typing import Iterable

from ..inference import counts, stats
from ..core import data

SHARE_TESTS = ("between", "more_than", "at_least", "at_most")
POLE_TESTS = ("divided", "positive_below_negative")
STATUS_OF_EXTENT = {"all": "consistent", "some": "consistent within rounding", "none": "inconsistent"}


# a language-free note of the audit: (template key, fields), worded by helpers.words.audit_text.notes_text
NoteRecord = tuple[str, tuple[tuple[str, object], ...]]


def share_range(survey: data.Survey, question_id: str, option_ids: Iterable[str], n: int,
                rounding: str = stats.DEFAULT_ROUNDING) -> tuple[float, float, tuple[NoteRecord, ...]]:
    """The range (in %) of the true combined share of ``option_ids``, given the printed figures and n.

    Returns ``(low, high, notes)``: :func:`helpers.inference.counts.subset_range` of the options over the
    compatible counts of :func:`helpers.inference.stats.question_counts` (at ``n``, under ``rounding``).
    ``notes`` (language-free :data:`NoteRecord` records) say that an option is printed in words
    (``note.words``, with the numeral parts the share is recomputed from), or that no count vector of n
    fits (``note.fallback``, never the case for the committed data): each figure +/- half its rounding width.
    """
    wanted = tuple(dict.fromkeys(option_ids))
    key = ("share_range", question_id, wanted, n, rounding)
    if key not in survey.views:  # asked for once per claim, pole and reading by the audit and the multiverse
        survey.views[key] = _share_range(survey, question_id, list(wanted), n, rounding)
    return survey.views[key]  # a tuple of floats and nested tuples: nothing a caller can change


def _share_range(survey: data.Survey, question_id: str, wanted: list[str], n: int,
                 rounding: str) -> tuple[float, float, tuple[NoteRecord, ...]]:
    """:func:`share_range`, computed."""
    question = stats.question_counts(survey, question_id, n=n, rounding=rounding)
    members = [question.index(option) for option in wanted]
    percents, parts, words = stats.evidence(survey, question_id)
    notes: list[NoteRecord] = []
    if any(words[i] for i in members if i < len(words)):
        numeral = tuple(p for p, word in zip(percents, words) if not word)
        notes.append(("note.words", (("parts", numeral),)))
    if question.consistent:
        low, high = counts.subset_range(list(question.intervals), members, n, complete=True)
        return 100 * low / n, 100 * high / n, tuple(notes)
    notes.append(("note.fallback", (("n", n),)))
    intervals = [(0.0, 100.0) if word else (max(p - m / 2, 0.0), min(p + m / 2, 100.0))
                 for p, m, word in zip(percents, parts, words)]
    intervals += [(0.0, 100.0)] * (len(question.rows) - len(intervals))
    found = counts.subset_range(intervals, members, 100.0, complete=True)
    low, high = found if found is not None else (float("nan"), float("nan"))
    return float(low), float(high), tuple(notes)


def point_share(survey: data.Survey, question_id: str, option_ids: Iterable[str], n: int,
                rounding: str = stats.DEFAULT_ROUNDING) -> float:
    """The combined share (%) of ``option_ids`` at the tables' point counts: inside :func:`share_range`."""
    question = stats.question_counts(survey, question_id, n=n, rounding=rounding)
    return 100.0 * sum(question.point[question.index(option)] for option in dict.fromkeys(option_ids)) / n


def printed_share(survey: data.Survey, question_id: str, option_ids: Iterable[str]) -> float:
    """The printed share of the options; a words-printed option counts as 100 minus the numeral ones."""
    wanted = frozenset(option_ids)
    key = ("printed_share", question_id, wanted)
    if key not in survey.views:  # asked for once per claim and reading by the audit and the multiverse
        table = data.options(survey, question_id)
        words = table["form"] == "words"
        if words.any() and set(table.loc[words, "option_id"]) & wanted:
            others = table[~table["option_id"].isin(wanted)]
            survey.views[key] = float(100 - others["percent"].sum())
        else:
            survey.views[key] = float(table.loc[table["option_id"].isin(wanted), "percent"].sum())
    return survey.views[key]


# ---------------------------------------------------------------- rule tests

def extent(all_hold: bool, some_hold: bool) -> str:
    """"all", "some" or "none": for how much of a range a rule holds (the keys of :data:`STATUS_OF_EXTENT`)."""
    return "all" if all_hold else ("some" if some_hold else "none")


def evaluate(test: str, lower: float, upper: float, ranges: dict) -> str:
    """Does a verbal rule hold for all, some or none of the shares in ``ranges``?

    ``ranges`` holds ``share`` (low, high) for one-share tests, ``positive``/``negative`` for the
    pole tests and ``options`` (a list of (low, high)) for ``largest_option_at_most``. Pole ranges
    are treated as independent (for 'some' this is slightly generous; the sum constraint between
    poles is ignored).
    """
    if test in SHARE_TESTS:
        low, high = ranges["share"]
        if test == "between":
            return extent(lower <= low and high <= upper, high >= lower and low <= upper)
        if test == "more_than":
            return extent(low > lower, high > lower)
        if test == "at_least":
            return extent(low >= lower, high >= lower)
        return extent(high <= upper, low <= upper)
    if test == "divided":
        (p_low, p_high), (q_low, q_high) = ranges["positive"], ranges["negative"]
        return extent(min(p_low, q_low) >= lower and max(p_high, q_high) <= upper,
                      min(p_high, q_high) >= lower and max(p_low, q_low) <= upper)
    if test == "largest_option_at_most":
        options = ranges["options"]
        return extent(max(high for _, high in options) <= upper, max(low for low, _ in options) <= upper)
    if test == "positive_below_negative":
        (p_low, p_high), (q_low, q_high) = ranges["positive"], ranges["negative"]
        return extent(p_high <= upper and p_high < q_low, p_low <= upper and p_low < q_high)
    raise ValueError(f"test={test!r} is not allowed; allowed: {', '.join(data.RULE_TESTS)}")
