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
from helpers.audit.claims import CLAIM_COLUMNS, headline
from helpers.audit.ranges import evaluate, share_range
from helpers.audit.rounding import assignment_counts, charts, headline_intervals, n_assignments, n_compatibility
from helpers.audit.verdicts import OUTCOMES as STATUSES
from helpers.words.audit_text import text
from helpers.words.claim_table import check_claims, headline_text
from helpers.words.claim_table import summary as claims_summary
from helpers.words.issues import anomalies, issues_found
from helpers.words.readings_text import wording_readings
from helpers.words.rounding_text import rounding_table
from helpers.audit import hypotheses
from oracles import count_range, model_vectors, point

EN = params.Settings(lang="en")
NL = params.Settings(lang="nl")


@pytest.fixture(scope="module")
def checked(survey) -> pd.DataFrame:
    return check_claims(survey, EN).set_index("claim_id")


@pytest.fixture(scope="module")
def rounding(survey) -> pd.DataFrame:
    return rounding_table(survey, "en")


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
    assert STATUSES == ("supported", "contradicted", "undetermined", "depends_on_reading", "not_verifiable",
                        "transcription")
    assert set(checked["status"]) <= set(STATUSES)
    assert (checked["status"] != "").all()
    assert set(CLAIM_COLUMNS) - {"claim_id"} <= set(checked.columns)


def expected_status(survey, checked: pd.DataFrame, claim_id: str) -> str:
    """A claim's status derived from data/: a claim that repeats printed figures (no hypothesis) is a
    transcription check, a causal or qualitative one not verifiable; a claim with a hypothesis gets the verdict
    its deciding interval gives (:func:`decided`), or depends_on_reading when its other reading gives another."""
    row, claim = checked.loc[claim_id], survey.claims.set_index("claim_id").loc[claim_id]
    if not claim["hypothesis_id"]:
        if claim["method"] in ("causal", "qualitative"):
            return "not_verifiable"
        if claim["method"] == "single":  # the claim repeats one printed figure
            printed = data.options(survey, claim["question_id"]).set_index("option_id").at[claim["options"], "percent"]
            return "transcription" if claim["published"] == printed else "contradicted"
        if claim["method"] == "sample_size":
            return "transcription" if claim["published"] == data.printed_n(survey)[0] else "contradicted"
        return row["status"]  # a remainder or sum: within rounding of its parts (checked per claim above)
    hypothesis = survey.hypotheses.set_index("hypothesis_id").loc[claim["hypothesis_id"]]
    verdict = decided(hypothesis, row["ci_low"], row["ci_high"])
    readings = re.findall(r"\u2192 (\w+)", row["note"])[:2] if claim["alt_reading"] else []
    return "depends_on_reading" if len(readings) == 2 and readings[0] == verdict != readings[1] else verdict


def counted_claims(survey, statuses: dict[str, str]) -> list[str]:
    """The claims counted in the headline: every informative claim (not a transcription check), a hypothesis
    once (the first claim naming it)."""
    hypothesis = survey.claims.set_index("claim_id")["hypothesis_id"]
    seen, counted = set(), []
    for claim_id, status in statuses.items():
        if status == "transcription" or (hypothesis[claim_id] and hypothesis[claim_id] in seen):
            continue
        seen.add(hypothesis[claim_id])
        counted.append(claim_id)
    return counted


def test_status_counts_over_all_claims(survey, checked):
    statuses = {claim_id: expected_status(survey, checked, claim_id) for claim_id in checked.index}
    assert checked["status"].to_dict() == statuses
    # claims testing one hypothesis are counted once
    assert list(checked.index[checked["counted"]]) == counted_claims(survey, statuses)


def test_headline_counts_informative_claims_apart_from_transcriptions(survey, checked):
    head = headline(checked.reset_index())
    statuses = {claim_id: expected_status(survey, checked, claim_id) for claim_id in checked.index}
    counted = [statuses[c] for c in counted_claims(survey, statuses)]
    informative = sum(status != "transcription" for status in statuses.values())
    assert head == {"claims": len(statuses), "transcription": len(statuses) - informative, "informative": informative,
                    "counted": len(counted), "shared": informative - len(counted),
                    "supported": counted.count("supported"), "contradicted": counted.count("contradicted"),
                    "undetermined": counted.count("undetermined"), "depends": counted.count("depends_on_reading"),
                    "unverifiable": counted.count("not_verifiable")}
    assert sum(head[k] for k in ("supported", "contradicted", "undetermined", "depends", "unverifiable")) \
        == head["counted"] == head["informative"] - head["shared"]
    assert headline_text(checked.reset_index(), "en").startswith(
        f"Of the article's {head['claims']} checked statements, {head['transcription']} only repeat a printed figure")
    assert (f"The other {informative} make {head['counted']} distinct claims ({head['shared']} repeat a claim already "
            f"counted): {head['supported']} are supported") in headline_text(checked.reset_index(), "en")
    assert headline_text(checked.reset_index(), "nl").startswith(
        f"Van de {head['claims']} gecontroleerde uitspraken in het artikel herhalen er {head['transcription']} alleen "
        "een gedrukt cijfer")


