"""Tipping points: every row's flip is re-checked with the audit's own decision and the findings' interval.

Properties over every verdict and headline finding (no row is trusted): at the reference value the
outcome is the reference outcome; at ``flips_at`` it is ``flips_to``; just short of ``flips_at`` (and
at every compatible n between) it is still the reference outcome; a row that never flips has the
reference outcome at the end of the range searched.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from helpers.audit import hypotheses, verdicts
from helpers.core import data, params
from helpers.display import multiverse_report
from helpers.sensitivity import multiverse, tipping
from helpers.words import tipping_text


@pytest.fixture(scope="module")
def points(survey):
    return tipping.tipping_points(survey)


@pytest.fixture(scope="module")
def statements(survey):
    found = multiverse.headline_statements(survey, multiverse.base_counts(survey))
    return dict(zip(found["question_id"], found["statement"]))


def _outcome(survey, statements, row: dict, value: float) -> str:
    """The item's outcome with the row's choice set to ``value`` (the others at the defaults)."""
    settings = tipping.reference_settings()
    choice, item = row["choice"], row["item"]
    if row["kind"] == "verdict":
        change = {"threshold": {"threshold": value}, "margin": {"margin": value}, "n": {"n": int(value)}}.get(choice)
        if change is not None:
            return verdicts.claim_outcome(survey, item, settings, **change)
        return verdicts.claim_outcome(survey, item, dataclasses.replace(settings, **{choice: value}))
    statement = statements[item]
    if choice == "threshold":
        interval = tipping.finding_interval(survey, item, settings)
    elif choice == "n":
        interval = tipping.finding_interval(survey, item, settings, n=int(value))
    else:
        interval = tipping.finding_interval(survey, item, dataclasses.replace(settings, **{choice: value}))
    threshold = value if choice == "threshold" else 50.0
    return tipping._finding_outcome(statement, *interval, threshold, multiverse.half_bounds(survey))


def test_every_verdict_and_finding_has_its_rows(survey, points, statements):
    decided = verdicts.verdicts(survey, params.Settings())
    counted = decided[decided["counted"] & (decided["hypothesis_id"] != "")]
    assert set(points.loc[points["kind"] == "verdict", "item"]) == set(counted["claim_id"])
    assert set(points.loc[points["kind"] == "finding", "item"]) == set(survey.questions["question_id"])
    assert list(points.columns) == tipping.TIPPING_COLUMNS
    for (kind, item), part in points.groupby(["kind", "item"]):
        choices = set(part["choice"])
        assert {"n", "confidence", "deff"} <= choices, (kind, item)
        assert len(choices & {"threshold", "margin"}) == (1 if kind == "verdict" or statements[item] != "half" else 0)
    # the reference outcome is the audit's (06) and the multiverse's reference reading (07)
    outcomes = dict(zip(decided["claim_id"], decided["outcome"]))
    for row in points[points["kind"] == "verdict"].to_dict("records"):
        if row["choice"] not in ("reading", "middle"):  # those two compare with the claim's own reading
            assert row["reference_outcome"] == outcomes[row["item"]], row
    summary = multiverse.run(survey).summary.set_index(["kind", "item"])
    for row in points[points["kind"] == "finding"].to_dict("records"):
        assert row["reference_outcome"] == summary.at[("finding", row["item"]), "reference"], row


def test_every_flip_is_where_the_row_says(survey, points, statements):
    checked = 0
    for row in points[~points["choice"].isin(["reading", "middle"])].to_dict("records"):
        value = float(row["reference_value"])
        assert _outcome(survey, statements, row, value) == row["reference_outcome"], row
        if math.isnan(row["flips_at"]):
            for end in (row["searched_low"], row["searched_high"]):
                if row["choice"] in ("confidence", "deff"):  # bisected: both ends of the range searched
                    assert _outcome(survey, statements, row, end) == row["reference_outcome"], (row, end)
            continue
        at = row["flips_at"]
        assert _outcome(survey, statements, row, at) == row["flips_to"] != row["reference_outcome"], row
        assert (at > value) == (row["side"] == "above"), row
        if row["choice"] == "n":  # every compatible n strictly between is still the reference outcome
            compatible = hypotheses.compatible_n(survey, _question(survey, row), tipping.reference_settings())
            between = [n for n in compatible if min(at, value) < n < max(at, value)]
            assert all(_outcome(survey, statements, row, n) == row["reference_outcome"] for n in between), row
            settled = row["settled_at"]
            if not math.isnan(settled):  # from settled_at on (away from the reference) it never returns
                beyond = [n for n in compatible if (n >= settled if row["side"] == "above" else n <= settled)]
                assert all(_outcome(survey, statements, row, n) != row["reference_outcome"] for n in beyond), row
            if row["kind"] == "verdict":  # a verdict's interval only widens as n falls: it flips once
                assert settled == at, row
        else:  # just short of the flip, the reference outcome still holds
            span = row["searched_high"] - row["searched_low"]
            short = at - math.copysign(span * 1e-6 if row["choice"] in ("confidence", "deff") else 1e-5, at - value)
            assert _outcome(survey, statements, row, short) == row["reference_outcome"], (row, short)
        checked += 1
    assert checked >= 30  # the committed data flip in many places; a grid that never flips checks nothing


def _question(survey, row):
    if row["kind"] == "finding":
        return row["item"]
    claim = survey.claims.set_index("claim_id").loc[row["item"]]
    return hypotheses.hypothesis_row(survey, claim["hypothesis_id"])["question_id"]


def _pole_bounds(survey, question_id: str, pole: str) -> tuple[float, float]:
    """A pole's share as the printed figures allow it: each figure +/- half a point."""
    rows = data.options(survey, question_id)
    percents = rows.loc[rows["pole"] == pole, "percent"].astype(int)
    return sum(percents) - len(percents) / 2, sum(percents) + len(percents) / 2


