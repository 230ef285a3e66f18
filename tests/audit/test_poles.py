"""The side-by-side reading of 'verdeeld' (quantity ``poles``, test ``poles_interval``): each side of
the scale between a quarter and a half, decided pole by pole against statsmodels.

Every poles hypothesis of the committed data is recomputed by an independent route: each pole's share
as the printed figures allow it (each figure +/- half a point), its interval from statsmodels
``proportion_confint`` at the two ends, and the intersection-union rule (supported when both poles lie
in the band, contradicted when one lies wholly outside it).
"""

from __future__ import annotations

import dataclasses

import pytest
from statsmodels.stats.proportion import proportion_confint

from helpers.audit import hypotheses, verdicts
from helpers.core import data
from helpers.core.params import Settings


def _poles_rows(survey) -> list[dict]:
    rows = [row for row in survey.hypotheses.to_dict("records") if row["quantity"] == "poles"]
    assert rows, "the committed data declare the side-by-side reading of 'verdeeld'"
    return rows


def _expected(survey, row: dict, settings: Settings, n: int) -> str:
    """The outcome recomputed from the printed figures with statsmodels, pole by pole."""
    options = data.options(survey, row["question_id"])
    outcomes = []
    for pole in data.POLES:
        printed = options.loc[options["pole"] == pole]
        assert (printed["form"] == "numeral").all()  # every figure printed: +/- half a point each
        share = printed["percent"].astype(float).sum()
        low_share, high_share = share - len(printed) / 2, share + len(printed) / 2
        low = 100 * proportion_confint(low_share / 100 * n, n, settings.alpha, settings.ci_method)[0]
        high = 100 * proportion_confint(high_share / 100 * n, n, settings.alpha, settings.ci_method)[1]
        inside = row["threshold"] <= low and high <= row["upper"]
        outside = high < row["threshold"] or low > row["upper"]
        outcomes.append("supported" if inside else ("contradicted" if outside else "undetermined"))
    if set(outcomes) == {"supported"}:
        return "supported"
    return "contradicted" if "contradicted" in outcomes else "undetermined"


@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99])
@pytest.mark.parametrize("ci_method", ["wilson", "normal", "agresti_coull"])
@pytest.mark.parametrize("n", [150, 280, 517, 577])
def test_each_pole_is_decided_as_statsmodels_decides_it(survey, confidence, ci_method, n):
    settings = Settings(confidence=confidence, ci_method=ci_method)
    for row in _poles_rows(survey):
        decision = hypotheses.evaluate(survey, row["hypothesis_id"], settings, n=n)
        assert decision.outcome == _expected(survey, row, settings, n), (row["hypothesis_id"], decision)


def test_the_side_by_side_reading_reaches_every_outcome_as_the_band_moves(survey):
    """Not a check that cannot fail: with the band moved the same data give each of the three outcomes."""
    row = _poles_rows(survey)[0]
    seen = set()
    for threshold, upper in ((1.0, 99.0), (30.0, 40.0), (90.0, 99.0)):
        moved = survey.hypotheses.assign(
            threshold=[threshold if h == row["hypothesis_id"] else t
                       for h, t in zip(survey.hypotheses["hypothesis_id"], survey.hypotheses["threshold"])],
            upper=[upper if h == row["hypothesis_id"] else u
                   for h, u in zip(survey.hypotheses["hypothesis_id"], survey.hypotheses["upper"])])
        changed = dataclasses.replace(survey, hypotheses=moved)
        seen.add(hypotheses.evaluate(changed, row["hypothesis_id"], Settings()).outcome)
    assert seen == {"supported", "undetermined", "contradicted"}


def test_every_divided_claim_is_read_both_ways(survey):
    """Every claim under the 'divided' rule has the balance reading and the side-by-side one, and its
    verdict is 'depends on reading' exactly when the two disagree."""
    table = verdicts.verdicts(survey, Settings()).set_index("claim_id")
    divided = survey.claims.loc[survey.claims["rule_id"] == "divided", "claim_id"]
    assert len(divided) >= 2
    for claim_id in divided:
        readings = table.at[claim_id, "readings"]
        assert [r[0] for r in readings] == ["as_printed", "both_poles"]
        outcomes = {r[1] for r in readings}
        expected = outcomes.pop() if len(outcomes) == 1 else "depends_on_reading"
        assert table.at[claim_id, "outcome"] == expected
