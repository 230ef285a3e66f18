"""Tests of helpers.inference.counts: rounding boundaries, compatible count ranges and the article's figures.

Expected values are derived independently of the module where possible: rounding by ``decimal``
(ROUND_HALF_UP / ROUND_HALF_EVEN on the exact quotient), count ranges by brute force over all
counts and all reachable sums. The worked examples take the article's figures as literal inputs
(they do not read data/) and were worked out by hand; over data/, every question at every scenario's
n is checked against that brute force.
"""

from __future__ import annotations

import itertools
import os
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.core import data
from helpers.inference import counts
from helpers.inference.counts import (
    ROUNDING_RULES, CountRange, compatible_counts, count_interval, plausible_n, point_count, rounded_percent,
    subset_range,
)

DECIMAL_RULES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
# COUNTS_EXAMPLES=5000 for a thorough run; the default keeps the file at about two seconds
EXAMPLES = int(os.environ.get("COUNTS_EXAMPLES", "150"))
FAST = settings(max_examples=EXAMPLES, deadline=None)


# ---------------------------------------------------------------- independent oracles

def oracle_percent(count: int, n: int, rounding: str) -> int:
    """Round 100 * count / n with decimal; 60 digits make the quotient exact enough (ties are exact)."""
    with localcontext() as context:
        context.prec = 60
        return int((Decimal(100 * count) / Decimal(n)).quantize(Decimal(1), rounding=DECIMAL_RULES[rounding]))


def oracle_counts(percent: int, n: int, rounding: str) -> set[int]:
    """All counts of n that the decimal oracle rounds to `percent`."""
    return {count for count in range(n + 1) if oracle_percent(count, n, rounding) == percent}


def reachable_sums(sets: list[set[int]]) -> set[int]:
    """All sums of one value from each set (the empty list sums to 0)."""
    sums = {0}
    for values in sets:
        sums = {total + value for total in sums for value in values}
    return sums


def brute_force(percents, n: int, rounding: str, complete: bool):
    """(exists, attained values per option, attained remainders) by exhaustive sums over the oracle."""
    allowed = [oracle_counts(percent, n, rounding) for percent in percents]
    attained = []
    for i, values in enumerate(allowed):
        others = reachable_sums(allowed[:i] + allowed[i + 1:])
        if complete:
            attained.append({v for v in values if n - v in others})
        else:
            attained.append({v for v in values if others and min(others) <= n - v})
    totals = reachable_sums(allowed)
    remainders = {0} if complete and n in totals else set() if complete else {n - t for t in totals if t <= n}
    exists = all(attained) and bool(remainders)
    return exists, attained, remainders


def assert_matches_brute_force(percents, n: int, rounding: str, complete: bool) -> CountRange:
    """Check a CountRange against brute force: existence, and [min, max] equals the attained set."""
    result = compatible_counts(percents, n, rounding, complete)
    exists, attained, remainders = brute_force(percents, n, rounding, complete)
    assert result.exists == exists, (percents, n, rounding, complete)
    if exists:
        for low, high, values in zip(result.minimum, result.maximum, attained):
            assert set(range(low, high + 1)) == values, (percents, n, rounding, complete)
        assert set(range(result.remainder_min, result.remainder_max + 1)) == remainders
    else:
        assert result.minimum == result.maximum == (None,) * len(percents)
        assert result.remainder_min is None and result.remainder_max is None
    return result


# ---------------------------------------------------------------- strategies

@st.composite
def count_vectors(draw, max_n: int = 2000, min_options: int = 2, max_options: int = 7):
    """(n, counts) with len(counts) options summing to n."""
    n = draw(st.integers(1, max_n))
    options = draw(st.integers(min_options, max_options))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=options - 1, max_size=options - 1)))
    edges = [0, *cuts, n]
    return n, [high - low for low, high in zip(edges, edges[1:])]


# ---------------------------------------------------------------- rounded_percent

