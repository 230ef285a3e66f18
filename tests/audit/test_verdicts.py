"""Declared hypotheses (data/hypotheses.csv) and the verdicts they decide (helpers.audit.verdicts).

Properties over every claim: the outcome follows from the deciding interval alone; no verdict gets
stronger as n falls; a hypothesis is counted and tested (Holm) once; every counted check can fail;
editing one threshold in a copy of data/ changes exactly the verdicts that depend on it.
"""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint, proportions_ztost

from helpers.core import data
from helpers.core.data_csv import DataValidationError
from helpers.core.params import Settings
from helpers.audit import hypotheses, verdicts
from helpers.words import claim_table, plain
from helpers.inference import intervals

DEFAULT = Settings()


def _copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(data.paths.PROJECT_ROOT / "data", target)
    return target


def _edit(folder, file, old, new):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_checkable_claim_has_a_declared_hypothesis(survey):
    checkable = survey.claims[survey.claims["method"].isin(data.CHECKABLE)]
    assert len(checkable) == 16
    assert (checkable["hypothesis_id"] != "").all()
    others = survey.claims[~survey.claims["method"].isin(data.CHECKABLE)]
    assert (others["hypothesis_id"] == "").all()
    second = survey.claims.loc[survey.claims["alt_reading"].isin(data.HYPOTHESIS_READINGS), "alt_hypothesis_id"]
    assert (second != "").all() and not set(second) & set(checkable["hypothesis_id"])
    assert set(checkable["hypothesis_id"]) | set(second) == set(survey.hypotheses["hypothesis_id"])
    assert (survey.hypotheses["reason"].str.len() > 20).all()


@pytest.mark.parametrize("file, old, new, column, allowed", [
    ("hypotheses.csv", "handles_half,share,handles_differently,yes,,,equivalent,50,,5,tost_share",
     "handles_half,share,handles_differently,yes,,,equivalent,50,,5,share_interval", "test", "tost_share"),
    ("hypotheses.csv", "equivalent,50,,5,tost_share", "equivalent,50,,,tost_share", "margin", "a number"),
    ("hypotheses.csv", "ict_small_group,sum,ict_work,fully;partly", "ict_small_group,sum,ict_work,fully;nobody",
     "options", "fully"),
    ("hypotheses.csv", "at_least,66.67,,,share_interval,claim", "at_least,,,,share_interval,claim", "threshold",
     "a number"),
    ("hypotheses.csv", "education_majority,share,education_more_digital,agree,,,more_than",
     "education_majority,share,education_more_digital,agree,,,roughly", "comparator", "at_least"),
    ("hypotheses.csv", "A small minority is at most a quarter of respondents.\n", "\n", "reason", "non-empty"),
    ("claims.csv", ",high_confidence,confident_two_thirds,", ",high_confidence,,", "hypothesis_id",
     "a hypothesis_id"),
    ("claims.csv", ",large_majority,no_training_large_majority,", ",large_majority,handles_half,", "hypothesis_id",
     "training_courses"),
    ("claims.csv", "both_poles,,keepup_divided_poles", "both_poles,,keepup_discouraging", "alt_hypothesis_id",
     "keepup_divided_poles"),
    ("claims.csv", "both_poles,,keepup_divided_poles", ",,keepup_divided_poles", "alt_hypothesis_id", "empty"),
    ("claims.csv", "both_poles,,keepup_divided_poles", "both_poles,,", "alt_hypothesis_id", "a hypothesis_id"),
    ("hypotheses.csv", "keepup_divided_poles,poles,government_keeps_up,,", "keepup_divided_poles,poles,"
     "government_keeps_up,certainly,", "options", "empty"),
    ("hypotheses.csv", "keepup_divided_poles,poles,government_keeps_up,,,,between,25,50,,poles_interval",
     "keepup_divided_poles,poles,government_keeps_up,,,,between,25,50,,balance_interval", "test", "poles_interval"),
])
def test_a_bad_hypothesis_names_file_line_column_value_and_what_is_allowed(tmp_path, file, old, new, column, allowed):
    folder = _copy(tmp_path)
    _edit(folder, file, old, new)
    with pytest.raises(DataValidationError) as error:
        data.load_survey(folder)
    assert error.value.file.name == file and error.value.column == column
    assert error.value.line is not None and error.value.line > 1
    assert allowed in error.value.allowed
    assert file in str(error.value) and f"column '{column}'" in str(error.value)


