"""Properties of honest statistics (issue 9), each over every question, claim, scenario or rounding model.

Each test checks one *kind* of fault everywhere it could occur, so a new instance is caught:
one rounding model and one reading per figure shared by tables and audit; a point shown with a
range lies in it; transcription checks kept out of the headline; readings that flip a verdict;
the balance of a scale tested on its difference with a multinomial interval (against a
simulation); the assumed n described as an assumption; charts saying which reading they draw.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

from helpers.core import data
from helpers.display import report
from helpers.inference import counts, paired, stats
from helpers.audit.claims import headline
from helpers.words import verdict_text
from helpers.audit.ranges import printed_share, share_range
from helpers.audit.readings import TRAINING_LINK, WORDING_QUESTION
from helpers.audit.rounding import n_compatibility
from helpers.core.params import Settings
from helpers.words.claim_notes import bases_text
from helpers.words.claim_table import check_claims
from helpers.words.readings_text import wording_readings
from oracles import count_range
from statsmodels.stats.proportion import proportion_confint

MODELS = ("both", "half_up", "half_even")
POINT_RANGE = re.compile(r"^(-?[\d.,]+) \((-?[\d.,]+)\u2013(-?[\d.,]+)\)$")


def as_float(text: str) -> float:
    return float(text.replace(",", "."))


# ---------------------------------------------------------------- one rounding model, one reading

def test_both_is_the_union_of_the_two_rules():
    for n in (7, 10, 37, 280, 391, 475, 517, 577):
        for percent in range(0, 101):
            up, even = counts.count_interval(percent, n, "half_up"), counts.count_interval(percent, n, "half_even")
            both = counts.count_interval(percent, n, "both")
            members = {c for iv in (up, even) if iv for c in range(iv[0], iv[1] + 1)}
            assert (both is None) == (not members)
            if both:
                assert set(range(both[0], both[1] + 1)) == members, (percent, n)


def test_a_merged_figure_is_two_rounding_widths():
    """A sum of two rounded options printed as p is compatible with every share within p -/+ 1."""
    for n in (280, 391, 577):
        for percent in (1, 14, 51, 99):
            low, high = counts.count_interval(percent, n, "both", parts=2)
            shares = [100 * c / n for c in range(n + 1)]
            inside = [c for c, share in enumerate(shares) if percent - 1 <= share <= percent + 1]
            assert (low, high) == (min(inside), max(inside))
            # and it is exactly what two rounded parts can sum to (brute force over the parts' counts)
            sums = {a + b for a in range(n + 1) for b in range(n + 1 - a)
                    if counts.rounded_percent(a, n) + counts.rounded_percent(b, n) == percent} if n == 280 else None
            if sums:
                assert min(sums) >= low and max(sums) <= high


@pytest.mark.parametrize("model", MODELS)
def test_audit_ranges_are_the_tables_counts(survey, model):
    """Every option of every question, every scenario: the audit's range is the table's count range."""
    for scenario in survey.scenarios:
        settings = Settings(n_scenario=scenario, rounding=model)
        for question_id in survey.questions["question_id"]:
            table = stats.share_table(survey, question_id, settings)
            n = data.n_for(survey, question_id, scenario)
            for row in table[table["option"] != stats.UNPUBLISHED].itertuples():
                low, high, _ = share_range(survey, question_id, [str(row.option)], n, model)
                assert (low, high) == pytest.approx((100 * row.count_min / n, 100 * row.count_max / n))


def test_a_narrower_rounding_model_gives_narrower_ranges(survey):
    for question_id in survey.questions["question_id"]:
        both = stats.share_table(survey, question_id, Settings(rounding="both"))
        for rule in ("half_up", "half_even"):
            one = stats.share_table(survey, question_id, Settings(rounding=rule))
            assert (both["count_min"] <= one["count_min"]).all() and (both["count_max"] >= one["count_max"]).all()
            assert (both["ci_low_range"] <= one["ci_low_range"] + 1e-9).all()


def test_figures_in_words_and_merged_figures_are_read_once_for_all(survey):
    """The words figure ('de helft') bounds no count and the merged figure has two rounding widths,
    in the tables' counts as in the audit's ranges."""
    handles = stats.share_table(survey, "handles_differently", Settings())
    # yes = n minus the counts the numeral figures allow (brute force)
    n = data.n_for(survey, "handles_differently")
    low, high = count_range(survey, "handles_differently", ["yes"], n)
    assert (handles["count_min"].iloc[0], handles["count_max"].iloc[0]) == (low, high)
    wilson = (proportion_confint(low, n, 0.05, "wilson")[0], proportion_confint(high, n, 0.05, "wilson")[1])
    assert (handles["ci_low_range"].iloc[0], handles["ci_high_range"].iloc[0]) == pytest.approx(
        (100 * wilson[0], 100 * wilson[1]))
    skills = stats.share_table(survey, "skills_sufficient", Settings()).set_index("option")
    n = data.n_for(survey, "skills_sufficient")
    merged = int(data.options(survey, "skills_sufficient").set_index("option_id").at["insufficient", "percent"])
    low, high = count_range(survey, "skills_sufficient", ["insufficient"], n)
    assert (skills.at["insufficient", "count_min"], skills.at["insufficient", "count_max"]) == (low, high)
    assert (low, high) == (math.ceil((merged - 1) * n / 100), math.floor((merged + 1) * n / 100))  # k - 1 .. k + 1 %
    for question_id in survey.questions["question_id"]:
        _, parts, words = stats.evidence(survey, question_id)
        forms = list(data.options(survey, question_id)["form"])
        assert list(words) == [form == "words" for form in forms]
        assert list(parts) == [2 if form == "merged" else 1 for form in forms]


# ---------------------------------------------------------------- a point lies in its range

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_point_shown_with_a_range_lies_in_it(survey, lang):
    for scenario, model in itertools.product(survey.scenarios, MODELS):
        checked = check_claims(survey, Settings(lang=lang, n_scenario=scenario, rounding=model))
        for row in checked.itertuples():
            if not math.isnan(row.range_low):
                assert row.range_low - 1e-9 <= row.value <= row.range_high + 1e-9, row.claim_id
            for point, low, high in re.findall(r"(-?\d+(?:[.,]\d+)?) \((-?\d+(?:[.,]\d+)?)\u2013(-?\d+(?:[.,]\d+)?)\)",
                                               f"{row.recomputed}; {row.note}"):
                assert as_float(low) <= as_float(point) <= as_float(high), (row.claim_id, point, low, high)
    for question_id in survey.questions["question_id"]:
        table = stats.share_table(survey, question_id, Settings(lang=lang))
        assert ((table["count_min"] <= table["count"]) & (table["count"] <= table["count_max"])).all()
        assert ((table["ci_low_range"] <= table["ci_low"] + 1e-12) & (table["ci_high"] <= table["ci_high_range"] + 1e-12)).all()


# ---------------------------------------------------------------- transcription and the headline

def test_transcription_checks_stay_out_of_the_headline(survey):
    for scenario in survey.scenarios:
        checked = check_claims(survey, Settings(n_scenario=scenario))
        singles = checked[checked["method"] == "single"]
        printed = [printed_share(survey, q, o.split(";")) for q, o in zip(singles["question_id"], singles["options"])]
        for row, value in zip(singles.itertuples(), printed):
            assert (row.status == "transcription") == (row.published == value), row.claim_id
        head = headline(checked)
        assert head["transcription"] == int((checked["status"] == "transcription").sum())
        assert not checked.loc[checked["status"] == "transcription", "counted"].any()
        assert head["informative"] == len(checked) - head["transcription"]
        assert sum(head[k] for k in ("supported", "contradicted", "undetermined", "depends", "unverifiable")) \
            == head["counted"] == head["informative"] - head["shared"]


# ---------------------------------------------------------------- readings that flip a verdict

def test_depends_on_reading_exactly_when_the_two_readings_disagree(survey):
    """Over every scenario and language: a claim with a second reading shows both readings' outcomes in its
    note, and depends on reading exactly when they differ; no other claim depends on reading."""
    for scenario in survey.scenarios:
        for lang in ("en", "nl"):
            checked = check_claims(survey, Settings(lang=lang, n_scenario=scenario)).set_index("claim_id")
            labels_ = [verdict_text.outcome_label(o, lang) for o in ("supported", "contradicted", "undetermined")]
            with_reading = set(survey.claims.loc[survey.claims["alt_reading"] != "", "claim_id"])
            for claim_id in with_reading:
                note = checked.at[claim_id, "note"]
                found = re.findall("\u2192 (" + "|".join(map(re.escape, labels_)) + r")(?=;|$)", note)
                assert len(found) == 2, (claim_id, note)
                assert (checked.at[claim_id, "status"] == "depends_on_reading") == (found[0] != found[1]), note
            others = checked.drop(index=list(with_reading))
            assert (others["status"] != "depends_on_reading").all()


# ---------------------------------------------------------------- the balance of a scale

def test_balance_interval_matches_a_multinomial_simulation():
    """The difference's standard error from the multinomial covariance equals the simulated one, and
    the interval covers the true difference in about 95% of samples."""
    truth, n = np.array([0.34, 0.45, 0.21]), 517
    rng = np.random.default_rng(2026)
    draws = rng.multinomial(n, truth, size=20000)
    diffs = (draws[:, 0] - draws[:, 1]) / n
    diff, low, high = stats.balance_interval(int(truth[0] * n), int(truth[1] * n), n, 0.05)
    se = (high - low) / 2 / 1.959964 / 100
    assert se == pytest.approx(diffs.std(), rel=0.03)
    covered = 0
    for sample in draws[:4000]:
        _, lo, hi = stats.balance_interval(int(sample[0]), int(sample[1]), n, 0.05)
        covered += lo <= (truth[0] - truth[1]) * 100 <= hi
    assert abs(covered / 4000 - 0.95) < 0.015


def test_balance_of_every_bipolar_question_uses_its_point_counts(survey):
    for question_id in survey.questions["question_id"]:
        if not data.pole_options(survey, question_id, "negative"):
            continue
        result = stats.balance(survey, question_id, Settings())
        assert result["low"] <= result["difference"] <= result["high"]
        assert result["significant"] == (result["low"] > 0 or result["high"] < 0)
    with pytest.raises(ValueError, match="allowed: non-negative counts"):
        stats.balance_interval(300, 300, 500, 0.05)


# ---------------------------------------------------------------- the assumed n

def test_the_assumed_n_is_described_as_an_assumption(survey):
    scenarios = survey.n_scenarios
    assert "lower_bound" not in set(scenarios["basis"])
    unknown = set(survey.questions.loc[survey.questions["n_status"] == "unknown", "question_id"])
    for row in scenarios[scenarios["question_id"].isin(unknown)].itertuples():
        assert row.basis == "assumed" and "not a lower bound" in row.rationale
        assert stats.smallest_n(survey, row.question_id) < row.n
    compatibility = n_compatibility(survey)
    assert set(compatibility.index) == set(survey.questions["question_id"])
    for question_id in survey.questions["question_id"]:
        smallest = compatibility.at[question_id, "smallest_n"]
        assert stats.fits(survey, question_id, int(smallest)) and not stats.fits(survey, question_id, int(smallest) - 1)


# ---------------------------------------------------------------- charts say which reading they draw

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_charts_say_which_reading_they_draw(survey, lang):
    # the chart title says it at length, every table and sentence naming the item (report.title) briefly
    for question_id in survey.questions["question_id"]:
        row = data.question(survey, question_id)
        wording = str(row[f"wording_{lang}"])
        name, title = report.title(survey, question_id, lang), report.chart_title(survey, question_id, lang)
        if row["drawn_reading"]:
            assert title.startswith(wording) and ("text" if lang == "en" else "tekst") in title[len(wording):]
            assert name.startswith(wording) and ("(read as:" if lang == "en" else "(gelezen als:") in name
        else:
            assert title == name == wording


# ---------------------------------------------------------------- joint statements check their bases

@pytest.mark.parametrize("lang, assumed", [("en", "assumed common base of n ="),
                                           ("nl", "aangenomen gemeenschappelijke basis van n =")])
def test_every_joint_statement_names_its_bases(survey, lang, assumed):
    """Every Fréchet claim of the audit and the wording readings' overlap with training, under every
    scenario: the note states what is known about the two bases, and the bounds are given only under
    a named common-base assumption unless both n are known and equal."""
    joint = survey.claims[survey.claims["method"] == "frechet"]
    assert not joint.empty
    for scenario in survey.scenarios:
        settings = Settings(lang=lang, n_scenario=scenario)
        checked = check_claims(survey, settings).set_index("claim_id")
        for claim in joint.itertuples():
            bases = paired.bases(survey, claim.question_id, claim.other_question_id, scenario)
            note = checked.at[claim.claim_id, "note"]
            assert bases_text(survey, claim.question_id, claim.other_question_id, scenario, lang) in note
            assert f"{assumed} {bases['n_common']}" in note  # the bounds always name their base
            if bases["only_one_at_least"] is not None:
                assert str(bases["only_one_at_least"]) in note
        readings = wording_readings(survey, settings)
        bases = paired.bases(survey, WORDING_QUESTION, TRAINING_LINK[0], scenario)
        assert (readings["common_base_assumed"] == (not bases["same_base"])).all()
        for text in readings["implications"]:
            assert f"{assumed} {bases['n_common']}" in text