@pytest.mark.parametrize("rounding", ROUNDING_RULES)
def test_rounded_percent_matches_decimal_for_every_count_up_to_n_200(rounding):
    for n in range(1, 201):
        for count in range(n + 1):
            assert rounded_percent(count, n, rounding) == oracle_percent(count, n, rounding), (count, n)


@FAST
@given(st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from(ROUNDING_RULES))
def test_rounded_percent_matches_decimal_for_large_n(count_n, rounding):
    count, n = count_n
    assert rounded_percent(count, n, rounding) == oracle_percent(count, n, rounding)


@pytest.mark.parametrize("count, n, half_up, half_even", [
    (1, 200, 1, 0),      # 0.5 %: the rules differ
    (3, 200, 2, 2),      # 1.5 %
    (5, 200, 3, 2),      # 2.5 %
    (63, 280, 23, 22),   # 22.5 %: occurs in the article's n = 280 questions
    (1, 8, 13, 12),      # 12.5 %
    (7, 8, 88, 88),      # 87.5 %
    (0, 1, 0, 0),
    (1, 1, 100, 100),
    (199, 200, 100, 100),  # 99.5 % rounds to 100 under both rules
])
def test_rounded_percent_ties(count, n, half_up, half_even):
    assert rounded_percent(count, n, "half_up") == half_up
    assert rounded_percent(count, n, "half_even") == half_even


def test_default_rounding_is_half_up():
    assert rounded_percent(1, 200) == 1
    assert count_interval(1, 200) == count_interval(1, 200, "half_up")


# ---------------------------------------------------------------- point_count