def _tost_share_holds(survey, hypothesis, n: float) -> bool:
    """'de helft': the 1 - 2 alpha Wald interval (statsmodels) at both ends of the share the printed figures
    allow (a share in words: 100 minus the other figures, each +/- half a point) lies inside the band."""
    rows = data.options(survey, hypothesis["question_id"])
    others = rows.loc[rows["option_id"] != hypothesis["options"], "percent"].astype(int)
    low_share, high_share = 100 - sum(others) - len(others) / 2, 100 - sum(others) + len(others) / 2
    band = (hypothesis["threshold"] - hypothesis["margin"], hypothesis["threshold"] + hypothesis["margin"])
    alpha = 2 * (1 - tipping.reference_settings().confidence)
    low = 100 * proportion_confint(low_share / 100 * n, n, alpha, "normal")[0]
    high = 100 * proportion_confint(high_share / 100 * n, n, alpha, "normal")[1]
    return band[0] <= low and high <= band[1]


def test_the_committed_data_tip_where_an_independent_calculation_says(survey, points):
    """Values recomputed outside the package: where 'half' (TOST, statsmodels' Wald interval) stops holding as
    n falls and as the design effect grows; the margin 'divided' would need (the widest end of the balance's
    90% interval over a grid of the pole shares the printed figures allow); the title's reading."""
    rows = points.set_index(["item", "choice"])
    hypotheses_ = survey.hypotheses.set_index("hypothesis_id")
    claims = survey.claims.set_index("claim_id")
    half = hypotheses_.loc[claims.at["lead_handles_half", "hypothesis_id"]]
    n = data.n_for(survey, half["question_id"])
    assert _tost_share_holds(survey, half, n)
    flips = next(m for m in range(n, 0, -1) if not _tost_share_holds(survey, half, m))
    assert rows.at[("lead_handles_half", "n"), "flips_at"] == flips
    deff = brentq(lambda d: _tost_share_holds(survey, half, n / d) - 0.5, 1.0, 10.0, xtol=1e-9)
    assert rows.at[("lead_handles_half", "deff"), "flips_at"] == pytest.approx(deff, abs=1e-3)
    divided = hypotheses_.loc[claims.at["keepup_divided", "hypothesis_id"]]
    n = data.n_for(survey, divided["question_id"])
    pos, neg = (np.linspace(*_pole_bounds(survey, divided["question_id"], pole), 401) / 100 for pole in data.POLES)
    p1, p2 = np.meshgrid(pos, neg)
    z = norm.ppf(1 - (1 - tipping.reference_settings().confidence))
    se = np.sqrt((p1 + p2 - (p1 - p2) ** 2) / n)
    widest = 100 * max(-(p1 - p2 - z * se).min(), (p1 - p2 + z * se).max())
    assert rows.at[("keepup_divided", "margin"), "flips_at"] == pytest.approx(widest, abs=0.01)
    # past that margin the balance reading is supported; the side-by-side reading (each pole's Wilson
    # interval at the printed bounds inside 25-50%) does not move with the margin
    side_by_side = all(25 <= 100 * proportion_confint(b / 100 * n, n, 1 - tipping.reference_settings().confidence,
                                                      "wilson")[i] <= 50
                       for pole in data.POLES
                       for i, b in enumerate(_pole_bounds(survey, divided["question_id"], pole)))
    assert rows.at[("keepup_divided", "margin"), "flips_to"] == ("supported" if side_by_side else "depends_on_reading")
    assert rows.at[("lead_confidence", "reading"), "flips_to"] == "contradicted"


