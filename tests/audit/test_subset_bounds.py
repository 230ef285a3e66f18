"""Issue 19 kind 3: a share from one base is not applied to a subset of another.

The wording readings combine the skills item (577) with the training item (475). The skills count
is first bounded within the group of 475 (every subset of every compatible table), and only then
combined with the training count. These tests check the bounds against brute force: on small cases
over every respondent-level table, and on the real data over every count the printed figures allow.
"""

from __future__ import annotations

import itertools

import pytest

from helpers.audit import readings
from helpers.words.claim_table import check_claims
from helpers.core import data, params
from helpers.inference import paired, stats
from helpers.words import labels, readings_text
from oracles import count_range


def brute_force(n_a: int, range_a: tuple[int, int], n_b: int, range_b: tuple[int, int]) -> tuple[set, set]:
    """Every (both, A and not B) count in the group of the smaller item's respondents, over every
    respondent-level table: A's answers over its n_a respondents (count in range_a), every subset of
    the smaller size among them, B's answers in that subset (count in range_b)."""
    n = min(n_a, n_b)
    n_full, range_full, range_small = (n_a, range_a, range_b) if n_a >= n_b else (n_b, range_b, range_a)
    both, a_not_b = set(), set()
    for full in itertools.product((0, 1), repeat=n_full):
        if not range_full[0] <= sum(full) <= range_full[1]:
            continue
        for group in itertools.combinations(range(n_full), n):
            larger = [full[i] for i in group]
            for smaller in itertools.product((0, 1), repeat=n):
                if not range_small[0] <= sum(smaller) <= range_small[1]:
                    continue
                a, b = (larger, smaller) if n_a >= n_b else (smaller, larger)
                both.add(sum(x and y for x, y in zip(a, b)))
                a_not_b.add(sum(x and not y for x, y in zip(a, b)))
    return both, a_not_b


SMALL = [(6, (2, 3), 4, (1, 2)), (6, (4, 5), 4, (3, 3)), (5, (0, 1), 5, (2, 4)), (7, (5, 6), 3, (0, 1)),
         (4, (1, 2), 6, (3, 5)), (7, (1, 6), 5, (2, 2))]


@pytest.mark.parametrize("n_a, range_a, n_b, range_b", SMALL)
def test_subset_bounds_equal_brute_force_on_small_cases(n_a, range_a, n_b, range_b):
    """The bounds are exactly the counts some table attains: they hold for every subset compatible
    with both marginals, and nothing narrower follows."""
    found = paired.subset_overlap_bounds(n_a, range_a, n_b, range_b)
    both, a_not_b = brute_force(n_a, range_a, n_b, range_b)
    assert set(range(found["both"][0], found["both"][1] + 1)) == both
    assert set(range(found["a_not_b"][0], found["a_not_b"][1] + 1)) == a_not_b


def count_level_brute_force(n_a, range_a, n_b, range_b) -> tuple[int, int]:
    """Every count of the larger item, every count its group of the smaller size can hold, every count of
    the smaller item and every Fréchet overlap: the smallest and largest overlap (counts, exact)."""
    n = min(n_a, n_b)
    (n_full, range_full), range_small = ((n_a, range_a), range_b) if n_a >= n_b else ((n_b, range_b), range_a)
    lows, highs = [], []
    for count in range(range_full[0], range_full[1] + 1):
        for in_group in range(max(0, n - (n_full - count)), min(n, count) + 1):
            for other in range(range_small[0], range_small[1] + 1):
                lows.append(max(0, in_group + other - n))
                highs.append(min(in_group, other))
    return min(lows), max(highs)