PINNED = [
    # claim_id, method: one claim of every method and test (expected status and value derived below)
    ("sample_men", "single"),
    ("keepup_probably_not", "single"),
    ("sample_ict_other", "remainder"),          # 100 - 9 - 23 = 68, printed 69: within rounding
    ("skills_rest", "remainder"),               # 100 - 46 - 35 - 14
    ("prepared_more_positive", "comparison"),   # a difference of two items' shares
    ("sample_ict_small", "verbal"),             # summed or per group: two readings
    ("lead_no_training_majority", "verbal"),    # a share against two thirds
    ("lead_confidence", "verbal"),              # the title's polarity gives the other reading
    ("handles_half", "verbal"),                 # TOST of a share
    ("keepup_divided", "verbal"),               # TOST of a balance
    ("keepup_discouraging", "verbal"),          # a balance interval against 0
    ("expense_divided", "verbal"),
    ("security_less_unanimous", "verbal"),      # the largest option
    ("education_majority", "verbal"),           # more than half
    ("lead_avg_vs_behaviour", "frechet"),       # a difference of two items, on no common base
    ("sample_n", "sample_size"),
]


def point_shares(survey, question_id: str) -> dict[str, float]:
    """Each option's share at the tables' point counts (100 count / n), from ``stats.share_table``."""
    table = stats.share_table(survey, question_id, params.Settings())
    return dict(zip(table["option"].astype(str), 100 * table["count"] / table["n"]))


def expected_value(survey, claim: pd.Series, hypothesis: pd.Series | None) -> float:
    """The claim's recomputed value from the tables' point counts, by the claim's method and quantity."""
    if claim["method"] == "sample_size":
        return float(data.n_for(survey, claim["question_id"]))
    shares = point_shares(survey, claim["question_id"])
    if hypothesis is not None and hypothesis["quantity"] in ("difference", "balance"):
        if hypothesis["quantity"] == "balance":   # the value shown is the positive pole's share
            poles = data.options(survey, claim["question_id"]).set_index("option_id")["pole"]
            return sum(share for option, share in shares.items() if poles.get(option) == "positive")
        other = point_shares(survey, hypothesis["other_question_id"])
        return (sum(shares[o] for o in hypothesis["options"].split(";"))
                - sum(other[o] for o in hypothesis["other_options"].split(";")))
    if hypothesis is not None and hypothesis["quantity"] == "largest_share":
        kinds = data.options(survey, claim["question_id"]).set_index("option_id")["kind"]
        return max(share for option, share in shares.items() if kinds.get(option) == "substantive")
    return sum(shares[o] for o in claim["options"].split(";"))


def decided(hypothesis: pd.Series, low: float, high: float) -> str:
    """The verdict a deciding interval [low, high] gives the declared hypothesis: supported when it lies
    wholly on the claim's side, contradicted when wholly on the other, else undetermined."""
    threshold, comparator = float(hypothesis["threshold"]), hypothesis["comparator"]
    if comparator == "equivalent":
        lower, upper = threshold - float(hypothesis["margin"]), threshold + float(hypothesis["margin"])
        inside, outside = lower <= low and high <= upper, high < lower or low > upper
    elif comparator == "between":
        lower, upper = threshold, float(hypothesis["upper"])
        inside, outside = lower <= low and high <= upper, high < lower or low > upper
    elif comparator == "at_least":
        inside, outside = low >= threshold, high < threshold
    elif comparator == "at_most":
        inside, outside = high <= threshold, low > threshold
    else:  # more_than
        inside, outside = low > threshold, high <= threshold
    return "supported" if inside else "contradicted" if outside else "undetermined"


@pytest.mark.parametrize("claim_id, method", PINNED)
def test_pinned_claims(survey, checked, claim_id, method):
    """Each claim's method, status and value, derived from data/: a claim that repeats printed figures is a
    transcription check; a claim with a hypothesis gets the verdict its deciding interval gives (for a claim
    with two readings: the text's reading, and depends_on_reading exactly when the other reading differs);
    the value is the tables' point shares combined as the claim's quantity says."""
    row = checked.loc[claim_id]
    claim = survey.claims.set_index("claim_id").loc[claim_id]
    hypotheses = survey.hypotheses.set_index("hypothesis_id")
    hypothesis = hypotheses.loc[claim["hypothesis_id"]] if claim["hypothesis_id"] else None
    assert row["method"] == method == claim["method"]
    assert audit_number(row["value"]) == audit_number(expected_value(survey, claim, hypothesis))
    if hypothesis is None:
        assert row["status"] == ("transcription" if method in ("single", "sum", "remainder", "sample_size")
                                 else "not_verifiable")
        return
    verdict = decided(hypothesis, row["ci_low"], row["ci_high"])
    if row["status"] == "depends_on_reading":
        text_reading, other_reading = re.findall(r"\u2192 (\w+)", row["note"])[:2]
        assert text_reading == verdict != other_reading, row["note"]
    else:
        assert row["status"] == verdict
        assert not claim["alt_reading"] or verdict in row["note"]


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
    assert row["status"] == "not_verifiable"
    assert ("causal" if row["method"] == "causal" else "open answers") in row["note"]
    assert row["recomputed"] == ""


def one(value: float, decimal: str = ".") -> str:
    """A number as the audit prints it: one decimal, a whole number without (85, but 66.7)."""
    return f"{round(value, 1):g}".replace(".", decimal)