def test_a_threshold_edit_in_the_data_moves_its_tipping_point(survey):
    """Changing a declared threshold in the hypotheses changes the verdict exactly at the tipping point."""
    settings = tipping.reference_settings()
    row = tipping.tipping_points(survey).set_index(["item", "choice"]).loc[("ict_small_minority", "threshold")]
    at = row["flips_at"]
    assert verdicts.claim_outcome(survey, "ict_small_minority", settings, threshold=at + 0.01) == "supported"
    assert verdicts.claim_outcome(survey, "ict_small_minority", settings, threshold=at - 0.01) == "undetermined"


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_table_is_in_one_language_and_exported(survey, points, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    table = multiverse_report.tipping_table(survey, params.Settings(lang=lang))
    assert len(table) == points.groupby(["kind", "item"]).ngroups
    exported = pd.read_csv(tmp_path / "tables" / "tipping_points.csv", keep_default_na=False)
    assert list(exported.columns) == tipping.TIPPING_COLUMNS and len(exported) == len(points)
    cells = " ".join(str(value) for value in table.to_numpy().ravel())
    other = {"nl": ("never", "above", "below", "undetermined", "supported"),
             "en": ("nooit", "boven", "onder", "onbeslist", "ondersteund")}[lang]
    assert not [word for word in other if f" {word} " in f" {cells} "], cells
    intro = multiverse_report.tipping_intro(survey, params.Settings(lang=lang))
    assert str(data.printed_n(survey)[0]) in intro and "tipping_points.csv" in intro


def test_cells_say_where_and_to_what(points):
    row = points.set_index(["item", "choice"]).loc[("lead_handles_half", "n")].to_dict()
    row.update(item="lead_handles_half", choice="n")
    assert row["flips_to"] == "undetermined"
    assert tipping_text.cell(row, "en") == f"undetermined at n \u2264 {int(row['flips_at'])}"
    assert tipping_text.cell(row, "nl") == f"onbeslist bij n \u2264 {int(row['flips_at'])}"
    never = dict(row, flips_at=math.nan)
    assert tipping_text.cell(never, "en") == "never"


def test_a_finding_that_alternates_over_n_says_so(points):
    """At the point counts a finding may switch back and forth as n moves ('half' of 475: shown at even n
    from 382 to 398, not at the odd ones): the cell names both the nearest flip and where it settles."""
    row = points.set_index(["item", "choice"]).loc[("handles_differently", "n")].to_dict()
    row.update(item="handles_differently", choice="n")
    assert row["flips_at"] == 399 and row["settled_at"] == 381
    assert tipping_text.cell(row, "en") == "not shown at some n \u2264 399, at every n \u2264 381"
    assert tipping_text.cell(row, "nl") == "niet aangetoond bij sommige n \u2264 399, bij elke n \u2264 381"


def test_the_middle_answer_is_counted_with_the_side_it_joins(survey, points, statements):
    """Where a claim or finding counts one pole of a scale with a middle answer, its row gives the outcome
    with the middle counted in, recomputed here from the hypothesis and the findings' interval."""
    settings = tipping.reference_settings()
    rows = points[points["choice"] == "middle"]
    assert len(rows) >= 4
    for item in ("ict_small_minority", "prepared_small_group"):  # negative sides: the middle never joins them
        assert item not in set(rows["item"])
    for row in rows.to_dict("records"):
        if row["kind"] == "verdict":
            claim = survey.claims.set_index("claim_id").loc[row["item"]]
            hypothesis = hypotheses.hypothesis_row(survey, claim["hypothesis_id"])
            options = hypothesis["options"].split(";")
            question = hypothesis["question_id"]
        else:
            question, options = row["item"], data.headline_options(survey, row["item"])
        table = survey.results[survey.results["question_id"] == question]
        middle = list(table.loc[table["kind"] == "neutral", "option_id"])
        assert middle, row
        joined = [o for o in table["option_id"] if o in set(options) | set(middle)]
        if row["kind"] == "verdict":
            own = verdicts.readings_of(survey, claim.to_dict() | {"claim_id": row["item"]}, settings)[0][1]
            other = hypotheses.evaluate(survey, claim["hypothesis_id"], settings, options=joined).outcome
        else:
            own = _outcome(survey, statements, dict(row, choice="deff"), 1.0)
            low, high = tipping.finding_interval(survey, question, settings, options=joined)
            other = tipping._finding_outcome(statements[row["item"]], low, high, 50.0, multiverse.half_bounds(survey))
        assert row["reference_outcome"] == own and row["flips_to"] == (other if other != own else ""), row
    # the article's ICT item: 'not against' counted with the positive side makes the majority clear
    ict = rows.set_index("item").loc["more_ict_specialists"]
    assert (ict["reference_outcome"], ict["flips_to"]) == ("not shown", "holds")


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_n_cell_says_when_the_article_states_the_n(survey, points, lang, tmp_path, monkeypatch):
    """Every item whose n the article states (n_scenarios.csv basis 'stated') has an n cell that says so,
    since a flip at a smaller n is then only what-if; no other item's cell says it."""
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    table = multiverse_report.tipping_table(survey, params.Settings(lang=lang)).reset_index()
    scenario = tipping.reference_settings().n_scenario
    items = points.drop_duplicates(["kind", "item"])
    note = tipping_text.text("n.stated", lang, n="").split("=")[0]
    column = tipping_text.text("col.n", lang)
    stated = 0
    for (kind, item), cell in zip(zip(items["kind"], items["item"]), table[column]):
        question_id = item if kind == "finding" else hypotheses.hypothesis_row(
            survey, survey.claims.set_index("claim_id").at[item, "hypothesis_id"])["question_id"]
        is_stated = data.n_basis(survey, question_id, scenario) == "stated"
        stated += is_stated
        assert (note in cell) == is_stated, (item, cell)
        if is_stated:
            assert cell.endswith(f"= {data.n_for(survey, question_id, scenario)})"), cell
    assert stated > 0  # the property is exercised: some items have a stated n
