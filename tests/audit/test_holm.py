"""The audit's Holm family (each declared hypothesis once) and its correction, against statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from helpers.audit import hypotheses, verdicts
from helpers.words.claim_table import check_claims
from helpers.core import params
from helpers.display import robustness
from helpers.words import robustness_text


@pytest.mark.parametrize("deff", [1.0, 2.0])
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_holm_is_multipletests_over_each_hypothesis_once(survey, deff, confidence):
    settings = params.Settings(deff=deff, confidence=confidence)
    table = verdicts.verdicts(survey, settings)
    family = verdicts.holm(verdicts.holm_family(table), settings.alpha)
    # each declared hypothesis once, at its first claim
    assert list(family["hypothesis_id"]) == list(dict.fromkeys(table.loc[table["hypothesis_id"] != "",
                                                                         "hypothesis_id"]))
    reject, adjusted, _, _ = multipletests(family["p_value"], alpha=settings.alpha, method="holm")
    np.testing.assert_allclose(family["p_holm"], adjusted, rtol=1e-12)
    assert list(family["survives"]) == list(reject & family["verdict"])
    # the p of a verdict tests the direction the interval decides: below alpha when decided
    # (share intervals and score tests at the same level agree; TOST at 1 - 2 alpha)
    decided = family[family["verdict"]]
    assert (decided["p_value"] <= settings.alpha + 1e-9).all(), decided


def test_a_share_p_value_is_the_doubled_score_test(survey):
    settings = params.Settings(deff=1.5)
    record = verdicts.verdicts(survey, settings).set_index("claim_id").loc["lead_confidence"]
    low_share = hypotheses.share_bounds(survey, "skills_sufficient", ["strongly_agree", "agree"])[0]
    count = low_share * 577 / 100  # the least favourable compatible share of the 577
    _, one_sided = proportions_ztest(count / 1.5, 577 / 1.5, value=0.6667, alternative="larger", prop_var=0.6667)
    assert record["p_holds"] == pytest.approx(min(1, 2 * one_sided), rel=1e-9)


def test_the_summary_counts_the_family(survey):
    """Kind 4: the family holds each declared hypothesis once (14, not the 16 claims that test them)."""
    settings = params.Settings(lang="en")
    checked = check_claims(survey, settings)
    table = robustness.holm_numbers(survey, settings)
    summary = robustness.holm_summary(survey, checked, settings)
    named = survey.claims.loc[survey.claims["hypothesis_id"] != "", "hypothesis_id"]
    family = named.nunique()
    assert summary.startswith(f"The family: {family} declared hypotheses, one per distinct claim in the claim's own "
                              f"reading, each tested once ({len(named) - family} claims repeat a hypothesis")
    assert "second reading is shown as a reading and is not in the family" in summary
    assert f"{int(table['verdict'].sum())} of them get a verdict" in summary
    assert f"{int(table['survives'].sum())} of those verdicts survive" in summary
    assert len(table) == family and table["hypothesis_id"].is_unique
    reject, adjusted, _, _ = multipletests(table["p_value"], alpha=settings.alpha, method="holm")
    assert list(table["p_holm"]) == pytest.approx(list(adjusted))
    assert list(table["survives"]) == list(reject & table["verdict"])
    # the rule shown beside each p-value is the hypothesis that p-value tests
    shown = robustness.holm_table(survey, checked, settings)
    assert list(shown.iloc[:, 0])[2] == "half: share equivalent to 50% within \u00b1 5 points"


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_summary_names_every_supported_verdict_holm_takes_away(survey, lang):
    """The two counts ('supported', 'survive Holm') are of different sets: the summary names each claim the
    audit calls supported whose hypothesis does not survive the correction, and no other."""
    settings = params.Settings(lang=lang)
    table = robustness.holm_numbers(survey, settings)
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    lost = [ids.split(";")[0] for ids, survives in zip(table["claim_ids"], table["survives"])
            if not survives and records.at[ids.split(";")[0], "outcome"] == "supported"]
    summary = robustness.holm_summary(survey, check_claims(survey, settings), settings)
    phrases = survey.claims.set_index("claim_id")["phrase_nl"]
    assert lost == ["lead_handles_half", "keepup_discouraging"]  # with the committed data
    for claim_id in records.index[records["outcome"] == "supported"]:
        assert (f"'{phrases[claim_id]}'" in summary.split("Holm")[-1]) == (claim_id in lost), claim_id


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_summary_explains_a_decided_count_that_is_not_the_supported_count(survey, lang):
    """The family's decided hypotheses are split into those of supported claims and those of claims that
    depend on the reading (first reading decided), so "10 decided" and "8 supported" do not look at odds."""
    settings = params.Settings(lang=lang)
    table = robustness.holm_numbers(survey, settings)
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    firsts = [records.at[ids.split(";")[0], "outcome"] for ids in table.loc[table["verdict"], "claim_ids"]]
    depends, supported = firsts.count("depends_on_reading"), firsts.count("supported")
    summary = robustness.holm_summary(survey, None, settings)
    split = robustness_text.text("holm.split", lang, verdicts=len(firsts), supported=supported, depends=depends)
    assert depends > 0 and supported + depends == len(firsts)
    assert split in summary, summary


def _bh_by_hand(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p by its definition: min over k >= i of m p_(k) / k, capped at 1."""
    m = len(p_values)
    order = np.argsort(p_values)
    ranked = p_values[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out


@pytest.mark.parametrize("deff", [1.0, 2.0])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_benjamini_hochberg_beside_holm_is_the_definition_and_never_stricter(survey, deff, confidence):
    """p (BH) is the step-up adjustment by its definition; a verdict kept by Holm is kept by BH (BH's
    adjusted p is never above Holm's), and BH keeps only decided verdicts."""
    settings = params.Settings(deff=deff, confidence=confidence)
    family = verdicts.holm(verdicts.holm_family(verdicts.verdicts(survey, settings)), settings.alpha)
    np.testing.assert_allclose(family["p_bh"], _bh_by_hand(family["p_value"].to_numpy(dtype=float)), rtol=1e-12)
    assert (family["p_bh"] <= family["p_holm"] + 1e-12).all()
    assert (family["survives"] <= family["survives_bh"]).all()
    assert list(family["survives_bh"]) == list(family["verdict"] & (family["p_bh"] <= settings.alpha))


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_summary_and_table_give_benjamini_hochberg(survey, lang):
    settings = params.Settings(lang=lang)
    checked = check_claims(survey, settings)
    table = robustness.holm_numbers(survey, settings)
    summary = robustness.holm_summary(survey, checked, settings)
    expected = robustness_text.text("holm.bh", lang, survive_bh=int(table["survives_bh"].sum()),
                                    verdicts=int(table["verdict"].sum()))
    assert expected in summary
    shown = robustness.holm_table(survey, checked, settings)
    assert robustness_text.text("col.p_bh", lang) in shown.columns