def shown_range(row: pd.Series, decimal: str = ".") -> str:
    """'66.9 (66.5-67.4)': the point share and the range over the compatible counts."""
    return f"{one(row['value'], decimal)} ({one(row['range_low'], decimal)}\u2013{one(row['range_high'], decimal)})"


def test_large_majority_range_straddles_two_thirds(survey, checked):
    row = checked.loc["lead_no_training_majority"]
    claim = survey.claims.set_index("claim_id").loc["lead_no_training_majority"]
    n = data.n_for(survey, claim["question_id"])
    low, high = count_range(survey, claim["question_id"], claim["options"].split(";"), n)
    assert row["n"] == n
    assert (row["range_low"], row["range_high"]) == pytest.approx((100 * low / n, 100 * high / n))
    threshold = survey.hypotheses.set_index("hypothesis_id").at[claim["hypothesis_id"], "threshold"]
    assert row["rule"] == f"large majority: share \u2265 {threshold:g}%"
    assert row["recomputed"] == shown_range(row)
    count, _ = point(survey, claim["question_id"], claim["options"].split(";"))
    assert row["value"] == pytest.approx(100 * count / n)


def test_small_number_in_ict_depends_on_reading_per_group_or_summed(survey, checked):
    row = checked.loc["sample_ict_small"]
    claim = survey.claims.set_index("claim_id").loc["sample_ict_small"]
    hypothesis = survey.hypotheses.set_index("hypothesis_id").loc[claim["hypothesis_id"]]
    assert row["rule"] == f"small group / small minority: share \u2264 {hypothesis['threshold']:g}%"
    n = data.n_for(survey, "ict_work")
    low, high = count_range(survey, "ict_work", claim["options"].split(";"), n)
    assert (row["range_low"], row["range_high"]) == pytest.approx((100 * low / n, 100 * high / n))
    as_text = f"reading as the text: {one(row['value'])}% ({one(row['ci_low'])}\u2013{one(row['ci_high'])}) \u2192 "
    assert as_text + decided(hypothesis, row["ci_low"], row["ci_high"]) in row["note"]
    per_group = re.search(r"reading per group, the largest shown: ([\d.]+)% \(([\d.]+)\u2013([\d.]+)\) \u2192 (\w+)",
                          row["note"])
    groups = [o for o in claim["alt_options"].split(";") if o] or claim["options"].split(";")
    shares = {o: 100 * point(survey, "ict_work", o)[0] / n for o in groups}
    assert per_group and per_group.group(1) == one(max(shares.values()))
    assert per_group.group(4) == decided(hypothesis, float(per_group.group(2)), float(per_group.group(3)))
    assert (row["status"] == "depends_on_reading") == (per_group.group(4) != decided(hypothesis, row["ci_low"],
                                                                                      row["ci_high"]))


def test_remainder_other_fields_follows_from_the_range_not_from_100_minus_the_others(survey, checked):
    row = checked.loc["sample_ict_other"]
    printed = data.options(survey, "ict_work").set_index("option_id")["percent"].astype(int)
    assert row["published"] == printed["other"]
    n = data.n_for(survey, "ict_work")
    low, high = count_range(survey, "ict_work", ["other"], n)
    assert (row["range_low"], row["range_high"]) == pytest.approx((100 * low / n, 100 * high / n))
    assert row["recomputed"] == shown_range(row)   # the counts' share, not what it prints as
    assert row["status"] == "transcription" and not row["counted"]
    rest = 100 - printed["fully"] - printed["partly"]
    assert f"100 \u2212 {printed['fully']} \u2212 {printed['partly']} = {rest}" in row["note"]
    assert (f"not {printed['other']}" in row["note"]) == (rest != printed["other"])


def test_frechet_claim_names_the_bases_and_the_common_base_assumption(survey, checked):
    row = checked.loc["lead_avg_vs_behaviour"]
    (aware, n_a), (yes, n_b) = point(survey, "avg_awareness", "yes"), point(survey, "handles_differently", "yes")
    assert row["recomputed"] == f"{audit_number(100 * aware / n_a)} > {audit_number(100 * yes / n_b)}"
    assert (f"the bases are not known to be the same: n = {n_a} (assumed, not printed in the article) and n = {n_b} "
            "(from a caption this chart shares with another chart, not printed for this one)" in row["note"])
    # issue 19 kind 3: not the Fréchet bounds of the two shares on one base: a group of n_a of the n_b holds
    # yes_low - (n_b - n_a) .. yes_high 'yes' (brute force below), so 'both' runs from 0 up to the aware
    aware_low, aware_high = count_range(survey, "avg_awareness", ["yes"], n_a)
    yes_low, yes_high = count_range(survey, "handles_differently", ["yes"], n_b)
    held = {k for c in range(yes_low, yes_high + 1) for k in range(0, n_a + 1) if k <= c and n_a - k <= n_b - c}
    both_low = max(0, aware_low + min(held) - n_a)
    both_high = min(aware_high, max(held))
    first_low, first_high = max(0, aware_low - max(held)), min(aware_high, n_a - min(held))
    assert (f"only if the same respondents answered both (assumed common base of n = {n_a}, the larger item's count "
            f"bounded within that group first): both {audit_number(100 * both_low / n_a)}\u2013"
            f"{audit_number(100 * both_high / n_a)}%, first but not second {audit_number(100 * first_low / n_a)}\u2013"
            f"{audit_number(100 * first_high / n_a)}%") in row["note"]