def test_every_pair_the_readings_combine_is_bounded_within_the_subset(survey):
    """Property over every pair of items the wording readings combine (each pole of the skills item with
    no courses), every n scenario, both languages: the readings' bounds are the count-level brute force
    over every compatible count and every subset, and the text says the count was bounded in the group."""
    for scenario in survey.scenarios:
        keep = params.validate(n_scenario=scenario)
        untrained = stats.combined_share(survey, readings.TRAINING_LINK[0], [readings.TRAINING_LINK[1]], keep)
        bounds = readings.overlaps(survey, keep)
        for lang in ("en", "nl"):
            shown = readings_text.wording_readings(survey, params.validate(lang=lang, n_scenario=scenario))
            for pole in ("positive", "negative"):
                skills = stats.combined_share(survey, readings.WORDING_QUESTION,
                                              data.pole_options(survey, readings.WORDING_QUESTION, pole), keep)
                ranges = ((int(skills["count_min"]), int(skills["count_max"])),
                          (int(untrained["count_min"]), int(untrained["count_max"])))
                n = min(int(skills["n"]), int(untrained["n"]))
                low, high = count_level_brute_force(int(skills["n"]), ranges[0], int(untrained["n"]), ranges[1])
                assert bounds[pole]["both"] == (low, high), (scenario, pole)
                reading, state = ("text", "satisfied") if pole == "positive" else ("text", "dissatisfied")
                assert (shown.at[reading, f"{state}_untrained_low"], shown.at[reading, f"{state}_untrained_high"]) \
                    == pytest.approx((100 * low / n, 100 * high / n))
                # the naive reading (the larger item's share applied to the group) is never narrower
                naive = stats.frechet_bounds(100 * skills["count"] / skills["n"], 100 * untrained["count"] / untrained["n"])
                assert 100 * low / n <= naive[0] + 1e-9 and 100 * high / n >= naive[1] - 1e-9
            if int(skills["n"]) != int(untrained["n"]):
                words = "of those" if lang == "en" else "van die"
                assert all(words in text for text in shown["implications"]), shown["implications"].iloc[0]
    # the default reading: the satisfied of all n (brute-force range) bounded within the training item's group
    found = readings.overlaps(survey, params.validate())["positive"]
    n_all, n_group = data.n_for(survey, readings.WORDING_QUESTION), data.n_for(survey, readings.TRAINING_LINK[0])
    low, high = count_range(survey, readings.WORDING_QUESTION,
                            data.pole_options(survey, readings.WORDING_QUESTION, "positive"), n_all)
    group = (max(0, low - (n_all - n_group)), min(n_group, high))
    untrained = count_range(survey, readings.TRAINING_LINK[0], [readings.TRAINING_LINK[1]], n_group)
    both = (max(0, group[0] + untrained[0] - n_group), min(group[1], untrained[1]))
    assert (found["n"], found["range_a"], found["both"]) == (min(n_all, n_group), group, both)


def test_every_frechet_claim_bounds_the_larger_item_within_the_group(survey):
    """Property over every claim of the audit that bounds an overlap (method frechet), every n scenario
    and both languages: the note's bounds are the count-level brute force over every compatible count
    and subset, not the Fréchet bounds of the two printed shares on one base."""
    joint = survey.claims[survey.claims["method"] == "frechet"]
    assert not joint.empty
    for scenario in survey.scenarios:
        keep = params.validate(n_scenario=scenario)
        for claim in joint.itertuples():
            first = stats.combined_share(survey, claim.question_id, claim.options.split(";"), keep)
            second = stats.combined_share(survey, claim.other_question_id, claim.other_options.split(";"), keep)
            ranges = [(int(r["count_min"]), int(r["count_max"])) for r in (first, second)]
            low, high = count_level_brute_force(int(first["n"]), ranges[0], int(second["n"]), ranges[1])
            n = min(int(first["n"]), int(second["n"]))
            for lang, word in (("en", "both"), ("nl", "allebei")):
                note = check_claims(survey, params.validate(lang=lang, n_scenario=scenario)).set_index(
                    "claim_id").at[claim.claim_id, "note"]
                shown = f"{word} {labels.number(100 * low / n, lang, trim=True)}\u2013" \
                        f"{labels.number(100 * high / n, lang, trim=True)}%"
                assert shown in note, (scenario, lang, shown, note)
