"""Tests of the claims audit (``helpers.audit``): statuses, recomputed values, rounding, n puzzle, wording.

Expected values are worked out by hand from the printed percentages; the rounding ranges follow
from ``count_interval``: a printed k% of n respondents is a count c with
``(k - 0.5) * n / 100 <= c <= (k + 0.5) * n / 100`` (either rounding rule), e.g. 67% of 475 is
316..320. Properties over every claim, question and scenario check each kind of fault of issue 9.
"""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.core import data, params
from helpers.inference import stats
from helpers.audit.claims import CLAIM_COLUMNS, check_claims, headline, headline_text
from helpers.audit.claims import summary as claims_summary
from helpers.audit.issues import anomalies, issues_found
from helpers.audit.ranges import POLE_TESTS, evaluate, share_range
from helpers.audit.readings import wording_readings
from helpers.audit.rounding import assignment_counts, charts, headline_intervals, n_assignments, n_compatibility, rounding_consistency
from helpers.words.audit_text import PRINTED_N, STATUSES, text

EN = params.Settings(lang="en")
NL = params.Settings(lang="nl")


@pytest.fixture(scope="module")
def checked(survey) -> pd.DataFrame:
    return check_claims(survey, EN).set_index("claim_id")


@pytest.fixture(scope="module")
def rounding(survey) -> pd.DataFrame:
    return rounding_consistency(survey)