def test_balance_claims_use_the_difference_and_its_multinomial_interval(survey, checked):
    """'meningen verdeeld' is an equivalence claim (TOST on the balance, margin 15), 'weinig bemoedigend' a
    balance below 0; the deciding intervals range over every pole share the printed figures allow."""
    row = checked.loc["keepup_divided"]
    balance = stats.balance(survey, "government_keeps_up", params.Settings(confidence=0.90))
    assert row["share"] == pytest.approx(balance["difference"])
    assert row["ci_low"] < balance["low"] < balance["high"] < row["ci_high"] < 0  # wider: rounding included
    assert row["level"] == pytest.approx(0.90)
    assert row["rule"].startswith("opinions divided: positive \u2212 negative equivalent to 0 within \u00b1 15 points")
    decision = hypotheses.evaluate(survey, "keepup_divided", params.Settings())
    assert (decision.low, decision.high, decision.n) == (row["ci_low"], row["ci_high"], row["n"])
    assert (f"two one-sided tests (TOST) of the balance, 90% interval (multinomial variance): {signed(row['ci_low'])}"
            f"\u2013{signed(row['ci_high'])} points (n = {row['n']}; p = {decision.p_holds:.3f}); the interval reaches "
            "both sides") in row["note"]
    assert checked.at["keepup_discouraging", "ci_high"] < 0
    assert checked.at["expense_divided", "ci_low"] < 0 < checked.at["expense_divided", "ci_high"]


def signed(value: float, decimal: str = ".") -> str:
    """A number as the audit prints it: one decimal (a whole number without), a true minus sign."""
    return f"{round(value, 1):g}".replace("-", "\u2212").replace(".", decimal)


def test_half_is_recomputed_from_the_numeral_options(survey, checked):
    row = checked.loc["handles_half"]
    printed = data.options(survey, "handles_differently").set_index("option_id")["percent"].astype(int)
    assert f"100 \u2212 {printed['no']} \u2212 {printed['dont_know']}" in row["note"]
    # 'yes' is n minus the counts the numeral figures allow (brute force)
    n = data.n_for(survey, "handles_differently")
    low, high = count_range(survey, "handles_differently", ["yes"], n)
    others = count_range(survey, "handles_differently", ["no", "dont_know"], n)
    assert (low, high) == (n - others[1], n - others[0])
    assert (row["range_low"], row["range_high"]) == pytest.approx((100 * low / n, 100 * high / n))


def test_a_smaller_n_never_strengthens_a_status(survey, checked):
    """Kind 7: at the smallest n the large-majority claim is no stronger than at its own n (it used to turn
    'consistent' there, from rounding alone)."""
    smallest = check_claims(survey, params.Settings(lang="en", n_scenario="smallest")).set_index("claim_id")
    layout, small = checked.at["lead_no_training_majority", "status"], smallest.at["lead_no_training_majority", "status"]
    assert small == layout or small == "undetermined"
    assert smallest.at["lead_no_training_majority", "n"] < checked.at["lead_no_training_majority", "n"]
    assert smallest.at["lead_no_training_majority", "ci_low"] < checked.at["lead_no_training_majority", "ci_low"]
    assert "narrower question than the claim" in checked.at["lead_no_training_majority", "note"]


def test_the_deciding_interval_follows_the_level(survey, checked):
    wide = check_claims(survey, params.Settings(lang="en", confidence=0.99)).set_index("claim_id")
    row, narrow = wide.loc["education_majority"], checked.loc["education_majority"]
    assert row["ci_low"] < narrow["ci_low"] < narrow["value"] < narrow["ci_high"] < row["ci_high"]
    hypothesis = survey.hypotheses.set_index("hypothesis_id").loc["education_majority"]
    assert (row["status"], narrow["status"]) == (decided(hypothesis, row["ci_low"], row["ci_high"]),
                                                 decided(hypothesis, narrow["ci_low"], narrow["ci_high"]))
    # a status may only weaken at the wider level: a decisive 99% verdict is decisive at 95%
    decisive = wide["status"].isin(["supported", "contradicted"])
    assert (wide.loc[decisive, "status"] == checked.loc[decisive, "status"]).all()


def test_dutch_output_translates_claims_statuses_and_numbers(survey, checked):
    summary = claims_summary(check_claims(survey, NL), "nl").set_index("claim_id")
    assert list(summary.columns) == ["claim", "method", "rule", "published", "recomputed", "status", "note"]
    assert summary.at["sample_ict_small", "claim"] == "een klein aantal"
    assert summary.at["sample_ict_small", "status"] == text(f"status.{checked.at['sample_ict_small', 'status']}", "nl")
    assert summary.at["sample_men", "status"] == "overgenomen cijfer"
    assert summary.at["lead_no_training_majority", "recomputed"] == shown_range(checked.loc["lead_no_training_majority"], ",")


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
    assert set(data.printed_n(survey)) <= set(rounding.loc[rounding["question_id"] == "gender", "n"])
    assert rounding.groupby(["question_id", "n"]).size().eq(2).all()
    assert rounding["exists"].all()  # every printed total is possible at every plausible n