def _side(row):
    """(claim side holds, other side holds) of the deciding interval, recomputed from the bounds."""
    low, high, t = row["ci_low"], row["ci_high"], row["threshold"]
    if row["comparator"] == "equivalent":
        band = (t - row["margin"], t + row["margin"])
        return band[0] <= low and high <= band[1], high < band[0] or low > band[1]
    return {"at_least": (low >= t, high < t), "more_than": (low > t, high <= t),
            "at_most": (high <= t, low > t)}[row["comparator"]]


@pytest.mark.parametrize("scenario", ["layout", "attrition", "smallest"])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_no_claim_is_supported_when_its_interval_reaches_the_other_side(survey, scenario, confidence):
    table = verdicts.verdicts(survey, Settings(n_scenario=scenario, confidence=confidence))
    checked = table[(table["hypothesis_id"] != "") & (table["quantity"] != "largest_share")]
    assert len(checked) == 15
    for _, row in checked.iterrows():
        own = row["readings"][0][1]
        holds, fails = _side(row)
        assert own == ("supported" if holds else "contradicted" if fails else "undetermined"), row["claim_id"]
        outcomes = {reading[1] for reading in row["readings"]}
        assert row["outcome"] == (own if len(outcomes) == 1 else "depends_on_reading")


def test_equivalence_claims_use_tost_and_match_statsmodels(survey):
    """'de helft': statsmodels proportions_ztost at the allowed shares' ends, and its 90% Wald interval."""
    decision = hypotheses.evaluate(survey, "handles_half", DEFAULT)
    low, high = hypotheses.share_bounds(survey, "handles_differently", ["yes"])
    rows = data.options(survey, "handles_differently")
    others = rows.loc[rows["option_id"] != "yes", "percent"].astype(int)
    # 100 minus the other printed figures, each +/- 0.5
    assert (low, high) == pytest.approx((100 - others.sum() - len(others) / 2, 100 - others.sum() + len(others) / 2))
    row = survey.hypotheses.set_index("hypothesis_id").loc["handles_half"]
    band = ((row["threshold"] - row["margin"]) / 100, (row["threshold"] + row["margin"]) / 100)
    n = data.n_for(survey, "handles_differently")
    expected = max(proportions_ztost(share * n / 100, n, *band)[0] for share in (low, high))
    assert decision.p_holds == pytest.approx(expected, rel=1e-9)
    assert decision.low == pytest.approx(100 * proportion_confint(low * n / 100, n, 0.10, "normal")[0], abs=1e-9)
    assert decision.level == pytest.approx(0.90)
    assert (decision.outcome == "supported") == (expected < 0.05)
    # the decision and the test agree: TOST p < alpha exactly when the 1 - 2 alpha interval lies in the band
    for n in (200, 300, 400, 475):
        d = hypotheses.evaluate(survey, "handles_half", DEFAULT, n=n)
        assert (d.outcome == "supported") == (d.p_holds < DEFAULT.alpha), n


