"""The memoised and vectorised paths of the multiverse, the tipping points and the audit, against their
plain computation (nothing memoised, one statsmodels call per interval) over every question and hypothesis."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from helpers.audit import hypotheses, verdicts
from helpers.core import data, params
from helpers.inference import intervals, stats
from helpers.sensitivity import multiverse, tipping

# FLOAT_ATOL (percent): statsmodels on arrays runs the same elementwise operations as on one interval,
# equal bit for bit on the machine the reports are rendered on; the tolerance only allows a CPU whose
# vector and scalar code paths round a last bit differently. A wrong pairing of intervals is off by far more.
FLOAT_ATOL = 1e-12
NON_EXACT = [method for method in params.CI_METHODS if method not in intervals.EXACT_METHODS]


@pytest.fixture(scope="module")
def result(survey):
    return multiverse.run(survey)  # the whole grid first: every memo filled by all readings


def fresh(survey: data.Survey) -> data.Survey:
    """The same tables with nothing memoised (``dataclasses.replace`` starts the views afresh)."""
    return dataclasses.replace(survey)


def plain_interval(count, nobs, method, alpha, deff=1.0) -> tuple[float, float]:
    """One statsmodels call at Kish's effective counts, in percent: what the cache must hold."""
    low, high = proportion_confint(*intervals.effective_counts(count, nobs, deff, method), alpha=alpha, method=method)
    return float(low) * 100, float(high) * 100


def test_primed_intervals_on_arrays_are_statsmodels_one_by_one(survey):
    # every question's headline count at (every 40th of) its compatible n, every method, level and design effect
    requests = []
    for question_id in survey.questions["question_id"]:
        options = data.headline_options(survey, question_id)
        for n in hypotheses.compatible_n(survey, question_id, params.Settings())[::40]:
            question = stats.question_counts(survey, question_id, n=n)
            count = sum(question.point[question.index(option)] for option in options)
            requests += [(count, n, method, 1 - level, deff) for method, level, deff in
                         itertools.product(NON_EXACT, multiverse.CONFIDENCES, multiverse.DEFFS)]
    intervals._INTERVALS.clear()
    assert intervals.prime(requests) == len(set(requests))
    assert intervals.prime(requests) == 0  # all cached now
    for request in requests:
        assert intervals.proportion_interval(*request) == pytest.approx(plain_interval(*request), rel=0,
                                                                        abs=FLOAT_ATOL), request


def test_the_primed_n_scan_of_a_finding_is_its_plain_interval_at_every_n(survey):
    settings = tipping.reference_settings()
    for question_id in survey.questions["question_id"]:
        compatible = hypotheses.compatible_n(survey, question_id, settings)
        intervals._INTERVALS.clear()
        tipping._prime_n_scan(survey, question_id, settings, compatible)
        options, plain = data.headline_options(survey, question_id), fresh(survey)
        for n in compatible[::3]:
            question = stats.question_counts(plain, question_id, n=n)
            count = sum(question.point[question.index(option)] for option in options)
            expected = plain_interval(count, n, settings.ci_method, settings.alpha)
            got = tipping.finding_interval(survey, question_id, settings, n=n)
            assert got == pytest.approx(expected, rel=0, abs=FLOAT_ATOL), (question_id, n)


def checked_readings(survey) -> list[params.Settings]:
    """Readings that vary what the memo keys drop or keep: method x scenario (don't-know alternating) at the
    other defaults, and level x rounding at a design effect of 1.5."""
    dims = multiverse.dimensions(survey)
    first = [params.Settings(ci_method=m, n_scenario=s, dont_know=dims["dont_know"][i % 2])
             for i, (m, s) in enumerate(itertools.product(dims["ci_method"], dims["n_scenario"]))]
    second = [params.Settings(confidence=c, rounding=r, deff=1.5)
              for c, r in itertools.product((0.90, 0.99), dims["rounding"])]
    return first + second


def plain_decision(survey: data.Survey, hypothesis_id: str, settings: params.Settings) -> hypotheses.Decision:
    """A hypothesis decided under its full settings on a survey with nothing memoised."""
    survey = fresh(survey)
    row = hypotheses.hypothesis_row(survey, hypothesis_id)
    n = data.n_for(survey, row["question_id"], settings.n_scenario)
    options = [option for option in str(row["options"]).split(";") if option]
    if row["quantity"] in ("share", "sum"):
        return hypotheses._share(survey, row, options, n, settings)
    if row["quantity"] == "balance":
        return hypotheses._balance(survey, row, n, settings)
    if row["quantity"] == "difference":
        other_n = data.n_for(survey, row["other_question_id"], settings.n_scenario)
        return hypotheses._difference(survey, row, options, n, settings, other_n)
    if row["quantity"] == "poles":
        return hypotheses._poles(survey, row, n, settings)
    return hypotheses._largest(survey, row, n, settings)


def test_decisions_memoised_on_the_settings_they_read_equal_the_plain_decision(survey, result):
    for settings in checked_readings(survey):
        for hypothesis_id in survey.hypotheses["hypothesis_id"]:
            assert hypotheses.evaluate(survey, hypothesis_id, settings) == plain_decision(survey, hypothesis_id,
                                                                                          settings)


def test_the_grids_verdicts_equal_the_verdicts_of_one_reading_computed_afresh(survey, result):
    grid = result.verdicts
    for settings in checked_readings(survey):
        at = np.ones(len(grid), dtype=bool)
        for column in multiverse.READING_COLUMNS:
            at &= (grid[column] == getattr(settings, column)).to_numpy()
        mine = grid[at].reset_index(drop=True)
        plain = verdicts.verdict_table(verdicts.verdict_records(fresh(survey), settings))
        columns = ["claim_id", "hypothesis_id", "outcome", "counted"]
        pd.testing.assert_frame_equal(mine[columns], plain[columns])
        held = verdicts.verdicts(survey, settings)  # the memoised table of the audit
        pd.testing.assert_frame_equal(held, plain, check_exact=True)


def test_memoised_survey_views_equal_their_plain_computation(survey):
    settings = params.Settings()
    for question_id in survey.questions["question_id"]:
        table = data.options(fresh(survey), question_id)
        for column in ("option_id", "kind", "percent", "form"):
            assert data.option_column(survey, question_id, column) == tuple(table[column])
        assert data.headline_options(survey, question_id) == data.headline_options(fresh(survey), question_id)
        assert data.kind_options(survey, question_id, "substantive") == list(
            table.loc[table["kind"] == "substantive", "option_id"])
        rounding = stats.rounding_of(settings)
        assert hypotheses.compatible_n(survey, question_id, settings) == [
            n for n in range(1, 578) if stats.fits(survey, question_id, n, rounding)]


def test_the_memoised_holm_adjustment_is_multipletests(survey):
    rng = np.random.default_rng(5)
    families = [verdicts.holm_family(verdicts.verdicts(survey, params.Settings()))["p_value"].to_numpy()]
    families += [rng.random(size) for size in (1, 7)]  # multipletests collects garbage per call: a few
    for p in families:
        for alpha in (0.05, 0.1):
            reject, adjusted, _, _ = multipletests(p, alpha=alpha, method="holm")
            got_reject, got_adjusted = verdicts._adjusted(tuple(p.tolist()), alpha, "holm")
            assert list(got_reject) == list(reject)
            np.testing.assert_array_equal(np.array(got_adjusted), adjusted)
