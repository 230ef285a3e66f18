"""One question's counts: the integer counts compatible with its rounded percentages at one n.

Only rounded percentages were published, so a question's counts are known up to rounding:
:func:`question_counts` finds, for a question at n under the run's rounding model, every option's
compatible counts on its own and under the sum constraint, and the point count vector nearest to
``percent * n / 100`` (:func:`nearest_counts`); :func:`evidence` says what each published figure
tells (a figure in words bounds no count, a merged figure has twice the rounding width);
:func:`envelope` ranges an interval over every compatible count (the tables' ``*_range``
columns). The choices are documented in :mod:`helpers.inference.stats`, which re-exports these names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import counts
from ..core import data, params
from .intervals import interval

DEFAULT_ROUNDING = "both"


MERGED_PARTS = 2  # a figure the text merges from two options ("onvoldoende of zeer onvoldoende")


UNPUBLISHED = "unpublished"


def is_complete(percents: Sequence[int], parts: Sequence[int] | None = None) -> bool:
    """Are the published options all options? True if the total is within k/2 of 100 (k rounded parts).

    Rounding each of k shares changes it by at most 1/2, so a complete question's total lies
    within k/2 of 100 (99..101 for the article's items; a figure merged from two options counts
    as two parts); a lower total means options are missing from the publication.
    """
    percents = list(percents)
    k = sum(parts) if parts is not None else len(percents)
    return abs(sum(percents) - 100) * 2 <= k


def nearest_counts(percents: Sequence[int], minimum: Sequence[int], maximum: Sequence[int], n: int) -> tuple[int, ...]:
    """The integer vector within ``[minimum, maximum]`` summing to n nearest to the targets ``percent * n / 100``.

    Take each target's nearest count (:func:`helpers.inference.counts.point_count`, ties up), clip it into
    its range, then add (remove) one count at a time where the target exceeds (falls short of) the
    count most, the first such position on a tie. Integer arithmetic throughout (the gap
    ``target - count`` is compared as ``percent * n - 100 * count``), so ties are real ties.
    Requires one ``minimum <= maximum`` range per percent and ``sum(minimum) <= n <= sum(maximum)``;
    otherwise ValueError says which numbers make it impossible.
    """
    if not len(percents) == len(minimum) == len(maximum):
        raise ValueError(f"percents, minimum and maximum have {len(percents)}, {len(minimum)} and {len(maximum)} "
                         "entries; allowed: the same number (one per row)")
    for i, (low, high) in enumerate(zip(minimum, maximum)):
        if low > high:
            raise ValueError(f"minimum[{i}]={low!r} is not allowed with maximum[{i}]={high!r}; "
                             f"allowed: minimum[{i}] <= maximum[{i}]")
    if not sum(minimum) <= n <= sum(maximum):
        raise ValueError(f"n={n!r} is not allowed; allowed: from sum(minimum)={sum(minimum)} to "
                         f"sum(maximum)={sum(maximum)}, the only totals a vector within the ranges can have")
    result = [min(max(counts.point_count(p, n), low), high) for p, low, high in zip(percents, minimum, maximum)]

    def gap(i: int) -> int:
        return percents[i] * n - 100 * result[i]

    while sum(result) != n:
        if sum(result) < n:
            candidates = [i for i in range(len(result)) if result[i] < maximum[i]]
            pick = max(candidates, key=lambda i: (gap(i), -i))
            result[pick] += 1
        else:
            candidates = [i for i in range(len(result)) if result[i] > minimum[i]]
            pick = min(candidates, key=lambda i: (gap(i), i))
            result[pick] -= 1
    return tuple(result)


@dataclass(frozen=True)
class QuestionCounts:
    """Everything the tables need about one question's counts at one n.

    ``rows`` are the published option ids in scale order, plus ``"unpublished"`` (the remainder)
    when the options are incomplete. Per row: ``intervals`` (compatible counts on its own; the
    remainder: ``(0, n)``), ``minimum``/``maximum`` (compatible counts under the sum constraint)
    and ``point`` (the point count vector, see :func:`nearest_counts`).
    """

    question_id: str
    n: int
    complete: bool
    consistent: bool
    rows: tuple[str, ...]
    percents: tuple[float, ...]      # NaN for the remainder
    kinds: tuple[str, ...]
    intervals: tuple[tuple[int, int] | None, ...]
    minimum: tuple[int, ...]
    maximum: tuple[int, ...]
    point: tuple[int, ...]

    def index(self, option_id: str) -> int:
        """Position of a row; KeyError listing the rows if unknown."""
        if option_id not in self.rows:
            raise KeyError(f"unknown option {option_id!r} of {self.question_id!r}; allowed: {', '.join(self.rows)}")
        return self.rows.index(option_id)

    @property
    def dont_know(self) -> list[int]:
        """Positions of the don't-know rows."""
        return [i for i, kind in enumerate(self.kinds) if kind == "dont_know"]

    @property
    def published_total(self) -> int:
        """Sum of the published percentages."""
        return int(sum(p for p in self.percents if not math.isnan(p)))