def test_balance_tost_variance_matches_a_multinomial_simulation():
    """The hand-rolled multinomial standard error of positive minus negative, against 200,000 draws."""
    rng = np.random.default_rng(19)
    p = np.array([0.34, 0.45, 0.21])
    draws = rng.multinomial(517, p, size=200_000) / 517
    diff, se = hypotheses.balance_grid((34, 34), (45, 45), 517, 1.0, steps=2)
    assert diff[0] == pytest.approx(-0.11)
    assert se[0] == pytest.approx((draws[:, 0] - draws[:, 1]).std(), rel=0.01)
    # and the Wald interval at the point counts is the package's balance_interval
    _, low, high = intervals.balance_interval(int(0.34 * 517), int(0.45 * 517), 517, 0.05)
    d, s = hypotheses.balance_grid((100 * int(0.34 * 517) / 517,) * 2, (100 * int(0.45 * 517) / 517,) * 2, 517, 1.0,
                                   steps=2)
    z = intervals.normal_quantile(0.975)
    assert (100 * (d[0] - z * s[0]), 100 * (d[0] + z * s[0])) == pytest.approx((low, high), abs=1e-9)


def test_divided_and_discouraging_are_not_complementary_by_construction(survey):
    """Kind 1: 'meningen verdeeld' is an equivalence claim (TOST, margin 15), 'weinig bemoedigend' a
    balance below 0; under the defaults one is undetermined while the other is supported."""
    table = verdicts.verdicts(survey, DEFAULT).set_index("claim_id")
    assert table.at["keepup_divided", "test"] == "tost_balance"
    assert table.at["keepup_divided", "outcome"] == "undetermined"
    assert table.at["keepup_discouraging", "outcome"] == "supported"
    assert table.at["keepup_divided", "ci_low"] < -15 < table.at["keepup_divided", "ci_high"]
    both = set()
    for scenario in survey.scenarios:
        for confidence in (0.8, 0.9, 0.95, 0.99):
            t = verdicts.verdicts(survey, Settings(n_scenario=scenario, confidence=confidence)).set_index("claim_id")
            both.add((t.at["keepup_divided", "outcome"], t.at["keepup_discouraging", "outcome"]))
    # under the old reading (balanced = the interval holds 0, discouraging = it lies below 0) exactly one
    # of the two held in every cell; as declared hypotheses both can be undetermined
    assert ("undetermined", "undetermined") in both and ("undetermined", "supported") in both


STRENGTH = {"supported": 1, "contradicted": 1, "undetermined": 0}


def test_no_verdict_gets_stronger_as_n_falls(survey):
    """Kind 7: over every claim and every n from the smallest compatible n to 577, a decisive outcome
    at some n is the same at every larger n."""
    seen = 0
    for claim in survey.claims.to_dict("records"):
        if not claim["hypothesis_id"]:
            continue
        ns = hypotheses.compatible_n(survey, claim["question_id"], DEFAULT)
        assert ns[-1] == 577 and len(ns) > 300
        readings = [verdicts.readings_of(survey, claim, DEFAULT, n=n) for n in ns]
        for index in range(len(readings[0])):
            outcomes = [r[index][1] for r in readings]
            for i, outcome in enumerate(outcomes):
                if STRENGTH[outcome]:
                    assert set(outcomes[i:]) == {outcome}, (claim["claim_id"], ns[i])
                    break
            seen += len(outcomes)
    assert seen > 8000


def test_the_narrower_item_is_said_in_the_verdict(survey):
    table = verdicts.verdicts(survey, DEFAULT).set_index("claim_id")
    assert table.at["lead_no_training_majority", "scope"] == "narrower_item"
    assert table.at["lead_no_training_majority", "outcome"] == "undetermined"
    # the text's employer and information society against the item's government and businesses; the text's
    # hbo courses against the item's hbo and university courses
    assert set(table.index[table["scope"] == "other_item"]) == {"keepup_divided", "keepup_discouraging",
                                                                "education_majority", "education_small_minority"}
    assert (table.loc[~table["scope"].isin(["narrower_item", "other_item"]), "scope"].isin(["", "claim"])).all()