def brute_counts(survey, question_id: str, n: int, rule: str) -> tuple[str, str]:
    """The rounding table's 'counts' (each printed option's compatible counts) and 'remainder' cells,
    by brute force over every count vector (tests/oracles.py)."""
    vectors = list(model_vectors(survey, question_id, n, rule))
    if not vectors:
        return "", ""
    options = len(data.options(survey, question_id))
    cells = ["\u2013".join(str(f(v[i] for v in vectors)) for f in (min, max)) for i in range(options)]
    extra = len(vectors[0]) > options
    remainder = "\u2013".join(str(f(v[-1] for v in vectors)) for f in (min, max)) if extra else ""
    return "; ".join(cells), remainder


@pytest.mark.parametrize("rule", ["half_up", "half_even"])
def test_every_question_s_counts_and_remainder_are_brute_force(survey, rounding, rule):
    """For any data: at every question's own n, the compatible counts and the unpublished remainder are
    exactly those of brute force; the total, completeness and missing share follow from the printed figures."""
    for question_id in survey.questions["question_id"]:
        n = data.n_for(survey, question_id)
        row = row_of(rounding, question_id, n, rule)
        counts_, remainder = brute_counts(survey, question_id, n, rule)
        assert bool(row["exists"]) == bool(counts_), question_id
        if counts_:
            assert (row["counts"], row["remainder"] or "") == (counts_, remainder), question_id
        total = data.published_total(survey, question_id)
        complete = stats.question_complete(survey, question_id)
        assert (row["published_total"], row["completeness"], row["missing"]) == (
            total, "complete" if complete else "incomplete", 0 if complete else 100 - total), question_id


def test_ict_work_total_is_a_rounding_effect(survey, rounding):
    row = row_of(rounding, "ict_work", data.n_for(survey, "ict_work"))
    options = len(data.options(survey, "ict_work"))
    if row["published_total"] != 100:
        assert f"up to {options / 2:g}" in row["explanation"]
    assert bool(row["exists"]) and row["completeness"] == "complete"


def test_more_ict_specialists_leaves_room_for_an_unlisted_dont_know(survey, rounding):
    row = row_of(rounding, "more_ict_specialists", data.n_for(survey, "more_ict_specialists"))
    assert row["completeness"] == "incomplete"
    assert row["could_fill"] == "'weet niet', don't know"


def test_education_more_digital_leaves_its_remainder_unexplained(survey, rounding):
    row = row_of(rounding, "education_more_digital", data.n_for(survey, "education_more_digital"))
    assert row["completeness"] == "incomplete"
    # 'eens (meerderheid)' may merge two options: k - 1 .. k + 1 %, not k +/- 0.5 % (brute force above)
    assert "options the text did not name" in row["could_fill"] and "weet niet" in row["could_fill"]


def test_an_option_printed_in_words_gets_the_count_the_numeral_options_leave(survey, rounding, checked):
    # 'de helft' is no rounded number: 'yes' is n minus the counts of the numeral figures, as in handles_half
    n = data.n_for(survey, "handles_differently")
    row = row_of(rounding, "handles_differently", n)
    assert (row["completeness"], bool(row["exists"])) == ("complete", True)
    low, high = count_range(survey, "handles_differently", ["yes"], n)
    assert row["counts"].split("; ")[0] == f"{low}\u2013{high}"
    half = checked.loc["handles_half"]
    assert (half["range_low"], half["range_high"]) == pytest.approx((100 * low / n, 100 * high / n))


def test_a_total_no_count_can_produce_is_flagged(survey, data_copy):
    # one more point on 'yes': the smallest counts then add up to more than n (brute force says none fits)
    printed = data.options(survey, "training_courses").set_index("option_id")["percent"].astype(int)
    edit_csv(data_copy / "results.csv", {"question_id": "training_courses", "option_id": "yes"},
             {"percent": str(printed["yes"] + 1)})
    changed = data.load_survey(data_copy)
    n, total = data.n_for(changed, "training_courses"), int(printed.sum()) + 1
    assert brute_counts(changed, "training_courses", n, "half_up") == ("", "")
    row = row_of(rounding_table(changed, "en"), "training_courses", n)
    assert (row["published_total"], bool(row["exists"]), row["counts"]) == (total, False, "")
    assert row["explanation"] == f"{total}: no count vector of n = {n} rounds to these shares with rounding half up"
    wording = data.question(changed, "training_courses")["wording_en"]
    assert any(f"'{wording}' at n = {n} (rounding half up)" in issue for issue in issues_found(changed, EN))
    checked = check_claims(changed, EN).set_index("claim_id")
    assert checked.at["training_yes", "status"] == "contradicted"     # the text still says the old figure
    assert checked.at["training_yes", "counted"]                      # a transcription that fails is counted


# ---------------------------------------------------------------------------- n puzzle and wording

