"""Integer counts compatible with published, rounded percentages.

The article publishes only integer percentages. For a question with ``n`` respondents, a count
``c`` of one option is *compatible* with a published ``percent`` if rounding ``100 * c / n`` to an
integer gives ``percent``. This module answers, for every option of a question at once: which
counts are compatible with all published percentages *and* with the total ``n``, and does any such
count vector exist at all? A question whose published shares add up to 101 or 93 is thereby either
explained by rounding (plus, perhaps, unpublished options) or shown to be impossible for that ``n``.

All boundaries are computed with exact integer arithmetic (``100 * c / n`` is compared through
``200 * c`` against odd multiples of ``n``), never with floats, because the boundaries themselves
(exactly ``x.5``) are where the two rounding rules differ.

Rounding rules (``ROUNDING_RULES``):

* ``"half_up"``: ``x.5`` rounds up (school rounding, what most tools and journalists do);
* ``"half_even"``: ``x.5`` rounds to the even neighbour (banker's rounding, Python's ``round``).

Rounding models (``ROUNDING_MODELS``, the notebooks' ``rounding`` parameter): one of the two rules,
or ``"both"`` (the default: the article does not say how it rounded), under which a count is
compatible if *either* rule rounds it to the printed figure (the union of the two rules' counts,
an interval since they differ only at the ``x.5`` boundaries).

Figures that are sums of ``parts`` rounded options (a share the text merges from two options,
e.g. "onvoldoende of zeer onvoldoende", 14%) are compatible with every count whose share lies
within ``parts / 2`` points of the figure (both ends included: which end is open depends on the
unknown parts).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

ROUNDING_RULES = ("half_up", "half_even")
ROUNDING_MODELS = ("both",) + ROUNDING_RULES


# ---------------------------------------------------------------- validation

def _is_int(value: object) -> bool:
    """True for Python and numpy integers; False for bool (a bool is not a count)."""
    if type(value) is int:  # the common case, without the abstract-class check
        return True
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _check_rounding(rounding: object, allowed: tuple[str, ...] = ROUNDING_MODELS) -> str:
    """Return ``rounding`` if it names a rule (or model), else raise ValueError listing the allowed ones."""
    if not isinstance(rounding, str) or rounding not in allowed:
        raise ValueError(f"rounding={rounding!r} is not allowed; allowed: {', '.join(allowed)}")
    return rounding


def _check_parts(parts: object) -> int:
    """Return ``parts`` if it is a positive int (how many rounded options a figure sums), else raise."""
    if not _is_int(parts) or int(parts) < 1:
        raise ValueError(f"parts={parts!r} is not allowed; allowed: a positive int (1 for a printed option, "
                         "2 for a figure merged from two options), not bool")
    return int(parts)


def _check_n(n: object, name: str = "n") -> int:
    """Return ``n`` as int if it is a positive integer (not bool), else raise ValueError."""
    if not _is_int(n) or int(n) < 1:
        raise ValueError(f"{name}={n!r} is not allowed; allowed: a positive int (1, 2, ...), not bool")
    return int(n)


def _check_count(count: object, n: int) -> int:
    """Return ``count`` as int if it is an integer in 0..n, else raise ValueError."""
    if not _is_int(count) or not 0 <= int(count) <= n:
        raise ValueError(f"count={count!r} is not allowed; allowed: an int from 0 to n={n}, not bool")
    return int(count)


def _check_percent(percent: object, name: str = "percent") -> int:
    """Return ``percent`` as int if it is an integer in 0..100, else raise ValueError."""
    if not _is_int(percent) or not 0 <= int(percent) <= 100:
        raise ValueError(f"{name}={percent!r} is not allowed; allowed: an int from 0 to 100, not bool")
    return int(percent)


def _check_percents(percents: object) -> tuple[int, ...]:
    """Return ``percents`` as a tuple of ints in 0..100 (at least one), else raise ValueError."""
    if isinstance(percents, (str, bytes)) or not isinstance(percents, Iterable):
        raise ValueError(f"percents={percents!r} is not allowed; "
                         "allowed: a sequence of ints from 0 to 100 (one per published option)")
    values = tuple(percents)
    if not values:
        raise ValueError("percents=() is not allowed; allowed: at least one published option")
    return tuple(_check_percent(value, f"percents[{i}]") for i, value in enumerate(values))


def _check_complete(complete: object) -> bool:
    """Return ``complete`` if it is a bool (Python or numpy), else raise ValueError."""
    if not isinstance(complete, (bool, np.bool_)):
        raise ValueError(f"complete={complete!r} is not allowed; allowed: True or False")
    return bool(complete)


# ---------------------------------------------------------------- one option

def rounded_percent(count: int, n: int, rounding: str = "half_up") -> int:
    """The integer percentage a count of n is published as.

    Exact: ``100 * count = q * n + r``; the fraction ``r / n`` is compared with one half through
    ``2 * r`` against ``n``. A tie (``2 * r == n``) goes up under ``half_up`` and to the even
    neighbour of ``q`` and ``q + 1`` under ``half_even``.
    """
    rounding = _check_rounding(rounding, ROUNDING_RULES)
    n = _check_n(n)
    count = _check_count(count, n)
    quotient, rest = divmod(100 * count, n)
    if 2 * rest > n:
        return quotient + 1
    if 2 * rest < n:
        return quotient
    if rounding == "half_up":
        return quotient + 1
    return quotient if quotient % 2 == 0 else quotient + 1


def point_count(percent: int, n: int) -> int:
    """The count of n nearest to ``percent * n / 100``, a tie (``x.5``) going up.

    The count a published percentage points at, e.g. the starting point for a count vector (it
    need not round back to ``percent``: 51 % of 10 gives 5, which is 50 %). Exact: the nearest
    count with ties up is ``floor(percent * n / 100 + 1/2) = floor((2 * percent * n + 100) / 200)``,
    one integer division, so no float can land just below a tie.
    """
    n = _check_n(n)
    percent = _check_percent(percent)
    return (2 * percent * n + 100) // 200


def _ceil_div(a: int, b: int) -> int:
    """Exact ceiling of a / b for integers (b > 0)."""
    return -(-a // b)


def count_interval(percent: int, n: int, rounding: str = "half_up", parts: int = 1) -> tuple[int, int] | None:
    """Smallest and largest count of n that round to `percent` (None if no count does).

    ``rounding`` is a rule or ``"both"`` (either rule: the lower edge is always included, the
    upper one for an even percent). ``parts > 1``: the figure is a sum of that many rounded
    options, so the edges move to ``percent -/+ parts / 2`` and are both included.

    ``count`` rounds to ``percent`` when ``100 * count / n`` lies in ``[percent - 1/2, percent + 1/2)``
    (``half_up``); under ``half_even`` both ends are included for an even ``percent`` and both
    excluded for an odd one. Multiplying by ``2 * n``: ``low_edge = (2 * percent - 1) * n`` and
    ``high_edge = (2 * percent + 1) * n`` are compared with ``200 * count``. Rounding is monotone in
    the count, so the compatible counts form one interval of integers, capped to ``0..n``. For small
    ``n`` some percentages are unreachable (no count of 10 rounds to 1 %): then None.
    """
    rounding = _check_rounding(rounding)
    n = _check_n(n)
    percent = _check_percent(percent)
    parts = _check_parts(parts)
    return _count_interval(percent, n, rounding, parts)


@lru_cache(maxsize=65536)
def _count_interval(percent: int, n: int, rounding: str, parts: int) -> tuple[int, int] | None:
    """:func:`count_interval` on checked input."""
    low_edge, high_edge = (2 * percent - parts) * n, (2 * percent + parts) * n
    if parts > 1:
        include_low = include_high = True
    else:
        include_low = rounding in ("half_up", "both") or percent % 2 == 0      # x.5 below rounds up to it
        include_high = rounding in ("half_even", "both") and percent % 2 == 0  # x.5 above rounds down to it
    # smallest c with 200c >= low_edge (or >), largest c with 200c <= high_edge (or <)
    lowest = _ceil_div(low_edge, 200) if include_low else low_edge // 200 + 1
    highest = high_edge // 200 if include_high else _ceil_div(high_edge, 200) - 1
    lowest, highest = max(lowest, 0), min(highest, n)
    return (lowest, highest) if lowest <= highest else None


# ---------------------------------------------------------------- all options of a question

@dataclass(frozen=True)
class CountRange:
    """The counts compatible with one question's published percentages, for one n and rule.

    ``minimum[i]`` and ``maximum[i]`` bound option i's count over *all* compatible count vectors,
    and every integer between them is attained by some compatible vector (see
    :func:`compatible_counts`). If no compatible vector exists (``exists`` is False), ``minimum``
    and ``maximum`` are tuples of None (one per option) and ``remainder_min``/``remainder_max``
    are None, so that arithmetic on them fails loudly instead of using made-up numbers.
    ``intervals`` holds each option's compatible counts on its own, before the sum constraint
    (None for an option no count of n rounds to).
    """

    n: int
    rounding: str
    complete: bool            # True: the published options are all the options (counts sum to n);
    # False: an unpublished remainder (count >= 0) takes up the rest
    percents: tuple[int, ...]
    exists: bool              # does at least one compatible count vector exist?
    minimum: tuple[int | None, ...]
    maximum: tuple[int | None, ...]
    remainder_min: int | None  # count left for unpublished options (both 0 when complete)
    remainder_max: int | None
    intervals: tuple[tuple[int, int] | None, ...] = ()

    @property
    def published_total(self) -> int:
        """The sum of the published percentages (101, 93, ... in the article)."""
        return sum(self.percents)


def _range_of_sum(low_in, high_in, low_out, high_out, total):
    """Range of X where X + Y == total, X anywhere in ``[low_in, high_in]`` and Y in ``[low_out, high_out]``.

    The one formula behind :func:`subset_range` and :func:`compatible_counts` (proof in
    :func:`subset_range`); None when no such X exists.
    """
    low, high = max(low_in, total - high_out), min(high_in, total - low_out)
    return (low, high) if low <= high else None


def subset_range(intervals: Sequence[tuple[int, int] | None], members: Iterable[int], n: int,
                 complete: bool = True) -> tuple[int, int] | None:
    """Smallest and largest ``sum(c[i] for i in members)`` over the count vectors compatible with a total.

    ``c`` is compatible if every ``c[i]`` lies in ``intervals[i]`` (e.g. :attr:`CountRange.intervals`,
    the counts that round to option i's published percentage) and ``sum(c) == n``
    (``complete=True``) or ``sum(c) <= n`` (``complete=False``: an unpublished remainder
    ``n - sum(c) >= 0``, not a member, takes the rest). Returns None if no vector is compatible,
    which includes an interval of None (an option no count rounds to). Every integer between the
    two ends is attained by some compatible vector. A remainder that belongs to the subset (e.g. an
    option printed in words, holding whatever the others leave) is an explicit interval ``(0, n)``
    listed in ``members``, with ``complete=True``.

    Proof. An incomplete question is a complete one with one more interval ``[0, n]`` (the
    remainder) outside the subset, so take ``sum(c) == n``. Let ``X`` be the members' sum and ``Y``
    the others'. A sum of integer intervals is the integer interval of the summed ends (raise one
    count by one at a time), so ``X`` runs over exactly ``[L_in, H_in]`` and, independently, ``Y``
    over ``[L_out, H_out]``. A value ``x`` is attained iff ``L_in <= x <= H_in`` and
    ``L_out <= n - x <= H_out``, i.e. iff ``max(L_in, n - H_out) <= x <= min(H_in, n - L_out)``;
    if that is empty, no compatible vector exists (at any x). With ``members`` one option this is
    :func:`compatible_counts`' per-option minimum and maximum. The same argument holds for real
    intervals (sums of real intervals are intervals), so real numbers are accepted too, e.g.
    percentage intervals ``(p - 0.5, p + 0.5)`` with ``n = 100``; the result then is the range of a
    real sum.

    Invalid input raises ValueError naming the parameter, the value and what is allowed.
    """
    complete = _check_complete(complete)
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Real) or not n >= 0:
        raise ValueError(f"n={n!r} is not allowed; allowed: a number >= 0 (an int for counts), not bool")
    if isinstance(intervals, (str, bytes)) or not isinstance(intervals, Iterable):
        raise ValueError(f"intervals={intervals!r} is not allowed; allowed: a sequence of (low, high) pairs or None")
    intervals = list(intervals)
    for i, interval in enumerate(intervals):
        if interval is None:
            continue
        ends = tuple(interval) if isinstance(interval, Iterable) and not isinstance(interval, (str, bytes)) else ()
        if (len(ends) != 2 or any(isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) for v in ends)
                or not 0 <= ends[0] <= ends[1]):
            raise ValueError(f"intervals[{i}]={interval!r} is not allowed; "
                             "allowed: None or a pair (low, high) of numbers with 0 <= low <= high")
    if isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
        raise ValueError(f"members={members!r} is not allowed; allowed: an iterable of distinct positions "
                         f"0..{len(intervals) - 1} in intervals")
    members = list(members)
    for member in members:
        if not _is_int(member) or not 0 <= int(member) < len(intervals):
            raise ValueError(f"members item={member!r} is not allowed; allowed: an int from 0 to "
                             f"{len(intervals) - 1} (a position in intervals), not bool")
    if len(set(int(m) for m in members)) != len(members):
        raise ValueError(f"members={members!r} is not allowed; allowed: distinct positions (no repeats)")
    if any(interval is None for interval in intervals):
        return None
    inside = set(int(m) for m in members)
    outside = [tuple(iv) for i, iv in enumerate(intervals) if i not in inside]
    if not complete:
        outside.append((0, n))
    return _range_of_sum(sum(intervals[i][0] for i in inside), sum(intervals[i][1] for i in inside),
                         sum(low for low, _ in outside), sum(high for _, high in outside), n)


def bounds_with_sum(intervals: Sequence[tuple[int, int]], n: int,
                     complete: bool) -> tuple[tuple[int, ...], tuple[int, ...], int, int] | None:
    """Per-option min and max count, and remainder range, under the total; None if infeasible.

    :func:`subset_range` of each option on its own (and of the remainder, as the extra interval
    ``(0, n)`` when incomplete), with the interval sums computed once.
    """
    rows = list(intervals) + ([] if complete else [(0, n)])
    sum_low, sum_high = sum(low for low, _ in rows), sum(high for _, high in rows)
    bounds = [_range_of_sum(low, high, sum_low - low, sum_high - high, n) for low, high in rows]
    if None in bounds:
        return None
    remainder = (0, 0) if complete else bounds.pop()
    return (tuple(low for low, _ in bounds), tuple(high for _, high in bounds)) + remainder  # type: ignore[misc]


def compatible_counts(percents: Sequence[int], n: int, rounding: str = "half_up",
                      complete: bool = True, parts: Sequence[int] | None = None) -> CountRange:
    """Which count vectors of n respondents are compatible with the published `percents`?

    A count vector ``c`` is compatible if every ``c[i]`` rounds to ``percents[i]`` (under
    ``rounding``) and ``sum(c) == n`` (``complete=True``: the published options are all options)
    or ``sum(c) <= n`` (``complete=False``: unpublished options hold the remainder
    ``r = n - sum(c) >= 0``; the remainder's own percentage is not used, since it was not
    published).

    Method. Let ``[lo_i, hi_i]`` be option i's compatible counts on its own (:func:`count_interval`),
    ``L = sum(lo)`` and ``H = sum(hi)``. A sum of integer intervals is the integer interval
    ``[L, H]`` (raise one count by one at a time), so:

    * complete: a vector exists iff ``L <= n <= H``. Option i can take the value ``v`` iff
      ``lo_i <= v <= hi_i`` and the other options can sum to ``n - v``, i.e.
      ``L - lo_i <= n - v <= H - hi_i``. Hence every ``v`` in
      ``[max(lo_i, n - (H - hi_i)), min(hi_i, n - (L - lo_i))]`` is attained and no other one:
      these are ``minimum[i]`` and ``maximum[i]`` (:func:`subset_range` of option i alone). The
      remainder is 0.
    * incomplete: the remainder acts as one more option with interval ``[0, n]``. A vector exists
      iff ``L <= n`` (the upper condition ``n <= H + n`` always holds). The same formula with the
      extra option gives ``minimum[i] = max(lo_i, n - (H - hi_i) - n) = lo_i`` and
      ``maximum[i] = min(hi_i, n - (L - lo_i))``; the remainder runs from ``max(0, n - H)`` to
      ``n - L``, again every value in between attained.

    ``parts`` (one positive int per percent, default all 1) says how many rounded options each
    figure sums (see :func:`count_interval`).

    Invalid input raises ValueError naming the parameter, the value and what is allowed.
    """
    percents = _check_percents(percents)
    parts = (1,) * len(percents) if parts is None else tuple(_check_parts(p) for p in parts)
    if len(parts) != len(percents):
        raise ValueError(f"parts has {len(parts)} entries, percents {len(percents)}; allowed: one per percent")
    return _compatible_counts(percents, _check_n(n), _check_rounding(rounding), _check_complete(complete), parts)


@lru_cache(maxsize=4096)
def _compatible_counts(percents: tuple[int, ...], n: int, rounding: str, complete: bool,
                       parts: tuple[int, ...] = ()) -> CountRange:
    """:func:`compatible_counts` on checked input, memoised: a pure function the audit calls often."""
    parts = parts or (1,) * len(percents)
    intervals = tuple(_count_interval(percent, n, rounding, m) for percent, m in zip(percents, parts))
    bounds = None if None in intervals else bounds_with_sum(intervals, n, complete)  # type: ignore[arg-type]
    if bounds is None:
        nothing = (None,) * len(percents)
        return CountRange(n, rounding, complete, percents, False, nothing, nothing, None, None, intervals)
    minimum, maximum, remainder_min, remainder_max = bounds
    return CountRange(n, rounding, complete, percents, True, minimum, maximum,
                      remainder_min, remainder_max, intervals)


def plausible_n(percents: Sequence[int], candidates: Iterable[int], rounding: str = "half_up",
                complete: bool = True, parts: Sequence[int] | None = None) -> list[int]:
    """The n among candidates for which a compatible count vector exists.

    Candidates are kept in the order given (as Python ints); each must be a positive int. Use it to
    narrow down an unpublished n: e.g. ``plausible_n(percents, range(100, 578), complete=False)``.
    """
    rounding = _check_rounding(rounding)
    percents = _check_percents(percents)
    complete = _check_complete(complete)
    if isinstance(candidates, (str, bytes)) or not isinstance(candidates, Iterable):
        raise ValueError(f"candidates={candidates!r} is not allowed; allowed: an iterable of positive ints")
    checked = [_check_n(candidate, "candidates item") for candidate in candidates]
    return [n for n in checked if compatible_counts(percents, n, rounding, complete, parts).exists]