def edit_csv(path: Path, key: dict[str, str], changes: dict[str, str]) -> None:
    """Change the cells ``changes`` of the one row matching all of ``key`` in a CSV file."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    matches = [row for row in rows if all(row[column] == value for column, value in key.items())]
    assert len(matches) == 1, f"{key} matches {len(matches)} rows of {path.name}"
    matches[0].update(changes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# ---------------------------------------------------------------------------- every claim

def test_every_claim_gets_one_of_the_six_statuses(survey, checked):
    assert list(checked.index) == list(survey.claims["claim_id"])
    assert STATUSES == ("consistent", "consistent within rounding", "depends on reading", "inconsistent",
                              "not verifiable", "transcription")
    assert set(checked["status"]) <= set(STATUSES)
    assert (checked["status"] != "").all()
    assert set(CLAIM_COLUMNS) - {"claim_id"} <= set(checked.columns)


@pytest.mark.transcription
def test_status_counts_over_all_claims(checked):
    assert checked["status"].value_counts().to_dict() == {
        "transcription": 43, "consistent": 12, "not verifiable": 7, "depends on reading": 4,
        "consistent within rounding": 2}


def test_headline_counts_informative_claims_apart_from_transcriptions(checked):
    head = headline(checked.reset_index())
    assert head == {"claims": 68, "transcription": 43, "informative": 25, "hold": 14, "depends": 4, "fail": 0,
                    "unverifiable": 7}
    assert head["hold"] + head["depends"] + head["fail"] + head["unverifiable"] == head["informative"]
    assert headline_text(checked.reset_index(), "en").startswith(
        "Of the article's 68 checked statements, 25 carry information: 14 hold")
    assert headline_text(checked.reset_index(), "nl").startswith(
        "Van de 68 gecontroleerde uitspraken in het artikel zeggen er 25 iets: 14 kloppen")


PINNED = [
    # claim_id, method, status, point share (at the tables' point counts) as printed
    ("sample_men", "single", "transcription", "49"),
    ("keepup_probably_not", "single", "transcription", "36"),
    ("sample_ict_other", "remainder", "consistent within rounding", "68.6"),  # 100 - 9 - 23 = 68, printed 69
    ("skills_rest", "remainder", "consistent", "5"),             # 100 - 46 - 35 - 14
    ("prepared_more_positive", "comparison", "consistent", "32.9"),  # 66.9 - 34
    ("sample_ict_small", "verbal", "depends on reading", "31.4"),  # summed 9 + 23 > 25, each group <= 25
    ("lead_no_training_majority", "verbal", "consistent within rounding", "66.9"),
    ("lead_confidence", "verbal", "depends on reading", "80.9"),  # the title's polarity gives 14
    ("handles_half", "verbal", "consistent", "49.9"),            # 100 - 40 - 10, not the words themselves
    ("keepup_divided", "verbal", "depends on reading", "34"),    # sizeable sides, but not evenly balanced
    ("keepup_discouraging", "verbal", "consistent", "34"),
    ("expense_divided", "verbal", "consistent", "29.3"),
    ("security_less_unanimous", "verbal", "consistent", "36.1"),  # largest option 'somewhat'
    ("education_majority", "verbal", "consistent", "51.2"),
    ("lead_avg_vs_behaviour", "frechet", "consistent", "35.1"),  # 85 - 49.9
    ("sample_n", "sample_size", "transcription", "577"),
]


@pytest.mark.transcription
@pytest.mark.parametrize("claim_id, method, status, value", PINNED)
def test_pinned_claims(checked, claim_id, method, status, value):
    row = checked.loc[claim_id]
    assert (row["method"], row["status"], audit_number(row["value"])) == (method, status, value)


def audit_number(value: float) -> str:
    return f"{round(value, 1):g}"


def test_claims_the_article_does_not_make_are_gone(survey):
    """Two sums the text never states (81 and the gender total 100) were dropped from claims.csv."""
    assert not {"skills_confident_total", "sample_gender_total"} & set(survey.claims["claim_id"])


@pytest.mark.parametrize("claim_id", ["lead_no_training_because", "handles_because", "skills_no_time",
                                      "training_self_taught", "handles_always_careful", "ict_knowledge_sharing",
                                      "education_balance"])
def test_causal_and_qualitative_claims_are_not_verifiable_with_a_reason(checked, claim_id):
    row = checked.loc[claim_id]
    assert row["status"] == "not verifiable"
    assert ("causal" if row["method"] == "causal" else "open answers") in row["note"]
    assert row["recomputed"] == ""


def test_large_majority_range_straddles_two_thirds_at_n_475(checked):
    row = checked.loc["lead_no_training_majority"]
    assert row["n"] == 475
    assert row["range_low"] == pytest.approx(100 * 316 / 475)   # 66.53 < 66.67
    assert row["range_high"] == pytest.approx(100 * 320 / 475)  # 67.37
    assert row["rule"] == "large majority: \u2265 66.67%"
    assert row["recomputed"] == "66.9 (66.5\u201367.4)"


def test_small_number_in_ict_depends_on_reading_per_group_or_summed(checked):
    row = checked.loc["sample_ict_small"]
    assert row["rule"] == "small group / small minority: \u2264 25%"
    assert (row["range_low"], row["range_high"]) == pytest.approx((100 * 180 / 577, 100 * 181 / 577))
    assert row["status"] == "depends on reading"
    assert "reading groups summed: 31.4 (31.2\u201331.4) \u2192 fails" in row["note"]
    assert "reading per group: 8.7 (8.7\u20138.8) / 22.7 (22.5\u201322.7) \u2192 holds" in row["note"]


def test_remainder_other_fields_follows_from_the_range_not_from_100_minus_9_minus_23(checked):
    row = checked.loc["sample_ict_other"]
    assert row["published"] == 69
    assert (row["range_low"], row["range_high"]) == pytest.approx((100 * 396 / 577, 100 * 397 / 577))
    assert row["recomputed"] == "68.6 (68.6\u201368.8)"   # 396 of 577; 69 is what it prints as
    assert row["status"] == "consistent within rounding"
    assert "100 \u2212 9 \u2212 23 = 68, not 69" in row["note"]


def test_frechet_claim_names_the_bases_and_the_common_base_assumption(checked):
    row = checked.loc["lead_avg_vs_behaviour"]
    assert row["recomputed"] == "85 > 49.9"
    assert ("the bases are not known to be the same: n = 280 (assumed, not printed in the article) and n = 475"
            in row["note"])
    assert ("only if the same respondents answered both (assumed common base of n = 280): both "
            "34.9\u201349.9%, first but not second 35.1\u201350.1%") in row["note"]


def test_balance_claims_use_the_difference_and_its_multinomial_interval(survey, checked):
    row = checked.loc["keepup_divided"]
    balance = stats.balance(survey, "government_keeps_up", params.Settings())
    assert (row["share"], row["ci_low"], row["ci_high"]) == (balance["difference"], balance["low"], balance["high"])
    assert row["ci_high"] < 0   # the negative side is statistically significantly larger
    assert ("reading evenly balanced (difference not statistically significant): positive minus negative \u221211 "
            "points (95% CI \u221218.6 to \u22123.4, n = 517, multinomial covariance) \u2192 fails") in row["note"]
    assert checked.at["expense_divided", "ci_low"] < 0 < checked.at["expense_divided", "ci_high"]


def test_half_is_recomputed_from_the_numeral_options(checked):
    row = checked.loc["handles_half"]
    assert "100 \u2212 40 \u2212 10" in row["note"]
    # 40% and 10% of 475: 188..192 and 46..49, so 'yes' is 475 - 241 .. 475 - 234
    assert (row["range_low"], row["range_high"]) == pytest.approx((100 * 234 / 475, 100 * 241 / 475))


def test_the_n_scenario_can_change_a_status(survey):
    smallest = check_claims(survey, params.Settings(lang="en", n_scenario="smallest")).set_index("claim_id")
    # at n = 280 the counts rounding to 67% are 187..188: 66.8% and more, all at least two thirds
    assert smallest.at["lead_no_training_majority", "status"] == "consistent"
    assert smallest.at["lead_no_training_majority", "range_low"] == pytest.approx(100 * 187 / 280)


def test_sampling_columns_follow_the_settings_but_not_the_status(survey, checked):
    wide = check_claims(survey, params.Settings(lang="en", confidence=0.99)).set_index("claim_id")
    one_share = checked["rule_id"].map(dict(zip(survey.verbal_rules["rule_id"], survey.verbal_rules["test"])))
    same = ~one_share.isin(POLE_TESTS)  # the balance of a scale reads its interval: the level matters
    assert (wide.loc[same, "status"] == checked.loc[same, "status"]).all()
    row, narrow = wide.loc["education_majority"], checked.loc["education_majority"]
    assert row["ci_low"] < narrow["ci_low"] < 51 < narrow["ci_high"] < row["ci_high"]
    assert narrow["holds_in_ci"] == "some"


def test_dutch_output_translates_claims_statuses_and_numbers(survey):
    summary = claims_summary(check_claims(survey, NL), "nl").set_index("claim_id")
    assert list(summary.columns) == ["claim", "method", "rule", "published", "recomputed", "status", "note"]
    assert summary.at["sample_ict_small", "claim"] == "een klein aantal"
    assert summary.at["sample_ict_small", "status"] == "hangt af van de lezing"
    assert summary.at["sample_men", "status"] == "overgenomen cijfer"
    assert summary.at["lead_no_training_majority", "recomputed"] == "66,9 (66,5\u201367,4)"


# ---------------------------------------------------------------------------- the rule tests

@pytest.mark.parametrize("test, lower, upper, ranges, expected", [
    ("between", 45, 55, {"share": (49.0, 51.0)}, "all"),
    ("between", 45, 55, {"share": (54.0, 56.0)}, "some"),
    ("more_than", 50, None, {"share": (50.0, 51.0)}, "some"),       # 50 itself is not more than half
    ("more_than", 50, None, {"share": (50.5, 51.5)}, "all"),
    ("at_least", 66.67, None, {"share": (60.0, 66.0)}, "none"),
    ("at_most", None, 25, {"share": (31.2, 31.4)}, "none"),
    ("divided", 25, 50, {"positive": (33, 35), "negative": (44, 46)}, "all"),
    ("divided", 25, 50, {"positive": (20, 26), "negative": (44, 46)}, "some"),
    ("divided", 25, 50, {"positive": (80, 82), "negative": (13, 15)}, "none"),
    ("largest_option_at_most", None, 50, {"options": [(35, 37), (49, 51)]}, "some"),
    ("positive_below_negative", None, 50, {"positive": (33, 35), "negative": (44, 46)}, "all"),
    ("positive_below_negative", None, 50, {"positive": (60, 62), "negative": (20, 22)}, "none"),
])
def test_rule_tests_over_a_range(test, lower, upper, ranges, expected):
    assert evaluate(test, lower, upper, ranges) == expected


# ---------------------------------------------------------------------------- rounding

def row_of(rounding, question_id, n, rule="half_up") -> pd.Series:
    rows = rounding[(rounding["question_id"] == question_id) & (rounding["n"] == n) & (rounding["rounding"] == rule)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_rounding_covers_every_question_n_and_rule(survey, rounding):
    assert set(rounding["question_id"]) == set(survey.questions["question_id"])
    assert set(PRINTED_N) <= set(rounding.loc[rounding["question_id"] == "gender", "n"])
    assert rounding.groupby(["question_id", "n"]).size().eq(2).all()
    assert rounding["exists"].all()  # every printed total is possible at every plausible n


def test_ict_work_101_is_a_rounding_effect(rounding):
    row = row_of(rounding, "ict_work", 577)
    assert (row["published_total"], row["completeness"], row["missing"], bool(row["exists"])) == (101, "complete", 0, True)
    # 9%, 23%, 69% of 577 sum to 577 only at the low ends: 50-51, 130-131, 396-397
    assert row["counts"] == "50\u201351; 130\u2013131; 396\u2013397"
    assert "up to 1.5" in row["explanation"]
    assert row_of(rounding, "ict_work", 280, "half_even")["counts"] == "24\u201324; 64\u201364; 192\u2013192"


def test_more_ict_specialists_93_leaves_7_for_an_unlisted_dont_know(rounding):
    row = row_of(rounding, "more_ict_specialists", 280)
    assert (row["published_total"], row["completeness"], row["missing"]) == (93, "incomplete", 7)
    assert row["could_fill"] == "'weet niet' (don't know)"
    assert row["counts"] == "72\u201374; 80\u201382; 63\u201365; 21\u201323; 19\u201320"
    assert row["remainder"] == "16\u201325"   # 280 - 264 .. 280 - 255
    assert row_of(rounding, "more_ict_specialists", 280, "half_even")["remainder"] == "16\u201324"


def test_education_more_digital_60_leaves_40_unexplained(rounding):
    row = row_of(rounding, "education_more_digital", 391)
    assert (row["published_total"], row["completeness"], row["missing"]) == (60, "incomplete", 40)
    # 'eens (meerderheid)' may merge two options: 50-52 % of 391 (196-203), not 50.5-51.5 %
    assert row["counts"] == "196\u2013203; 34\u201337"
    assert row["remainder"] == "151\u2013161"
    assert "options the text did not name" in row["could_fill"] and "weet niet" in row["could_fill"]


def test_an_option_printed_in_words_gets_the_count_the_numeral_options_leave(rounding, checked):
    # 'de helft' is no rounded number: 'yes' is 475 minus the counts of 40% and 10%, as in handles_half
    row = row_of(rounding, "handles_differently", 475)
    assert (row["published_total"], row["completeness"], bool(row["exists"])) == (100, "complete", True)
    assert row["counts"] == "234\u2013241; 188\u2013192; 46\u201349"
    half = checked.loc["handles_half"]
    assert (half["range_low"], half["range_high"]) == pytest.approx((100 * 234 / 475, 100 * 241 / 475))


def test_a_total_no_count_can_produce_is_flagged(data_copy):
    # 34% + 67% = 101%: at n = 475 the smallest counts are 160 and 316, together already 476 > 475
    edit_csv(data_copy / "results.csv", {"question_id": "training_courses", "option_id": "yes"}, {"percent": "34"})
    survey = data.load_survey(data_copy)
    row = row_of(rounding_consistency(survey), "training_courses", 475)
    assert (row["published_total"], bool(row["exists"]), row["counts"]) == (101, False, "")
    assert row["explanation"] == "101: no count vector of n = 475 rounds to these shares with rounding half up"
    wording = data.question(survey, "training_courses")["wording_en"]
    assert any(f"'{wording}' at n = 475 (rounding half up)" in issue for issue in issues_found(survey, EN))
    checked = check_claims(survey, EN).set_index("claim_id")
    assert checked.at["training_yes", "status"] == "inconsistent"     # the text still says 33
    assert "no count vector of n = 475" in checked.at["lead_no_training_majority", "note"]  # falls back to +/-0.5


# ---------------------------------------------------------------------------- n puzzle and wording

def test_no_printed_n_is_ruled_out_and_every_scenario_fits(survey):
    table = n_compatibility(survey)
    assert list(table.index[:7]) == charts(survey) and len(table) == len(survey.questions)
    assert (table[[str(n) for n in PRINTED_N]] == "both").all().all()
    assert (table["ruled_out"] == "").all()
    assert table.at["training_courses", "smallest_n_half_up"] == 3      # 1/3 and 2/3 round to 33 and 67
    assignments = n_assignments(survey)
    assert (assignments.loc[list(survey.scenarios), "fits_half_up"] == "all charts").all()
    assert assignments.at["layout", "prepared_digital"] == 517
    assert assignment_counts(survey) == {"half_up": (16800, 16800), "half_even": (16800, 16800)}


def test_headline_intervals_widen_with_the_smallest_n(survey):
    table = headline_intervals(survey, EN).set_index(["question_id", "scenario"])
    assert set(table.index.get_level_values("scenario")) == set(survey.scenarios)
    skills = table.loc["skills_sufficient"]
    assert skills.at["layout", "n"] == 577 and skills.at["smallest", "n"] == 280
    assert skills.at["smallest", "width"] > skills.at["layout", "width"]


@pytest.mark.transcription
def test_wording_readings_flip_the_confidence_claims(survey):
    readings = wording_readings(survey, EN)
    assert [round(v, 1) for v in readings.loc["text", ["satisfied", "dissatisfied"]]] == [80.9, 14.0]
    assert [round(v, 1) for v in readings.loc["title", ["satisfied", "dissatisfied"]]] == [14.0, 80.9]
    assert readings.at["text", "status_lead_confidence"] == "consistent"
    assert readings.at["title", "status_lead_confidence"] == "inconsistent"
    # Fréchet bounds with 66.9% untrained: 80.9 + 66.9 - 100 = 47.9 .. 66.9, on an assumed common base
    low, high = readings.loc["text", ["satisfied_untrained_low", "satisfied_untrained_high"]]
    assert (round(low, 1), round(high, 1)) == (47.9, 66.9)
    assert readings["common_base_assumed"].all()
    assert "at least 102 respondents answered only one of the two" in readings.at["text", "implications"]


TOTALS = {"ict_work": 101, "avg_awareness": 85, "privacy_instructions": 66, "more_ict_specialists": 93,
          "education_more_digital": 60, "education_at_expense": 99}


@pytest.mark.transcription
def test_issues_are_built_from_the_data(survey):
    issues = issues_found(survey, EN)
    assert len(issues) == 4 + 2 + 1 + len(TOTALS) + 5 + 4
    depends, within, unverifiable = issues[:4], issues[4:6], issues[6]
    totals = issues[7:7 + len(TOTALS)]
    sampling, rounding, puzzle, wording, smallest = issues[7 + len(TOTALS):12 + len(TOTALS)]
    anomalies = issues[12 + len(TOTALS):]
    claims = survey.claims.set_index("claim_id")
    words = {i: f"'{claims.at[i, 'claim_en'].rstrip('.')}' ('{claims.at[i, 'phrase_nl']}')" for i in claims.index}
    question = dict(zip(survey.questions["question_id"], survey.questions["wording_en"]))
    for issues_, ids in ((depends, ["lead_confidence", "sample_ict_small", "skills_great_confidence", "keepup_divided"]),
                         (within, ["lead_no_training_majority", "sample_ict_other"])):
        assert [issue[:len(words[i])] for issue, i in zip(issues_, ids)] == [words[i] for i in ids]
    assert depends[1].startswith(words["sample_ict_small"] + " depends on reading: ")
    assert depends[1].startswith("'Only a small number work fully or partly in ICT' ('een klein aantal') depends on "
                                 "reading: ")
    assert within[0].startswith(words["lead_no_training_majority"] + " holds only within rounding: "
                                "recomputed 66.9 (66.5\u201367.4); ")
    assert "100 \u2212 9 \u2212 23 = 68, not 69; the printed parts add up to 101" in within[1]
    assert unverifiable == ("7 claims cannot be checked from the published figures: " + "; ".join(
        words[i] for i in ("lead_no_training_because", "skills_no_time", "training_self_taught", "handles_because",
                           "handles_always_careful", "ict_knowledge_sharing", "education_balance")) + ".")
    assert [issue.split("': ")[0][1:] for issue in totals] == [question[q] for q in TOTALS]
    for issue, total in zip(totals, TOTALS.values()):
        assert f"the printed shares add up to {total}% (" in issue
    assert totals[3] == ("'Can government function better in a digital age by hiring more ICT specialists?': the "
                         "printed shares add up to 93% (7% not published; counts of n = 280 exist; the unpublished share "
                         "could be: 'weet niet' (don't know)).")
    assert sampling == ("Sampling: 2 verbal claims hold for the printed share but not across the whole 95% interval "
                        "(Wilson method, n as laid out in the article): " + words["lead_no_training_majority"]
                        + " 67% (62.6\u201371); " + words["education_majority"] + " 51% (46.2\u201356.1).")
    assert rounding.startswith("Rounding: every question's printed shares fit every plausible n "
                               "(577, 517, 475, 391, 280) under both rounding rules")
    assert puzzle == ("n puzzle: 5 printed n values for 7 charts; the rounding rules out 0 chart/n pairs, so 16,800 "
                      "of 16,800 assignments (each caption used at least once) remain under both rules; every "
                      "scenario is compatible: n as laid out in the article, n shrinking with attrition, the smallest printed n.")
    assert wording.endswith("read as the title, 80.9% would find their skills insufficient and 'blaken van "
                            "vertrouwen' would be rated 'inconsistent'.")
    assert smallest == ("Assumed n: 4 items without a printed n are analysed at n = 280 (an assumption, not a lower "
                        "bound); their printed shares fit much smaller n: "
                        + "; ".join(f"'{question[q]}' from n = {n}" for q, n in (
                            ("avg_awareness", 13), ("privacy_instructions", 29), ("more_ict_specialists", 73),
                            ("education_at_expense", 89))) + ".")
    assert anomalies[0].startswith("Who was asked: the training item asks about courses 'bij de gemeente' (chart 6")
    assert "'hun werkgever'" in anomalies[1] and "'de overheid'" in anomalies[1]
    assert "'hbo'" in anomalies[2] and "HBO- en academische opleidingen" in anomalies[2]
    assert anomalies[3] == ("Base: the item n falls to 280 (49% of the 577 participants, caption of chart 5), while "
                            "the text keeps writing of 'de ambtenaren' as if all 577 answered.")


def test_anomalies_quote_the_chart_wording_they_cite(survey):
    """Each anomaly's quoted chart words appear in that chart's wording in questions.csv (the evidence)."""
    charts = survey.questions.dropna(subset=["chart"]).set_index("chart")
    for issue in anomalies(survey, "en")[:3]:
        chart = int(re.search(r"chart (\d+)", issue).group(1))
        quotes = re.findall(r"'([^']+)'", issue)
        assert any(quote in charts.at[chart, "wording_nl"] for quote in quotes), issue


@pytest.mark.transcription
def test_issues_in_dutch(survey):
    issues = issues_found(survey, NL)
    assert len(issues) == 22
    assert issues[1].startswith("'een klein aantal' hangt af van de lezing: ")
    assert issues[7] == ("'Werkzaam op het gebied van ict of ict-beleid (geheel / gedeeltelijk / andere terreinen)': "
                         "de gedrukte percentages tellen op tot 101% (101: afronding van 3 opties kan "
                         "het totaal tot 1,5 verschuiven; er bestaan tellingen van n = 577).")
    assert issues[13].startswith("Steekproef: 2 beweringen in woorden gelden voor het gedrukte aandeel maar niet over het "
                                 "hele 95%-interval (methode Wilson, n volgens de opmaak van het artikel): 'grote meerderheid' 67% "
                                 "(62,6\u201371); ")
    assert issues[10] == ("'Kan de overheid in een digitaal tijdperk beter functioneren door meer ict-specialisten in "
                          "dienst te nemen?': de gedrukte percentages tellen op tot 93% (7% niet gepubliceerd; "
                          "er bestaan tellingen van n = 280; het niet gepubliceerde deel kan zijn: 'weet niet').")
    assert "dus 16.800 van 16.800 toewijzingen" in issues[15]
    assert issues[16].endswith("volgens de titel vindt 80,9% de eigen vaardigheden onvoldoende en zou 'blaken van "
                               "vertrouwen' als 'klopt niet' gelden.")
    assert issues[17].startswith("Aangenomen n: 4 vragen zonder gedrukte n")


def test_issues_reuse_the_tables_the_notebook_already_computed(survey, checked, rounding):
    tables = dict(checked=checked.reset_index(), rounding=rounding, compatibility=n_compatibility(survey),
                  assignments=n_assignments(survey), readings=wording_readings(survey, EN))
    assert issues_found(survey, EN, **tables) == issues_found(survey, EN)


def test_the_interval_level_prints_as_a_plain_percentage(survey):
    # 0.55 * 100 is 55.00000000000001 in floating point: still "55%", not "55.0%"
    issues = issues_found(survey, params.Settings(lang="en", confidence=0.55))
    assert any("across the whole 55% interval (Wilson method" in issue for issue in issues)


def test_an_unknown_option_names_the_allowed_ones(survey):
    with pytest.raises(KeyError, match="unknown option 'maybe' of 'handles_differently'; "
                                      "allowed: yes, no, dont_know"):
        share_range(survey, "handles_differently", ["yes", "maybe"], 475)


def test_templates_and_languages_fail_clearly(checked):
    with pytest.raises(KeyError, match="unknown audit template key 'status.maybe'; known: status.consistent"):
        text("status.maybe", "en")
    with pytest.raises(ValueError, match="lang='fr' is not allowed; allowed: nl, en"):
        claims_summary(checked.reset_index(), "fr")


# ---------------------------------------------------------------------------- edited data flips statuses

def test_editing_the_ict_split_flips_the_small_number_claim(data_copy):
    edit_csv(data_copy / "results.csv", {"question_id": "ict_work", "option_id": "partly"}, {"percent": "13"})
    edit_csv(data_copy / "results.csv", {"question_id": "ict_work", "option_id": "other"}, {"percent": "79"})
    checked = check_claims(data.load_survey(data_copy), EN).set_index("claim_id")
    assert checked.at["sample_ict_small", "status"] == "consistent"       # 9 + 13 = 22 <= 25 under both readings
    row = checked.loc["sample_ict_small"]
    assert row["range_low"] <= row["value"] <= row["range_high"] <= 25   # 9 + 13 of a total of 101
    assert checked.at["sample_ict_partly", "status"] == "inconsistent"    # the text still says 23
    assert checked.at["sample_ict_other", "status"] == "inconsistent"     # 100 - 22 = 78, the text says 69


def test_editing_a_verbal_rule_flips_its_claims(data_copy):
    edit_csv(data_copy / "verbal_rules.csv", {"rule_id": "large_majority"}, {"lower": "70"})
    checked = check_claims(data.load_survey(data_copy), EN).set_index("claim_id")
    assert checked.at["lead_no_training_majority", "status"] == "inconsistent"
    assert checked.at["lead_no_training_majority", "rule"] == "large majority: \u2265 70%"


def test_assignment_count_matches_brute_force_when_some_n_are_ruled_out():
    allowed = {"a": {577}, "b": {577, 517}, "c": set(PRINTED_N), "d": {280, 391, 475},
               "e": set(PRINTED_N), "f": {475, 391}, "g": set(PRINTED_N)}
    brute = sum(1 for combo in itertools.product(*allowed.values()) if len(set(combo)) == len(PRINTED_N))
    from helpers.audit import rounding as audit_rounding

    assert audit_rounding._surjective_count(allowed) == brute > 0


def test_a_verbal_claim_without_options_is_not_verifiable(data_copy):
    edit_csv(data_copy / "claims.csv", {"claim_id": "education_majority"}, {"options": ""})
    checked = check_claims(data.load_survey(data_copy), EN).set_index("claim_id")
    assert checked.at["education_majority", "status"] == "not verifiable"
    assert checked.at["education_majority", "note"] == "the claim lacks the options it is about"