def test_every_claim_on_another_or_narrower_item_says_so_in_plain_words_and_in_its_verdict(survey):
    """Over every claim and both languages: a hypothesis whose item is narrower than the claim or asks
    another question carries the claim's own note on how, in the verdict's note, and a plain sentence."""
    claims = survey.claims.set_index("claim_id")
    for lang in ("nl", "en"):
        settings = Settings(lang=lang)
        table = verdicts.verdicts(survey, settings).set_index("claim_id", drop=False)
        checked = claim_table.check_claims(survey, settings).set_index("claim_id")
        scoped = table[table["scope"].isin(list(plain.SCOPE_SENTENCES))]
        assert len(scoped) >= 5
        for claim_id, record in scoped.iterrows():
            note = claims.at[claim_id, "note_nl" if lang == "nl" else "note"]
            assert note, claim_id
            assert plain.text(plain.SCOPE_SENTENCES[record["scope"]], lang) in plain.why_sentences(record, lang)
            assert note.rstrip(".")[1:] in checked.at[claim_id, "note"], claim_id


def test_holm_family_holds_each_hypothesis_once(survey):
    """Kind 4, over every scenario: one row per hypothesis; shared claims named; counts count it once."""
    for scenario in survey.scenarios:
        table = verdicts.verdicts(survey, Settings(n_scenario=scenario))
        family = verdicts.holm_family(table)
        assert family["hypothesis_id"].is_unique
        own = survey.claims.loc[survey.claims["hypothesis_id"] != "", "hypothesis_id"]
        assert len(family) == own.nunique() == 14  # a second reading's hypothesis is not in the family
        claims = [c for ids in family["claim_ids"] for c in ids]
        assert sorted(claims) == sorted(survey.claims.loc[survey.claims["hypothesis_id"] != "", "claim_id"])
    shared = dict(zip(family["hypothesis_id"], family["claim_ids"]))
    assert shared["confident_two_thirds"] == ("lead_confidence", "skills_great_confidence")
    assert shared["handles_half"] == ("lead_handles_half", "handles_half")
    totals = verdicts.counts(table)
    assert totals["shared"] == 2 and totals["hypotheses"] == 14
    assert sum(totals[o] for o in ("supported", "contradicted", "undetermined", "depends_on_reading")) == 14


def test_every_counted_check_can_fail(survey):
    """Kind 6: each declared hypothesis, its threshold moved far to the other side in memory, is
    contradicted: none is a check that cannot fail. Transcription rows are never counted."""
    table = verdicts.verdicts(survey, DEFAULT)
    assert not table.loc[table["outcome"] == "transcription", "counted"].any()
    for row in survey.hypotheses.to_dict("records"):
        moved = dict(row)
        if row["comparator"] == "equivalent":
            decision = hypotheses.evaluate(survey, row["hypothesis_id"], DEFAULT)
            moved["threshold"] = decision.estimate + 40
        elif row["comparator"] == "between":  # a band far above every share
            moved["threshold"], moved["upper"] = 95.0, 99.9
        elif row["comparator"] in ("at_least", "more_than"):
            moved["threshold"] = 99.0 if row["quantity"] not in ("difference", "balance") else 90.0
        else:
            moved["threshold"] = 0.5 if row["quantity"] not in ("difference", "balance") else -90.0
        changed = dataclasses.replace(survey, hypotheses=survey.hypotheses.assign(**{
            column: [moved[column] if h == row["hypothesis_id"] else t
                     for h, t in zip(survey.hypotheses["hypothesis_id"], survey.hypotheses[column])]
            for column in ("threshold", "upper")}))
        assert hypotheses.evaluate(changed, row["hypothesis_id"], DEFAULT).outcome == "contradicted", row


def test_far_exceeds_and_more_positive_test_the_word_that_carries_the_claim(survey):
    table = verdicts.verdicts(survey, DEFAULT).set_index("claim_id")
    far = table.loc["lead_avg_vs_behaviour"]
    assert far["comparator"] == "at_least" and far["threshold"] == 20 and far["test"] == "difference_interval"
    assert far["ci_low"] > 20 and far["outcome"] == "supported"
    more = table.loc["prepared_more_positive"]
    assert more["test"] == "difference_interval" and more["ci_low"] > 0
    assert more["ci_high"] - more["ci_low"] > 15  # a sampling interval, not 66.9 > 34 on printed figures


