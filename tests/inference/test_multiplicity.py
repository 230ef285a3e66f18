"""The audit's family of interval verdicts and Holm's correction, against statsmodels and the intervals."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from helpers.core import params
from helpers.display import robustness
from helpers.inference import multiplicity
from helpers.audit.claims import check_claims


@pytest.mark.parametrize("deff", [1.0, 2.0])
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_holm_matches_multipletests_and_the_interval_verdicts(survey, deff, confidence):
    settings = params.Settings(deff=deff, confidence=confidence)
    checked = check_claims(survey, settings)
    table = multiplicity.holm(survey, checked, settings)
    # the family: every claim whose rule was checked against a sampling interval
    assert list(table["claim_id"]) == list(checked.loc[checked["holds_in_ci"] != "", "claim_id"])
    reject, adjusted, _, _ = multipletests(table["p_value"], alpha=settings.alpha, method="holm")
    assert np.allclose(table["p_holm"], adjusted)
    assert list(table["survives"]) == list(reject & (table["holds_in_ci"] != "some"))
    # with the Wilson interval, a verdict from the interval means p < alpha before correction, and back;
    # "opinions divided" holding (the balance interval includes 0) is no rejection: p = 1
    balanced = (table["test"] == "divided") & (table["holds_in_ci"] == "all")
    assert (table.loc[balanced, "p_value"] == 1.0).all()
    assert list(table.loc[~balanced, "p_value"] < settings.alpha) == list(table.loc[~balanced, "holds_in_ci"] != "some")


def test_a_share_p_value_is_the_doubled_score_test(survey):
    settings = params.Settings(deff=1.5)
    claim = survey.claims.set_index("claim_id").loc["lead_confidence"]
    p_holds, p_fails = multiplicity.claim_p_values(survey, claim, settings)
    _, one_sided = proportions_ztest(467 / 1.5, 577 / 1.5, value=0.6667, alternative="larger", prop_var=0.6667)
    assert p_holds == pytest.approx(min(1, 2 * one_sided))
    assert p_fails == pytest.approx(1.0)


def test_the_summary_counts_the_family(survey):
    """Kind 4: the family holds each declared hypothesis once (14, not the 16 claims that test them)."""
    settings = params.Settings(lang="en")
    checked = check_claims(survey, settings)
    table = robustness.holm_numbers(survey, settings)
    summary = robustness.holm_summary(survey, checked, settings)
    assert summary.startswith("The family: 14 declared hypotheses, each tested once (2 claims repeat a hypothesis")
    assert f"{int(table['verdict'].sum())} of them get a verdict" in summary
    assert f"{int(table['survives'].sum())} of those verdicts survive" in summary
    assert len(table) == 14 and table["hypothesis_id"].is_unique
    reject, adjusted, _, _ = multipletests(table["p_value"], alpha=settings.alpha, method="holm")
    assert list(table["p_holm"]) == pytest.approx(list(adjusted))
    assert list(table["survives"]) == list(reject & table["verdict"])
    # the rule shown beside each p-value is the hypothesis that p-value tests
    shown = robustness.holm_table(survey, checked, settings)
    assert list(shown.iloc[:, 0])[2] == "half: share within 50 \u00b1 5% (equivalence)"