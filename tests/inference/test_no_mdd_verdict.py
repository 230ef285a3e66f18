"""Issue 19 kind 2: a power figure (minimal detectable difference) never judges an observed difference.

An observed difference is judged by its own interval and test; the MDD stays only as a planning
figure. Properties over every question, every comparison the article draws, every notebook, every
template and every rendered report.
"""

from __future__ import annotations

import dataclasses
import math
import json
import re

import numpy as np
import pytest
from scipy.stats import binomtest, norm

from helpers.core import params
from helpers.display import robustness
from helpers.words import robustness_text
from helpers.inference import comparisons, precision
from oracles import model_vectors, point

# a verdict phrased against a power figure, in either language ("less than the 12.2 points ... can detect")
MDD_VERDICT = re.compile(r"(less|more) than the [\d.,]+ points|(minder|meer) dan de [\d.,]+ procentpunten"
                         r"|[Dd]ifference detectable\?|[Vv]erschil aantoonbaar\?")


def test_the_issue_example_is_judged_by_its_own_test(survey):
    """03: yes against no of the same respondents, judged by the multinomial z test of the difference
    (recomputed here: variance (p_a + p_b - (p_a - p_b)^2) / n): at the committed figures they differ,
    although the difference is below the planning MDD."""
    row = precision.precision_table(survey, ["handles_differently"], params.Settings()).iloc[0]
    count_a, n = point(survey, "handles_differently", "yes")
    count_b, _ = point(survey, "handles_differently", "no")
    assert (row["count_a"], row["count_b"], row["n"]) == (count_a, count_b, n)
    p_a, p_b = count_a / n, count_b / n
    se = math.sqrt((p_a + p_b - (p_a - p_b) ** 2) / n)
    z = norm.ppf(0.975)
    assert row["diff_p"] == pytest.approx(2 * norm.sf(abs(p_a - p_b) / se), rel=1e-6)
    assert (row["diff_low"], row["diff_high"]) == pytest.approx((100 * (p_a - p_b - z * se), 100 * (p_a - p_b + z * se)))
    ends = []  # the verdict reads the interval at every count vector the printed figures allow
    for vector in model_vectors(survey, "handles_differently", n):
        a, b = vector[0] / n, vector[1] / n
        half = z * math.sqrt((a + b - (a - b) ** 2) / n)
        ends.append((a - b - half, a - b + half))
    above, below = [low > 0 for low, _ in ends], [high < 0 for _, high in ends]
    assert row["diff_verdict"] == ("differ" if all(above) or all(below) else
                                   "not_distinguishable" if not any(above + below) else "depends_on_counts")
    if row["diff_verdict"] == "differ":  # the example: the planning figure would have said "not detectable"
        assert abs(row["difference"]) < row["mdd_paired"]
        # the conditional exact test (binomial on those who said yes or no) agrees at the 5% level
        assert binomtest(count_a, count_a + count_b, 0.5).pvalue < 0.05


def test_the_multinomial_test_matches_a_simulation():
    """The hand-rolled variance of p_a - p_b (same respondents) against simulated multinomial draws,
    and the test's size at p_a = p_b near the nominal 5%."""
    rng = np.random.default_rng(19)
    n, p_a, p_b = 475, 0.5, 0.4
    draws = rng.multinomial(n, [p_a, p_b, 1 - p_a - p_b], size=40000)
    simulated_sd = np.std((draws[:, 0] - draws[:, 1]) / n)
    test = precision.paired_difference(round(p_a * n), round(p_b * n), n, params.Settings())
    implied_sd = (test["high"] - test["low"]) / 2 / 1.959963984540054 / 100
    assert implied_sd == pytest.approx(simulated_sd, rel=0.02)
    null = rng.multinomial(n, [0.45, 0.45, 0.10], size=4000)
    rejected = np.mean([precision.paired_difference(a, b, n, params.Settings())["p"] < 0.05 for a, b, _ in null])
    assert rejected == pytest.approx(0.05, abs=0.015)


@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_interval_and_p_value_tell_the_same_story(confidence):
    settings = params.Settings(confidence=confidence)
    for a, b, n in ((237, 190, 475), (101, 75, 280), (82, 104, 280), (294, 283, 577)):
        test = precision.paired_difference(a, b, n, settings)
        assert (test["low"] > 0 or test["high"] < 0) == (test["p"] < settings.alpha)


@pytest.mark.parametrize("settings", [params.Settings(), params.Settings(deff=2.0), params.Settings(dont_know="exclude"),
                                      params.Settings(n_scenario="smallest", confidence=0.9)])
def test_no_verdict_depends_on_a_minimal_detectable_difference(survey, settings, monkeypatch):
    """Property over every question and comparison: the verdicts follow the differences' own intervals,
    and making every MDD tiny or huge changes nothing but the planning figures themselves."""
    table = precision.precision_table(survey, precision.section_questions(survey), settings)
    for _, row in table.iterrows():
        if isinstance(row["diff_verdict"], str):
            assert row["diff_low_range"] <= row["diff_low"] <= row["diff_high"] <= row["diff_high_range"]
            if row["diff_verdict"] == "differ":
                assert row["diff_low_range"] > 0 or row["diff_high_range"] < 0
            elif row["diff_verdict"] == "not_distinguishable":
                assert row["diff_low_range"] <= 0 <= row["diff_high_range"]
    compared = comparisons.claim_comparisons(survey, settings)
    for _, row in compared.iterrows():
        assert row["verdict"] == precision.difference_verdict([row["low_range"], row["low"]],
                                                              [row["high_range"], row["high"]])

    def shown(lang: str) -> str:
        survey.views.clear()
        text = robustness.precision_findings(survey, None, dataclasses.replace(settings, lang=lang))
        return re.sub(r"(Planning figure|Ontwerpgetal): [^\n]*", "", text)

    for lang in params.LANGUAGES:
        before = shown(lang)
        for fake in (0.0, 1000.0):
            monkeypatch.setattr(precision, "mdd_paired", lambda *args, fake=fake, **kw: fake)
            monkeypatch.setattr(precision, "mdd_independent", lambda *args, fake=fake, **kw: fake)
            assert shown(lang) == before
            monkeypatch.undo()
    survey.views.clear()


def test_no_table_column_turns_an_mdd_into_a_verdict(survey):
    table = precision.precision_table(survey, precision.section_questions(survey), params.Settings())
    assert "detectable" not in table.columns
    assert not set(table.columns) & {"detectable", "mdd_verdict"}
    for key, entry in robustness_text.TEMPLATES.items():
        for lang, wording in entry.items():
            assert not MDD_VERDICT.search(wording), (key, lang)


def test_no_notebook_or_rendered_report_judges_a_difference_by_an_mdd(project_root):
    """Every section notebook's prose and every rendered report (both sets)."""
    files = sorted((project_root / "notebooks").glob("0[1-7]*.ipynb")) + sorted((project_root / "reports").glob("*/*.ipynb"))
    assert files
    for path in files:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            texts = ["".join(cell["source"])]
            for output in cell.get("outputs", []):
                for value in output.get("data", {}).values():
                    texts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else "")
            for text in texts:
                found = MDD_VERDICT.search(text)
                assert found is None, f"{path.relative_to(project_root)}: {found.group(0)!r}"