def test_changing_one_threshold_changes_exactly_the_verdicts_that_depend_on_it(tmp_path, survey):
    """Edit 'large majority' (66.67 -> 60) in a copy of data/: only the claim on that hypothesis changes."""
    folder = _copy(tmp_path)
    _edit(folder, "hypotheses.csv", "no_training_large_majority,share,training_courses,no,,,at_least,66.67",
          "no_training_large_majority,share,training_courses,no,,,at_least,60")
    before = verdicts.verdicts(survey, DEFAULT).set_index("claim_id")
    after = verdicts.verdicts(data.load_survey(folder), DEFAULT).set_index("claim_id")
    changed = [c for c in before.index if before.at[c, "outcome"] != after.at[c, "outcome"]]
    assert changed == ["lead_no_training_majority"]
    assert (before.at["lead_no_training_majority", "outcome"], after.at["lead_no_training_majority", "outcome"]) \
        == ("undetermined", "supported")
    # and the shared confidence hypothesis moves both its claims at once
    folder2 = _copy(tmp_path / "second")
    _edit(folder2, "hypotheses.csv", "confident_two_thirds,sum,skills_sufficient,strongly_agree;agree,,,at_least,66.67",
          "confident_two_thirds,sum,skills_sufficient,strongly_agree;agree,,,at_least,80")
    after = verdicts.verdicts(data.load_survey(folder2), DEFAULT).set_index("claim_id")
    changed = [c for c in before.index if before.at[c, "outcome"] != after.at[c, "outcome"]
               or before.at[c, "readings"] != after.at[c, "readings"]]
    assert changed == ["lead_confidence", "skills_great_confidence"]


def _moved(row: dict, supported: bool) -> dict:
    """The hypothesis with its threshold (or margin) moved so far that it must decide the other way:
    towards contradiction when it is now supported, towards support otherwise."""
    row = dict(row)
    if row["comparator"] == "equivalent":
        row["margin"] = 1e-9 if supported else 1000.0
    elif row["comparator"] in ("at_least", "more_than"):
        row["threshold"] = 1000.0 if supported else -1000.0
    elif row["comparator"] == "at_most":
        row["threshold"] = -1000.0 if supported else 1000.0
    else:  # between
        row["threshold"], row["upper"] = (1000.0, 2000.0) if supported else (-1000.0, 1000.0)
    return row


def test_every_declared_hypothesis_decides_exactly_the_claims_that_name_it(survey):
    """Over every row of hypotheses.csv, second readings included: moving its threshold or margin to an
    extreme changes the readings of exactly the claims that name it (hypothesis_id or alt_hypothesis_id),
    so no declared hypothesis is dead and no claim depends on one it does not name."""
    before = verdicts.verdicts(survey, DEFAULT).set_index("claim_id")
    table = survey.hypotheses.set_index("hypothesis_id")
    for hypothesis_id in table.index:
        named = survey.claims.loc[(survey.claims["hypothesis_id"] == hypothesis_id)
                                  | (survey.claims["alt_hypothesis_id"] == hypothesis_id), "claim_id"]
        assert len(named), hypothesis_id
        decision = hypotheses.evaluate(survey, hypothesis_id, DEFAULT)
        rows = survey.hypotheses.to_dict("records")
        rows = [_moved(row, decision.outcome == "supported") if row["hypothesis_id"] == hypothesis_id else row
                for row in rows]
        edited = dataclasses.replace(survey, hypotheses=pd.DataFrame(rows, columns=survey.hypotheses.columns))
        assert hypotheses.evaluate(edited, hypothesis_id, DEFAULT).outcome != decision.outcome, hypothesis_id
        after = verdicts.verdicts(edited, DEFAULT).set_index("claim_id")
        changed = {c for c in before.index if before.at[c, "readings"] != after.at[c, "readings"]}
        assert changed == set(named), hypothesis_id