def rounding_of(settings: params.Settings | None) -> str:
    """The rounding model of a run: ``settings.rounding`` ("both", "half_up", "half_even"), "both" by default."""
    return getattr(settings, "rounding", DEFAULT_ROUNDING) if settings is not None else DEFAULT_ROUNDING


def evidence(survey: data.Survey, question_id: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[bool, ...]]:
    """One reading of each printed figure of a question, shared by the tables and the audit.

    Returns ``(percents, parts, words)`` in scale order: the printed percentages, how many rounded
    options each figure sums (2 for ``form = merged``: the text merged two options into one figure,
    1 otherwise) and whether it is printed in words (``form = words``, e.g. "de helft"). A figure
    in words is no rounded integer: it bounds no count, and its option holds whatever the numeral
    options leave (a count interval ``(0, n)``), so that "half" is tested against ``100 - 40 - 10``
    and never confirmed by its own wording.
    """
    key = ("evidence", question_id)
    if key not in survey.views:
        table = data.options(survey, question_id)
        forms = list(table["form"])
        survey.views[key] = (tuple(int(p) for p in table["percent"]),
                             tuple(MERGED_PARTS if form == "merged" else 1 for form in forms),
                             tuple(form == "words" for form in forms))
    return survey.views[key]


def question_complete(survey: data.Survey, question_id: str) -> bool:
    """Are the printed options all the options? True if an option is printed in words (it holds the
    rest), else :func:`is_complete` of the numeral figures (with their parts)."""
    percents, parts, words = evidence(survey, question_id)
    if any(words):
        return True
    return is_complete(percents, parts)


def fits(survey: data.Survey, question_id: str, n: int, rounding: str = DEFAULT_ROUNDING) -> bool:
    """Does some count vector of ``n`` respondents match every printed figure of the question
    (:func:`evidence`) under ``rounding``? The test behind the audit's rounding and n tables:
    :func:`question_counts`' ``consistent``, without the point counts (the n puzzle tries every n)."""
    percents, parts, words = evidence(survey, question_id)
    intervals = [(0, n) if word else counts.count_interval(p, n, rounding, m)
                 for p, m, word in zip(percents, parts, words)]
    if not question_complete(survey, question_id):
        intervals.append((0, n))
    return None not in intervals and counts.bounds_with_sum(intervals, n, True) is not None


def smallest_n(survey: data.Survey, question_id: str, rounding: str = DEFAULT_ROUNDING,
               largest: int = 577) -> int | None:
    """The smallest n (1..``largest``) at which the question's printed figures fit (:func:`fits`), else None.

    For an item without a printed n this is how far below the assumed n the data still allow.
    """
    key = ("smallest_n", question_id, rounding, largest)
    if key not in survey.views:
        survey.views[key] = next((n for n in range(1, largest + 1) if fits(survey, question_id, n, rounding)), None)
    return survey.views[key]


def question_counts(survey: data.Survey, question_id: str, scenario: str | None = None,
                    n: int | None = None, rounding: str = DEFAULT_ROUNDING) -> QuestionCounts:
    """Compatible and point counts of one question at the scenario's n (or an explicit ``n``).

    ``rounding``: a rule of :data:`helpers.inference.counts.ROUNDING_MODELS`. Each row's own interval is
    :func:`helpers.inference.counts.count_interval` of its figure (with its parts; ``(0, n)`` for a figure
    in words and for the unpublished remainder); ``minimum``/``maximum`` add the sum constraint.
    Memoised per survey (the audit asks for the same question at the same n many times).
    """
    n = int(n) if n is not None else data.n_for(survey, question_id, scenario)
    key = ("question_counts", question_id, n, rounding)
    if key not in survey.views:
        survey.views[key] = _question_counts(survey, question_id, n, rounding)
    return survey.views[key]


