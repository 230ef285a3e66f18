"""The per-survey and per-process caches give exactly what the uncached computation gives, and
callers cannot change what a cache holds (each gets a copy, or an immutable value).

Every check runs over the real data: all questions, claims and rules, not one example.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.power import NormalIndPower

from helpers.audit import ranges as audit_ranges
from helpers.core import data, params
from helpers.inference import precision, stats
from helpers.sensitivity import multiverse
from helpers.words import claim_notes


def fresh(survey: data.Survey) -> data.Survey:
    """The same tables with no views cached yet."""
    return dataclasses.replace(survey)  # views start afresh (init=False)


# ---------------------------------------------------------------- power analysis

def test_solved_effect_size_is_statsmodels_solve_power_for_every_pair_of_item_sizes(survey):
    sizes = sorted({data.n_for(survey, q, scenario) for q in survey.questions["question_id"]
                    for scenario in survey.scenarios})
    pairs = list(itertools.product(sizes, sizes))
    rng = np.random.default_rng(5)
    sample = [pairs[i] for i in rng.choice(len(pairs), size=min(25, len(pairs)), replace=False)]
    for (n_a, n_b), confidence, deff in itertools.product(sample, (0.9, 0.95, 0.99), (1.0, 1.5)):
        settings = params.Settings(confidence=confidence, deff=deff)
        expected = float(NormalIndPower().solve_power(effect_size=None, nobs1=n_a / deff, alpha=settings.alpha,
                                                      power=precision.POWER, ratio=n_b / n_a,
                                                      alternative="two-sided"))
        assert precision.effect_size_needed(n_a, n_b, settings) == expected, (n_a, n_b, confidence, deff)
        # asked again (now from the cache): the same float
        assert precision.effect_size_needed(n_a, n_b, settings) == expected


def test_solved_effect_size_is_computed_once_per_distinct_arguments():
    precision.solved_effect_size.cache_clear()
    first = precision.solved_effect_size(280.0, 475 / 280, 0.05, 0.8)
    again = precision.solved_effect_size(280.0, 475 / 280, 0.05, 0.8)
    info = precision.solved_effect_size.cache_info()
    assert first == again and (info.hits, info.misses) == (1, 1)
    assert precision.solved_effect_size(280.0, 475 / 280, 0.01, 0.8) > first  # a stricter level needs a larger h


def test_precision_table_is_the_same_cold_and_cached_and_copies(survey):
    settings = params.Settings()
    questions = precision.section_questions(survey)
    cold = precision.precision_table(fresh(survey), questions, settings)
    local = fresh(survey)
    first = precision.precision_table(local, questions, settings)
    first.loc[:, "mdd_independent"] = -1.0  # a caller changing its copy
    pd.testing.assert_frame_equal(precision.precision_table(local, questions, settings), cold, check_exact=True)


# ---------------------------------------------------------------- shares

def every_share(survey):
    """(question, options) for every single option and every pole of every question."""
    for question_id in survey.questions["question_id"]:
        for option in data.options(survey, question_id)["option_id"]:
            yield question_id, [option]
        for pole in data.POLES:
            ids = data.pole_options(survey, question_id, pole)
            if ids:
                yield question_id, ids


SETTINGS = [params.Settings(), params.Settings(dont_know="exclude", rounding="half_even"),
            params.Settings(ci_method="binom_test", deff=1.5, confidence=0.9)]


def test_combined_share_cached_equals_computed_and_callers_get_copies(survey):
    local = fresh(survey)
    for settings in SETTINGS:
        for question_id, options in every_share(survey):
            excluded = stats.question_counts(local, question_id, settings.n_scenario, rounding=stats.rounding_of(settings))
            if settings.dont_know == "exclude" and any(
                    excluded.index(o) in excluded.dont_know for o in options):
                with pytest.raises(ValueError, match="don't-know answers"):
                    stats.combined_share(local, question_id, options, settings)
                continue
            expected = stats._combined_share(fresh(survey), question_id, options, settings)
            got = stats.combined_share(local, question_id, options, settings)
            pd.testing.assert_series_equal(got, expected, check_exact=True)
            got["share"] = -1.0  # changing the returned Series leaves the cache alone
            pd.testing.assert_series_equal(stats.combined_share(local, question_id, options, settings), expected,
                                           check_exact=True)


def test_combined_point_is_combined_shares_share_count_and_n(survey):
    for settings in SETTINGS:
        for question_id, options in every_share(survey):
            try:
                full = stats.combined_share(survey, question_id, options, settings)
            except ValueError:
                with pytest.raises(ValueError):
                    stats.combined_point(survey, question_id, options, settings)
                continue
            share, count, n = stats.combined_point(survey, question_id, options, settings)
            assert (share, count, n) == (full["share"], full["count"], full["n"]), (question_id, options)


def test_share_range_cached_equals_computed_and_is_immutable(survey):
    local = fresh(survey)
    for (question_id, options), rounding in itertools.product(list(every_share(survey)),
                                                              ("half_up", "half_even", "both")):
        n = data.n_for(survey, question_id)
        expected = audit_ranges._share_range(fresh(survey), question_id, options, n, rounding)
        got = audit_ranges.share_range(local, question_id, options, n, rounding)
        assert got == expected and isinstance(got, tuple)
        assert audit_ranges.share_range(local, question_id, iter(options), n, rounding) is got


# ---------------------------------------------------------------- rules and options

def test_rule_row_is_the_rules_row_for_every_rule_and_a_copy(survey):
    table = data.rules(survey)
    for rule_id, row in table.iterrows():
        got = data.rule_row(survey, rule_id)
        assert got["rule_id"] == rule_id
        assert set(got) == set(table.columns) | {"rule_id"}
        for column in table.columns:
            assert got[column] == row[column] or (pd.isna(got[column]) and pd.isna(row[column])), (rule_id, column)
        got["test"] = "changed"
        assert data.rule_row(survey, rule_id)["test"] == row["test"]
    with pytest.raises(KeyError, match="unknown rule_id 'no_such_rule'"):
        data.rule_row(survey, "no_such_rule")


def test_rule_text_cached_equals_the_rule_wording(survey):
    for rule_id, lang in itertools.product(data.rules(survey).index, ("nl", "en")):
        text = claim_notes.rule_text(fresh(survey), rule_id, lang)
        assert text == claim_notes.rule_text(survey, rule_id, lang)
        assert text.startswith(str(data.rules(survey).at[rule_id, f"term_{lang}"]) + ": ")


def test_options_equal_a_plain_filter_and_sort_for_every_question_and_are_copies(survey):
    local = fresh(survey)
    for question_id in survey.questions["question_id"]:
        rows = survey.results[survey.results["question_id"] == question_id].sort_values("option_order").copy()
        rows["option"] = pd.Categorical(rows["option_id"], categories=list(rows["option_id"]), ordered=True)
        expected = rows.reset_index(drop=True)
        got = data.options(local, question_id)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        got.loc[:, "percent"] = -1
        pd.testing.assert_frame_equal(data.options(local, question_id), expected, check_exact=True)


# ---------------------------------------------------------------- the multiverse's summary

def test_robustness_equals_a_pivot_of_the_outcomes(survey):
    """The numpy summary against the straightforward pandas one (pivot over reading numbers)."""
    result = multiverse.run(survey)
    long = multiverse._outcomes(result.findings, result.verdicts)
    all_readings = multiverse.readings(survey)
    number = pd.Series(np.arange(len(all_readings)), index=pd.MultiIndex.from_frame(all_readings))
    long["reading"] = number.loc[pd.MultiIndex.from_frame(long[multiverse.READING_COLUMNS])].to_numpy()
    matrix = long.pivot(index=["kind", "item"], columns="reading", values="outcome")
    matrix = matrix.reindex(pd.MultiIndex.from_frame(long[["kind", "item"]].drop_duplicates()))
    reference_at = int(number.loc[tuple(multiverse.REFERENCE[c] for c in multiverse.READING_COLUMNS)])
    rebased = {**multiverse.REFERENCE, **multiverse.ESTIMAND_CHOICES}
    rebased_at = int(number.loc[tuple(rebased[c] for c in multiverse.READING_COLUMNS)])
    asked = (all_readings["dont_know"] == multiverse.REFERENCE["dont_know"]).to_numpy()
    summary = result.summary
    assert list(zip(summary["kind"], summary["item"])) == list(matrix.index)
    dims = multiverse.dimensions(survey)
    for (_, row), outcomes in zip(summary.iterrows(), matrix.to_numpy()):
        ref = outcomes[reference_at]
        same_question = outcomes[asked]
        assert row["reference"] == ref and row["same"] == int((same_question == ref).sum())
        assert row["readings"] == int(asked.sum()) and row["estimand"] == outcomes[rebased_at]
        kinds, counts = np.unique(same_question, return_counts=True)
        order = np.lexsort((kinds, -counts))
        assert row["outcomes"] == ";".join(f"{kinds[i]}:{counts[i]}" for i in order)
        flipped = []
        for column in multiverse.READING_COLUMNS:
            if column in multiverse.ESTIMAND_CHOICES:
                continue
            for value in dims[column]:
                if value != multiverse.REFERENCE[column]:
                    at = int(number.loc[tuple(value if c == column else multiverse.REFERENCE[c]
                                              for c in multiverse.READING_COLUMNS)])
                    if outcomes[at] != ref:
                        flipped.append(f"{column}={value:g}" if isinstance(value, float) else f"{column}={value}")
        assert row["flipped_by"] == ";".join(flipped)
    assert collections.Counter(summary["kind"]) == collections.Counter(matrix.index.get_level_values("kind"))