def test_no_printed_n_is_ruled_out_and_every_scenario_fits(survey):
    table = n_compatibility(survey)
    assert list(table.index[:7]) == charts(survey) and len(table) == len(survey.questions)
    assert (table[[str(n) for n in data.printed_n(survey)]] == "both").all().all()
    assert (table["ruled_out"] == "").all()
    smallest = next(m for m in range(1, 1000) if next(model_vectors(survey, "training_courses", m, "half_up"), None))
    assert table.at["training_courses", "smallest_n_half_up"] == smallest  # brute force from n = 1 up
    assignments = n_assignments(survey)
    assert (assignments.loc[list(survey.scenarios), "fits_half_up"] == "all charts").all()
    assert assignments.at["layout", "prepared_digital"] == data.n_for(survey, "prepared_digital", "layout")
    everything = len(data.printed_n(survey))
    total = sum(1 for combo in itertools.product(range(everything), repeat=len(charts(survey)))
                if len(set(combo)) == everything)  # every caption used at least once
    assert assignment_counts(survey) == {"half_up": (total, total), "half_even": (total, total)}
    assert surjective_assignments(survey) == total


def test_headline_intervals_widen_with_the_smallest_n(survey):
    table = headline_intervals(survey, EN).set_index(["question_id", "scenario"])
    assert set(table.index.get_level_values("scenario")) == set(survey.scenarios)
    skills = table.loc["skills_sufficient"]
    assert skills.at["layout", "n"] == 577 and skills.at["smallest", "n"] == 280
    assert skills.at["smallest", "width"] > skills.at["layout", "width"]


def test_wording_readings_flip_the_confidence_claims(survey, checked):
    readings = wording_readings(survey, EN)
    positive, negative = ["strongly_agree", "agree"], ["insufficient"]
    (satisfied, n), (dissatisfied, _) = point(survey, "skills_sufficient", positive), point(survey, "skills_sufficient", negative)
    shares = [round(100 * satisfied / n, 1), round(100 * dissatisfied / n, 1)]
    assert [round(v, 1) for v in readings.loc["text", ["satisfied", "dissatisfied"]]] == shares
    assert [round(v, 1) for v in readings.loc["title", ["satisfied", "dissatisfied"]]] == shares[::-1]
    as_text, as_title = re.findall(r"\u2192 (\w+)", checked.at["lead_confidence", "note"])[:2]
    assert readings.at["text", "status_lead_confidence"] == as_text
    assert readings.at["title", "status_lead_confidence"] == as_title != as_text
    # issue 19 kind 3: not the Fréchet bounds of the two shares on one base: the satisfied of all n are
    # bounded within the group that answered the training item first, then joined with the untrained
    n_training = data.n_for(survey, "training_courses")
    untrained = count_range(survey, "training_courses", ["no"], n_training)

    def within_group(options):
        low, high = count_range(survey, "skills_sufficient", options, n)
        return max(0, low - (n - n_training)), min(n_training, high)

    for options, column in ((positive, "satisfied_untrained"), (negative, "dissatisfied_untrained")):
        group = within_group(options)
        both = max(0, group[0] + untrained[0] - n_training), min(group[1], untrained[1])
        low, high = readings.loc["text", [f"{column}_low", f"{column}_high"]]
        assert (round(low, 1), round(high, 1)) == (round(100 * both[0] / n_training, 1),
                                                   round(100 * both[1] / n_training, 1)), column
    group = within_group(positive)
    assert f"can be {group[0]} to {group[1]} of those {n_training}" in readings.at["text", "implications"]
    assert readings["common_base_assumed"].all()
    assert (f"at least {n - n_training} respondents answered only one of the two"
            in readings.at["text", "implications"])


def totals_off_100(survey) -> dict[str, int]:
    """The questions whose printed shares do not add up to 100, with their sum, in data order."""
    totals = {q: data.published_total(survey, q) for q in survey.questions["question_id"]}
    return {q: total for q, total in totals.items() if total != 100}


def issue_groups(checked: pd.DataFrame) -> dict[str, list[str]]:
    """The counted claims per status (each hypothesis once), in claims order, and the unverifiable ones."""
    counted = checked[checked["counted"]]
    groups = {status: list(counted.index[counted["status"] == status])
              for status in ("contradicted", "depends_on_reading", "undetermined")}
    groups["not_verifiable"] = list(checked.index[checked["status"] == "not_verifiable"])
    return groups


def surjective_assignments(survey) -> int:
    """Brute force: assignments of the printed n values to the charts, each n used once at least, that
    every chart's rounding allows under both rules (``n_compatibility``: 'both')."""
    table = n_compatibility(survey)
    printed = [int(column) for column in table.columns if column.isdigit()]
    allowed = [[n for n in printed if table.at[q, str(n)] == "both"] for q in charts(survey)]
    return sum(1 for combo in itertools.product(*allowed) if set(combo) == set(printed))