def test_point_count_matches_decimal_half_up():
    """The count nearest percent * n / 100, ties up, for every percent and n up to 400."""
    for n in range(1, 401):
        for percent in range(101):
            expected = int((Decimal(percent * n) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            assert point_count(percent, n) == expected, (percent, n)


def test_point_count_known_values():
    assert point_count(51, 10) == 5      # 5.1: and 5 of 10 rounds back to 50 %, not 51 %
    assert point_count(9, 10) == 1       # 0.9
    assert point_count(50, 1) == 1       # 0.5: a tie goes up
    assert point_count(15, 10) == 2      # 1.5
    assert point_count(25, 10) == 3      # 2.5 (half_even would give 2)
    assert point_count(7, 280) == 20     # 19.6
    assert point_count(0, 577) == 0 and point_count(100, 577) == 577


@pytest.mark.parametrize("percent, n, message", [
    (101, 10, r"percent=101 is not allowed; allowed: an int from 0 to 100"),
    (9.5, 10, r"percent=9.5 is not allowed"),
    (9, 0, r"n=0 is not allowed; allowed: a positive int"),
    (9, True, r"n=True is not allowed"),
])
def test_bad_point_count_input(percent, n, message):
    with pytest.raises(ValueError, match=message):
        point_count(percent, n)


# ---------------------------------------------------------------- count_interval

@pytest.mark.parametrize("rounding", ROUNDING_RULES)
def test_count_interval_matches_decimal_for_every_percent_up_to_n_150(rounding):
    for n in range(1, 151):
        by_percent: dict[int, list[int]] = {}
        for count in range(n + 1):
            by_percent.setdefault(oracle_percent(count, n, rounding), []).append(count)
        for percent in range(101):
            expected = by_percent.get(percent)
            expected = (min(expected), max(expected)) if expected else None
            assert count_interval(percent, n, rounding) == expected, (percent, n)


def test_count_interval_known_values():
    assert count_interval(69, 577) == (396, 401)
    assert count_interval(1, 10) is None              # 0 % or 10 %, nothing in between
    assert count_interval(0, 1000, "half_up") == (0, 4)      # 5/1000 = 0.5 % rounds up
    assert count_interval(0, 1000, "half_even") == (0, 5)    # ... and to the even 0
    assert count_interval(100, 1000, "half_up") == (995, 1000)
    assert count_interval(100, 1000, "half_even") == (995, 1000)  # 99.5 % goes to the even 100
    assert count_interval(23, 280, "half_up") == (63, 65)
    assert count_interval(23, 280, "half_even") == (64, 65)


@FAST
@given(st.integers(1, 5000), st.integers(0, 100), st.sampled_from(ROUNDING_RULES))
def test_count_interval_ends_round_to_percent_and_neighbours_do_not(n, percent, rounding):
    interval = count_interval(percent, n, rounding)
    if interval is None:
        return
    low, high = interval
    assert rounded_percent(low, n, rounding) == percent == rounded_percent(high, n, rounding)
    assert low == 0 or rounded_percent(low - 1, n, rounding) < percent
    assert high == n or rounded_percent(high + 1, n, rounding) > percent


# ---------------------------------------------------------------- compatible_counts: properties

@FAST
@given(count_vectors(), st.sampled_from(ROUNDING_RULES))
def test_true_counts_lie_within_reconstructed_range(vector, rounding):
    n, true_counts = vector
    percents = [rounded_percent(count, n, rounding) for count in true_counts]
    result = compatible_counts(percents, n, rounding)
    assert result.exists
    assert result.percents == tuple(percents) and result.n == n and result.complete
    assert result.remainder_min == result.remainder_max == 0
    for low, count, high in zip(result.minimum, true_counts, result.maximum):
        assert low <= count <= high


@FAST
@given(count_vectors(), st.sampled_from(ROUNDING_RULES), st.data())
def test_true_counts_lie_within_range_with_one_option_unpublished(vector, rounding, draws):
    n, true_counts = vector
    dropped = draws.draw(st.integers(0, len(true_counts) - 1))
    kept = true_counts[:dropped] + true_counts[dropped + 1:]
    percents = [rounded_percent(count, n, rounding) for count in kept]
    result = compatible_counts(percents, n, rounding, complete=False)
    assert result.exists and not result.complete
    for low, count, high in zip(result.minimum, kept, result.maximum):
        assert low <= count <= high
    assert result.remainder_min <= true_counts[dropped] <= result.remainder_max


@settings(max_examples=max(200, EXAMPLES), deadline=None)
@given(count_vectors(max_n=30, max_options=4), st.sampled_from(ROUNDING_RULES), st.booleans(),
       st.lists(st.integers(-2, 2), min_size=4, max_size=4))
def test_small_n_matches_exhaustive_enumeration(vector, rounding, complete, shifts):
    """Every reported min/max (and every value between) is attained; existence agrees, also when false."""
    n, true_counts = vector
    percents = [min(100, max(0, rounded_percent(count, n, rounding) + shift))
                for count, shift in zip(true_counts, shifts)]
    result = compatible_counts(percents, n, rounding, complete)
    allowed = [oracle_counts(percent, n, rounding) for percent in percents]
    vectors = [v for v in itertools.product(*map(sorted, allowed))
               if (sum(v) == n if complete else sum(v) <= n)]
    assert result.exists == bool(vectors)
    if vectors:
        for i in range(len(percents)):
            assert {v[i] for v in vectors} == set(range(result.minimum[i], result.maximum[i] + 1))
        assert {n - sum(v) for v in vectors} == set(range(result.remainder_min, result.remainder_max + 1))


@FAST
@given(st.integers(1, 600), st.lists(st.integers(0, 100), min_size=1, max_size=5),
       st.sampled_from(ROUNDING_RULES), st.booleans())
def test_random_percents_match_brute_force(n, percents, rounding, complete):
    assert_matches_brute_force(percents, n, rounding, complete)


# ---------------------------------------------------------------- subset_range

def brute_subset_sums(intervals, members, n: int, complete: bool) -> set[int]:
    """Every members' sum over all vectors within the intervals summing to n (complete) or at most n."""
    sums = set()
    for vector in itertools.product(*(range(low, high + 1) for low, high in intervals)):
        if sum(vector) == n or (not complete and sum(vector) <= n):
            sums.add(sum(vector[i] for i in members))
    return sums


@settings(max_examples=max(300, EXAMPLES), deadline=None)
@given(st.integers(0, 14), st.lists(st.tuples(st.integers(0, 14), st.integers(0, 6)), min_size=1, max_size=4),
       st.booleans(), st.data())
def test_subset_range_matches_brute_force(n, raw, complete, draws):
    """The ends are the smallest and largest attained sums, every sum in between is attained, None iff none."""
    intervals = [(low, low + width) for low, width in raw]
    members = draws.draw(st.lists(st.integers(0, len(intervals) - 1), unique=True))
    sums = brute_subset_sums(intervals, members, n, complete)
    found = subset_range(intervals, members, n, complete)
    if not sums:
        assert found is None
    else:
        assert found == (min(sums), max(sums))
        assert sums == set(range(found[0], found[1] + 1))


def test_subset_range_on_the_article_and_against_compatible_counts():
    """skills_sufficient at n = 577: strongly agree + agree (46 + 35 %), worked out from the intervals
    (263-268, 200-204, 21-25, 78-83, 3-8): the two sum to 463..472 and the others to 102..116, which
    leaves 461..475 for the two, so 463..472."""
    fit = compatible_counts([46, 35, 4, 14, 1], 577)
    assert fit.intervals == ((263, 268), (200, 204), (21, 25), (78, 83), (3, 8))
    assert subset_range(fit.intervals, [0, 1], 577) == (463, 472)
    # one option on its own: compatible_counts' minimum and maximum; the remainder likewise
    for percents, n, complete in (([7, 27, 19, 36, 9, 2], 280, True), ([26, 29, 23, 8, 7], 280, False),
                                  ([51, 9], 391, False)):
        fit = compatible_counts(percents, n, complete=complete)
        for i in range(len(percents)):
            assert subset_range(fit.intervals, [i], n, complete) == (fit.minimum[i], fit.maximum[i])
        if not complete:
            rows = [*fit.intervals, (0, n)]
            assert subset_range(rows, [len(rows) - 1], n) == (fit.remainder_min, fit.remainder_max)
    # an incomplete question is a complete one with the remainder (0, n) outside the subset
    fit = compatible_counts([51, 9], 391, complete=False)
    assert subset_range(fit.intervals, [0], 391, complete=False) == subset_range([*fit.intervals, (0, 391)], [0], 391)
    # the remainder inside the subset: 'agree' plus everything unpublished is 391 minus 'nonsense' (34..37)
    assert subset_range([*fit.intervals, (0, 391)], [0, 2], 391) == (391 - 37, 391 - 34)


def test_subset_range_without_a_compatible_vector():
    assert subset_range(compatible_counts([51, 9], 10, complete=False).intervals, [0], 10, False) is None  # 51 % of 10
    assert subset_range([(0, 2), (0, 2)], [0], 5) is None     # at most 4 of 5
    assert subset_range([(3, 4), (3, 4)], [], 5, False) is None  # at least 6 of 5
    assert subset_range([(3, 4), (0, 4)], [], 5) == (0, 0)       # the empty subset sums to 0


def test_subset_range_with_real_intervals():
    """Percentages 46, 35, 4, 14, 1 as p +/- 0.5 summing to 100: 81 +/- 1 for the first two, capped by the others."""
    intervals = [(p - 0.5, p + 0.5) for p in (46, 35, 4, 14, 1)]
    assert subset_range(intervals, [0, 1], 100.0) == (80.0, 82.0)
    # 69 % alone is 68.5..69.5, but 9 % and 23 % take at least 31: at most 69
    assert subset_range([(p - 0.5, p + 0.5) for p in (9, 23, 69)], [2], 100.0) == (68.5, 69.0)


@pytest.mark.parametrize("args, message", [
    (([(0, 5)], [0], -1), r"n=-1 is not allowed; allowed: a number >= 0"),
    (([(0, 5)], [0], True), r"n=True is not allowed"),
    (([(0, 5)], [0], 5, "yes"), r"complete='yes' is not allowed; allowed: True or False"),
    (("05", [0], 5), r"intervals='05' is not allowed; allowed: a sequence of \(low, high\) pairs or None"),
    (([(5, 0)], [0], 5), r"intervals\[0\]=\(5, 0\) is not allowed; allowed: None or a pair \(low, high\)"),
    (([(0, 5), (1, 2, 3)], [0], 5), r"intervals\[1\]=\(1, 2, 3\) is not allowed"),
    (([(0, 5)], [1], 5), r"members item=1 is not allowed; allowed: an int from 0 to 0"),
    (([(0, 5)], [True], 5), r"members item=True is not allowed"),
    (([(0, 5)], 0, 5), r"members=0 is not allowed; allowed: an iterable of distinct positions 0\.\.0"),
    (([(0, 5), (0, 5)], [1, 1], 5), r"members=\[1, 1\] is not allowed; allowed: distinct positions"),
])
def test_bad_subset_range_input(args, message):
    with pytest.raises(ValueError, match=message):
        subset_range(*args)


def test_plausible_n_agrees_with_compatible_counts_and_keeps_order():
    percents = (29, 37, 22, 11)
    candidates = [300, 107, 280, 100, 281]
    expected = [n for n in candidates if compatible_counts(percents, n).exists]
    assert plausible_n(percents, candidates) == expected == [300, 107, 280, 281]
    assert plausible_n(percents, iter(candidates)) == expected   # any iterable, read once
    assert all(type(n) is int for n in plausible_n(percents, np.array(candidates)))


def test_numpy_and_pandas_inputs_are_accepted():
    result = compatible_counts(pd.Series([9, 23, 69]), np.int64(577), "half_up", np.bool_(True))
    assert result.n == 577 and result.percents == (9, 23, 69)
    assert all(type(p) is int for p in result.percents)
    assert rounded_percent(np.int32(63), np.int64(280)) == 23


# ---------------------------------------------------------------- worked examples, and every question of data/

# Worked examples: figures and n values as the article printed them when these tests were written,
# typed here as inputs (these tests do not read data/, so a correction in data/ leaves them alone;
# the comparison of data/ with the article is the transcription key's, tests/transcription_key.py).
WORKED = {
    "ict_work": ([9, 23, 69], 577),
    "more_ict_specialists": ([26, 29, 23, 8, 7], 280),
    "skills_sufficient": ([46, 35, 4, 14, 1], 577),
    "government_keeps_up": ([7, 27, 19, 36, 9, 2], 517),
    "education_at_expense": ([29, 37, 22, 11], 280),
    "education_more_digital": ([51, 9], 391),
}


@pytest.mark.parametrize("rounding", ROUNDING_RULES)
@pytest.mark.parametrize("complete", [True, False])
def test_every_question_of_the_data_matches_brute_force_at_every_scenario_n(survey, rounding, complete):
    """For any data: the compatible counts of every question's printed numeral figures, at the n of
    every scenario, are exactly the ones brute force over the decimal oracle attains."""
    for question_id in survey.questions["question_id"]:
        rows = data.options(survey, question_id)
        percents = [int(p) for p, form in zip(rows["percent"], rows["form"]) if form == "numeral"]
        for n in {data.n_for(survey, question_id, scenario) for scenario in survey.scenarios}:
            assert_matches_brute_force(percents, n, rounding, complete)


@pytest.mark.parametrize("rounding", ROUNDING_RULES)
def test_ict_work_101_percent_is_rounding_at_n_577(rounding):
    """9 + 23 + 69 = 101 fits n = 577: 9 % is 50-54 of 577, 23 % 130-135, 69 % 396-401; the lows sum
    to 576, so exactly one option sits one above its low end: (50, 130, 397), (50, 131, 396) or
    (51, 130, 396). No tie occurs at n = 577 (odd n, no 200c/n is odd), so both rules agree."""
    percents, n = WORKED["ict_work"]
    result = assert_matches_brute_force(percents, n, rounding, complete=True)
    assert result.exists
    assert result.intervals == ((50, 54), (130, 135), (396, 401))
    assert result.minimum == (50, 130, 396)
    assert result.maximum == (51, 131, 397)
    assert result.published_total == 101
    loose = assert_matches_brute_force(percents, n, rounding, complete=False)
    assert (loose.minimum, loose.maximum) == ((50, 130, 396), (51, 131, 397))
    assert (loose.remainder_min, loose.remainder_max) == (0, 1)


def test_more_ict_specialists_93_percent_needs_unpublished_options():
    """Five rounded shares are each off by at most 0.5 point, so their true sum is at most 95.5:
    93 can never be a complete 100 %. With an unpublished remainder it fits every n in 100..577."""
    percents, n = WORKED["more_ict_specialists"]
    for rounding in ROUNDING_RULES:
        assert plausible_n(percents, range(1, 2001), rounding, complete=True) == []
        assert plausible_n(percents, range(100, 578), rounding, complete=False) == list(range(100, 578))
    half_up = assert_matches_brute_force(percents, 280, "half_up", complete=False)
    assert half_up.minimum == (72, 80, 63, 21, 19)
    assert half_up.maximum == (74, 82, 65, 23, 20)
    assert (half_up.remainder_min, half_up.remainder_max) == (16, 25)
    # 63 of 280 is exactly 22.5 %: 23 under half_up, 22 under half_even
    half_even = assert_matches_brute_force(percents, 280, "half_even", complete=False)
    assert half_even.minimum == (72, 80, 64, 21, 19)
    assert half_even.maximum == (74, 82, 65, 23, 20)
    assert (half_even.remainder_min, half_even.remainder_max) == (16, 24)
    complete = assert_matches_brute_force(percents, 280, "half_up", complete=True)
    assert not complete.exists


@pytest.mark.parametrize("rounding", ROUNDING_RULES)
def test_skills_sufficient_at_n_577(rounding):
    percents, n = WORKED["skills_sufficient"]
    result = assert_matches_brute_force(percents, n, rounding, complete=True)
    # sum of lows 565, of highs 588: the total 577 leaves every option its full own interval
    assert result.minimum == (263, 200, 21, 78, 3)
    assert result.maximum == (268, 204, 25, 83, 8)


@pytest.mark.parametrize("rounding", ROUNDING_RULES)
def test_government_keeps_up_at_n_517(rounding):
    percents, n = WORKED["government_keeps_up"]
    result = assert_matches_brute_force(percents, n, rounding, complete=True)
    assert result.minimum == (34, 138, 96, 184, 44, 8)
    assert result.maximum == (38, 142, 100, 188, 49, 12)


def test_education_at_expense_99_percent_at_n_280():
    """At n = 280 the lows sum to 274 and the highs to 280 under half_up: only the vector of highs
    (82, 104, 62, 32) is left. half_even adds 63 (22.5 % -> 22), which leaves a little room."""
    percents, n = WORKED["education_at_expense"]
    half_up = assert_matches_brute_force(percents, n, "half_up", complete=True)
    assert half_up.minimum == half_up.maximum == (82, 104, 62, 32)
    half_even = assert_matches_brute_force(percents, n, "half_even", complete=True)
    assert half_even.minimum == (81, 103, 62, 31)
    assert half_even.maximum == (82, 104, 63, 32)
    loose = assert_matches_brute_force(percents, n, "half_up", complete=False)
    assert (loose.remainder_min, loose.remainder_max) == (0, 6)
    # 99 % as a complete total rules out some n: the first ones from 100 up
    assert plausible_n(percents, range(100, 130), "half_up") == [107, 116, 123, 126, 129]


@pytest.mark.parametrize("rounding", ROUNDING_RULES)
def test_education_more_digital_60_percent_at_n_391(rounding):
    percents, n = WORKED["education_more_digital"]
    assert not assert_matches_brute_force(percents, n, rounding, complete=True).exists
    result = assert_matches_brute_force(percents, n, rounding, complete=False)
    assert result.minimum == (198, 34) and result.maximum == (201, 37)
    assert (result.remainder_min, result.remainder_max) == (153, 159)   # 39.1 % .. 40.7 % of 391


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("call", [
    lambda: rounded_percent(1, 10, "half_down"),
    lambda: count_interval(1, 10, "HALF_UP"),
    lambda: compatible_counts([50, 50], 10, None),
    lambda: plausible_n([50, 50], [10], "up"),
])
def test_bad_rounding(call):
    with pytest.raises(ValueError, match=r"rounding=.* is not allowed; allowed: (both, )?half_up, half_even"):
        call()


def test_bad_rounding_message_is_exact():
    with pytest.raises(ValueError) as error:
        rounded_percent(1, 10, "half_down")
    assert str(error.value) == "rounding='half_down' is not allowed; allowed: half_up, half_even"


@pytest.mark.parametrize("n", [0, -5, True, 10.0, "10", None])
def test_bad_n(n):
    for call in (lambda: rounded_percent(0, n), lambda: count_interval(0, n),
                 lambda: compatible_counts([100], n)):
        with pytest.raises(ValueError, match=rf"n={n!r} is not allowed; allowed: a positive int"):
            call()


@pytest.mark.parametrize("count", [-1, 11, False, 2.0])
def test_bad_count(count):
    with pytest.raises(ValueError, match=rf"count={count!r} is not allowed; allowed: an int from 0 to n=10"):
        rounded_percent(count, 10)


@pytest.mark.parametrize("percent", [-1, 101, True, 9.5])
def test_bad_percent(percent):
    with pytest.raises(ValueError, match=rf"percent={percent!r} is not allowed; allowed: an int from 0 to 100"):
        count_interval(percent, 10)


@pytest.mark.parametrize("percents, message", [
    ([9, 101, 69], r"percents\[1\]=101 is not allowed; allowed: an int from 0 to 100"),
    ([9, True], r"percents\[1\]=True is not allowed"),
    ([9, np.True_], r"percents\[1\]=np.True_ is not allowed"),
    ([9.0, 23], r"percents\[0\]=9.0 is not allowed"),
    (69, r"percents=69 is not allowed; allowed: a sequence of ints"),
    ("969", r"percents='969' is not allowed"),
    ([], r"percents=\(\) is not allowed; allowed: at least one published option"),
])
def test_bad_percents(percents, message):
    with pytest.raises(ValueError, match=message):
        compatible_counts(percents, 577)
    with pytest.raises(ValueError, match=message):
        plausible_n(percents, [577])


@pytest.mark.parametrize("complete", [1, "yes", None])
def test_bad_complete(complete):
    with pytest.raises(ValueError, match=rf"complete={complete!r} is not allowed; allowed: True or False"):
        compatible_counts([100], 10, complete=complete)


def test_bad_candidates():
    with pytest.raises(ValueError, match=r"candidates=577 is not allowed; allowed: an iterable of positive ints"):
        plausible_n([100], 577)
    with pytest.raises(ValueError, match=r"candidates item=0 is not allowed; allowed: a positive int"):
        plausible_n([100], [577, 0])


def test_public_names():
    """The public interface is exactly these names, each giving a value worked out by hand."""
    defined = {name for name, value in vars(counts).items()
               if not name.startswith("_") and getattr(value, "__module__", None) == counts.__name__}
    assert defined == {"rounded_percent", "count_interval", "point_count", "CountRange", "compatible_counts",
                       "subset_range", "plausible_n", "bounds_with_sum"}
    assert counts.ROUNDING_RULES == ("half_up", "half_even")
    assert counts.rounded_percent(63, 280) == 23 and counts.rounded_percent(63, 280, "half_even") == 22  # 22.5 %
    assert counts.count_interval(23, 280) == (63, 65)   # 22.5 % .. 23.2 %; 66 of 280 is 23.6 %
    assert counts.point_count(23, 280) == 64            # 64.4
    fit = counts.compatible_counts([9, 23, 69], 577)
    assert isinstance(fit, counts.CountRange) and fit.exists
    assert (fit.minimum, fit.maximum) == ((50, 130, 396), (51, 131, 397))
    # 9 % + 23 %: 180..189 on their own, but 69 % takes 396..401 of 577, which leaves 176..181
    assert counts.subset_range(fit.intervals, [0, 1], 577) == (180, 181)
    assert counts.plausible_n([9, 23, 69], [577, 10]) == [577]  # no count of 10 rounds to 9 %