def _question_counts(survey: data.Survey, question_id: str, n: int, rounding: str) -> QuestionCounts:
    """:func:`question_counts`, computed."""
    percents, parts, words = evidence(survey, question_id)
    percents = list(percents)
    complete = question_complete(survey, question_id)
    rows = list(data.option_column(survey, question_id, "option_id"))
    kinds = [str(kind) for kind in data.option_column(survey, question_id, "kind")]
    intervals = [(0, n) if word else counts.count_interval(p, n, rounding, m)
                 for p, m, word in zip(percents, parts, words)]
    if not complete:
        rows.append(UNPUBLISHED)
        kinds.append(UNPUBLISHED)
        intervals.append((0, n))
    found = None if None in intervals else counts.bounds_with_sum(intervals, n, True)
    targets = percents + ([] if complete else [100 - sum(percents)])
    if found is not None:
        minimum, maximum = list(found[0]), list(found[1])
        # a compatible incomplete vector needs a total below 100 - k/2 (see is_complete), so the
        # remainder's target 100 minus the published total is positive here
        point = nearest_counts(targets, minimum, maximum, n)
    else:
        point = [counts.point_count(p, n) for p in percents]
        own = [iv if iv is not None else (c, c) for iv, c in zip(intervals, point)]  # published rows only
        minimum, maximum = [low for low, _ in own], [high for _, high in own]
        if not complete:  # the remainder takes what the published options' ranges leave
            point.append(max(0, n - sum(point)))
            minimum, maximum = minimum + [max(0, n - sum(maximum))], maximum + [max(0, n - sum(minimum))]
    return QuestionCounts(question_id, n, complete, found is not None, tuple(rows),
                          tuple(float(p) for p in percents) + (() if complete else (math.nan,)), tuple(kinds),
                          tuple(intervals), tuple(int(v) for v in minimum), tuple(int(v) for v in maximum),
                          tuple(int(v) for v in point))


def compatible_pairs(question: QuestionCounts, members: Sequence[int],
                     dont_know: Sequence[int] = ()) -> tuple[np.ndarray, np.ndarray]:
    """All compatible (count of ``members`` together, count of ``dont_know`` rows) pairs.

    A pair is compatible if some count vector rounding to every published percentage (remainder
    included when incomplete) gives those two sums. For each don't-know count ``d`` in the summed
    own intervals of the don't-know rows, the members' counts are
    :func:`helpers.inference.counts.subset_range` of the other rows under the total ``n - d``, every value in
    between attained. Pairs come sorted by member count, then don't-know count. Without consistent
    counts: the members' summed ``[minimum, maximum]`` at the point don't-know count.
    """
    members, dont_know = list(members), list(dont_know)
    if not question.consistent:
        low = sum(question.minimum[i] for i in members)
        high = sum(question.maximum[i] for i in members)
        dk = sum(question.point[i] for i in dont_know)
        totals = np.arange(low, max(low, min(high, question.n - dk)) + 1)
        return totals, np.full_like(totals, dk)
    rest = [i for i in range(len(question.rows)) if i not in dont_know]
    intervals = [question.intervals[i] for i in rest]
    inside = [rest.index(i) for i in members]
    d_low = sum(question.intervals[i][0] for i in dont_know)
    d_high = sum(question.intervals[i][1] for i in dont_know)
    totals, dks = [], []
    for dk in range(d_low, min(d_high, question.n) + 1):
        found = counts.subset_range(intervals, inside, question.n - dk, complete=True)
        if found is not None:
            totals.extend(range(found[0], found[1] + 1))
            dks.extend([dk] * (found[1] - found[0] + 1))
    order = np.lexsort((dks, totals))
    return np.asarray(totals, dtype=int)[order], np.asarray(dks, dtype=int)[order]


def envelope(question: QuestionCounts, members: Sequence[int], dont_know: Sequence[int],
              settings: params.Settings) -> tuple[float, float]:
    """Lowest lower and highest upper interval bound over all compatible counts (and dk counts).

    Interval bounds rise with the count at a fixed denominator, so for each compatible
    denominator ``n - dk`` only the smallest count (for the lower bound) and the largest count
    (for the upper bound) are evaluated; the tests check this against brute force. This keeps the
    slow ``binom_test`` method usable.
    """
    totals, dks = compatible_pairs(question, members, dont_know)
    nobs = question.n - dks
    lows, highs = [], []
    for denominator in np.unique(nobs):
        at = totals[nobs == denominator]
        lows.append(interval(int(at.min()), int(denominator), settings)[0])
        highs.append(interval(int(at.max()), int(denominator), settings)[1])
    return min(lows), max(highs)