def test_issues_are_built_from_the_data(survey, checked):
    issues = issues_found(survey, EN)
    groups, totals_ = issue_groups(checked), totals_off_100(survey)
    firsts = len(groups["contradicted"]) + len(groups["depends_on_reading"]) + len(groups["undetermined"])
    assert groups["not_verifiable"] and len(issues) == firsts + 1 + len(totals_) + 4 + len(anomalies(survey, "en"))
    contradicted = issues[:len(groups["contradicted"])]
    depends = issues[len(contradicted):len(contradicted) + len(groups["depends_on_reading"])]
    undetermined = issues[len(contradicted) + len(depends):firsts]
    unverifiable = issues[firsts]
    totals = issues[firsts + 1:firsts + 1 + len(totals_)]
    rounding, puzzle, wording, smallest = issues[firsts + 1 + len(totals_):firsts + 5 + len(totals_)]
    claims = survey.claims.set_index("claim_id")
    words = {i: f"'{claims.at[i, 'claim_en'].rstrip('.')}' ('{claims.at[i, 'phrase_nl']}')" for i in claims.index}
    question = dict(zip(survey.questions["question_id"], survey.questions["wording_en"]))
    # each hypothesis once: the second confidence claim shares the first one's row
    for issues_, status in ((contradicted, "contradicted"), (depends, "depends_on_reading"),
                            (undetermined, "undetermined")):
        ids = groups[status]
        assert [issue[:len(words[i])] for issue, i in zip(issues_, ids)] == [words[i] for i in ids]
    assert "skills_great_confidence" not in groups["depends_on_reading"]  # shares lead_confidence's hypothesis
    for issue, i in zip(depends, groups["depends_on_reading"]):
        assert issue.startswith(f"{words[i]} depends on reading: "), issue
    for issue, i in zip(undetermined, groups["undetermined"]):
        row, decision = checked.loc[i], hypotheses.evaluate(survey, checked.at[i, "hypothesis_id"], params.Settings())
        assert issue.startswith(f"{words[i]} is undetermined: the data can neither confirm nor refute '{row['rule']}'; ")
        if row["rule"].startswith("large majority"):
            assert (f"95% interval of the share: {signed(row['ci_low'])}\u2013{signed(row['ci_high'])}% (n = {row['n']}; "
                    f"p = {decision.p_holds:.3f})") in issue
            assert "narrower question than the claim" in issue
    assert unverifiable == (f"{len(groups['not_verifiable'])} claims cannot be checked from the published figures: "
                            + "; ".join(words[i] for i in groups["not_verifiable"]) + ".")
    assert [issue.split("': ")[0][1:] for issue in totals] == [question[q] for q in totals_]
    for issue, (question_id, total) in zip(totals, totals_.items()):
        n, options = data.n_for(survey, question_id), len(data.options(survey, question_id))
        assert f"the printed shares add up to {total}% (" in issue
        assert (f"({total}: rounding {options} options can move the total by up to {options / 2:g}; counts of n = {n} "
                "exist)" if abs(total - 100) <= options / 2 else f"({100 - total}% not published; counts of n = {n} "
                "exist") in issue
    assert rounding.startswith("Rounding: every question's printed shares fit every plausible n")
    # kind 6: a puzzle that excludes no assignment is said to check nothing
    count = f"{surjective_assignments(survey):,}"
    assert puzzle == (f"n puzzle: {len(data.printed_n(survey))} printed n values for {len(charts(survey))} charts; the "
                      f"rounding rules out no assignment of them ({count} of {count} assignments, each caption used at "
                      "least once, remain), so the percentages cannot tell which caption belongs to which chart. This "
                      "is no check that holds: it excludes nothing.")
    assert wording.endswith("would be rated 'contradicted'.")
    unknown = int((survey.questions["n_status"] == "unknown").sum())
    assert smallest.startswith(f"Assumed n: {unknown} items without a printed n")


def test_anomalies_quote_the_chart_wording_they_cite(survey):
    """Each anomaly's quoted chart words appear in that chart's wording in questions.csv (the evidence)."""
    charts = survey.questions.dropna(subset=["chart"]).set_index("chart")
    for issue in anomalies(survey, "en")[:3]:
        chart = int(re.search(r"chart (\d+)", issue).group(1))
        quotes = re.findall(r"'([^']+)'", issue)
        assert any(quote in charts.at[chart, "wording_nl"] for quote in quotes), issue


