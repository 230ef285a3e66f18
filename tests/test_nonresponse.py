"""Issue 19: nonresponse bounds. An item answered by fewer than all participants states, in both
languages, its share among all of them under the worst and the best case."""

from __future__ import annotations

import pytest

from helpers.core import data, params
from helpers.inference import stats
from helpers.words import findings
from oracles import point


def participants(survey) -> int:
    """Everyone who took part: the n of the items the text states as shares of all (the largest printed n)."""
    return data.printed_n(survey)[0]


def test_the_issue_example(survey):
    bounds = stats.nonresponse_bounds(survey, "training_courses", ["no"], params.Settings())
    count, n = point(survey, "training_courses", "no")
    total = participants(survey)
    assert (bounds["count"], bounds["n"], bounds["total"], bounds["missing"]) == (count, n, total, total - n)
    # worst case: none of those who did not answer; best case: all of them
    assert (bounds["low"], bounds["high"]) == pytest.approx((100 * count / total, 100 * (count + total - n) / total))


@pytest.mark.parametrize("lang", params.LANGUAGES)
@pytest.mark.parametrize("scenario", ["layout", "attrition", "smallest"])
def test_every_share_of_a_smaller_item_carries_its_bounds_among_all(survey, lang, scenario):
    """Property over every finding of every section: a stated share of an item with a printed n below
    the participants carries the worst/best case among all of them, and those bounds contain the share among respondents
    scaled to everyone; no item answered by all, and no item without a printed n, gets them."""
    settings = params.Settings(lang=lang, n_scenario=scenario)
    total = participants(survey)
    word = {"en": f"of all {total} participants", "nl": f"van alle {total} deelnemers"}[lang]
    seen = 0
    for name in findings.SECTIONS:
        for sentence in findings.section(name, survey, settings):
            for question_id, options in sentence.options.items():
                bounds = stats.nonresponse_bounds(survey, question_id, list(options), settings)
                n = data.n_for(survey, question_id, scenario)
                status = str(data.question(survey, question_id)["n_status"])
                if status == "unknown" or n >= total:
                    assert bounds is None, question_id
                    continue
                seen += 1
                low, high = (findings.labels.number(v, lang, 1) for v in (bounds["low"], bounds["high"]))
                assert f"{word} {low}–{high}%" in sentence, (question_id, sentence)
                assert bounds["low"] <= 100 * bounds["count"] / n * n / total + 1e-9
                assert bounds["high"] - bounds["low"] == pytest.approx(100 * (total - n) / total)
    assert seen >= 4 if scenario != "smallest" else seen >= 1