def test_issues_in_dutch(survey, checked):
    issues = issues_found(survey, NL)
    english = issues_found(survey, EN)
    assert len(issues) == len(english)
    groups, totals_ = issue_groups(checked), totals_off_100(survey)
    firsts = len(groups["contradicted"]) + len(groups["depends_on_reading"]) + len(groups["undetermined"])
    claims = survey.claims.set_index("claim_id")
    for issue, i in zip(issues[len(groups["contradicted"]):], groups["depends_on_reading"]):
        assert issue.startswith(f"'{claims.at[i, 'phrase_nl']}' hangt af van de lezing: ")
    majority = [i for i in groups["undetermined"] if checked.at[i, "rule"].startswith("large majority")]
    for i in majority:
        row = checked.loc[i]
        issue = issues[firsts - len(groups["undetermined"]) + groups["undetermined"].index(i)]
        assert issue.startswith(f"'{claims.at[i, 'phrase_nl']}' is onbeslist: de cijfers bevestigen noch weerleggen "
                                f"'grote meerderheid: aandeel \u2265 66,67%'; 95%-interval van het aandeel: "
                                f"{signed(row['ci_low'], ',')}\u2013{signed(row['ci_high'], ',')}%")
    totals = issues[firsts + 1:firsts + 1 + len(totals_)]
    question = dict(zip(survey.questions["question_id"], survey.questions["wording_nl"]))
    for issue, (question_id, total) in zip(totals, totals_.items()):
        n, options = data.n_for(survey, question_id), len(data.options(survey, question_id))
        assert issue.startswith(f"'{question[question_id]}': de gedrukte percentages tellen op tot {total}% (")
        if abs(total - 100) <= options / 2:  # rounding alone: each option at most half a point off
            assert issue == (f"'{question[question_id]}': de gedrukte percentages tellen op tot {total}% ({total}: "
                             f"afronding van {options} opties kan het totaal tot {options / 2:g} verschuiven; er "
                             f"bestaan tellingen van n = {n}).".replace(".5 ", ",5 "))
        else:
            assert f"({100 - total}% niet gepubliceerd; er bestaan tellingen van n = {n}" in issue
    puzzle, wording, smallest = issues[firsts + 2:firsts + 5 + 0 + len(totals_)][len(totals_):]
    count = f"{surjective_assignments(survey):,}".replace(",", ".")
    assert f"({count} van {count} toewijzingen" in puzzle and "Dit is geen controle die klopt" in puzzle
    title = wording_readings(survey, NL).at["title", "dissatisfied"]
    assert wording.endswith(f"volgens de titel vindt {signed(title, ',')}% de eigen vaardigheden onvoldoende en zou "
                            f"'{claims.at['lead_confidence', 'phrase_nl']}' als 'weersproken' gelden.")
    unknown = int((survey.questions["n_status"] == "unknown").sum())
    assert smallest.startswith(f"Aangenomen n: {unknown} vragen zonder gedrukte n")


def test_issues_reuse_the_tables_the_notebook_already_computed(survey, checked, rounding):
    tables = dict(checked=checked.reset_index(), rounding=rounding, compatibility=n_compatibility(survey),
                  assignments=n_assignments(survey), readings=wording_readings(survey, EN))
    assert issues_found(survey, EN, **tables) == issues_found(survey, EN)


def test_the_interval_level_prints_as_a_plain_percentage(survey):
    # 0.55 * 100 is 55.00000000000001 in floating point: still "55%", not "55.0%"
    issues = issues_found(survey, params.Settings(lang="en", confidence=0.55))
    assert any("55% interval of the share: " in issue for issue in issues)


def test_an_unknown_option_names_the_allowed_ones(survey):
    with pytest.raises(KeyError, match="unknown option 'maybe' of 'handles_differently'; "
                                      "allowed: yes, no, dont_know"):
        share_range(survey, "handles_differently", ["yes", "maybe"], 475)


def test_templates_and_languages_fail_clearly(checked):
    with pytest.raises(KeyError, match="unknown audit template key 'status.maybe'; known: status.supported"):
        text("status.maybe", "en")
    with pytest.raises(ValueError, match="lang='fr' is not allowed; allowed: nl, en"):
        claims_summary(checked.reset_index(), "fr")


# ---------------------------------------------------------------------------- edited data flips statuses

def test_editing_the_ict_split_flips_the_small_number_claim(data_copy):
    edit_csv(data_copy / "results.csv", {"question_id": "ict_work", "option_id": "partly"}, {"percent": "10"})
    edit_csv(data_copy / "results.csv", {"question_id": "ict_work", "option_id": "other"}, {"percent": "81"})
    checked = check_claims(data.load_survey(data_copy), EN).set_index("claim_id")
    assert checked.at["sample_ict_small", "status"] == "supported"       # 9 + 10 = 19, interval below 25 both ways
    assert checked.at["sample_ict_small", "ci_high"] <= 25
    assert checked.at["sample_ict_partly", "status"] == "contradicted"    # the text still says 23
    assert checked.at["sample_ict_other", "status"] == "contradicted"     # 100 - 19 = 81, the text says 69


def test_editing_a_hypothesis_threshold_flips_its_claims(data_copy):
    edit_csv(data_copy / "hypotheses.csv", {"hypothesis_id": "no_training_large_majority"}, {"threshold": "75"})
    checked = check_claims(data.load_survey(data_copy), EN).set_index("claim_id")
    assert checked.at["lead_no_training_majority", "status"] == "contradicted"  # 62.1-71.6 lies below 75
    assert checked.at["lead_no_training_majority", "rule"] == "large majority: share \u2265 75%"


def test_assignment_count_matches_brute_force_when_some_n_are_ruled_out():
    printed = (50, 40, 30, 20, 10)  # any five n values: a unit test of the count, no data read
    allowed = {"a": {50}, "b": {50, 40}, "c": set(printed), "d": {10, 20, 30},
               "e": set(printed), "f": {30, 20}, "g": set(printed)}
    brute = sum(1 for combo in itertools.product(*allowed.values()) if len(set(combo)) == len(printed))
    from helpers.audit import rounding as audit_rounding

    assert audit_rounding._surjective_count(allowed, printed) == brute > 0


def test_a_claim_whose_options_leave_its_hypothesis_is_refused(data_copy):
    edit_csv(data_copy / "claims.csv", {"claim_id": "education_majority"}, {"options": ""})
    with pytest.raises(data.DataValidationError) as error:
        data.load_survey(data_copy)
    assert (error.value.column, error.value.value, error.value.allowed) == ("options", "", "agree")
    assert "differ from those of its hypothesis 'education_majority'" in str(error.value)
