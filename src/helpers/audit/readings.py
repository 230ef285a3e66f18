"""The wording puzzle: the skills chart's negative title against the text's positive reading.

The text reports agreement with *sufficient* skills; the chart title is negative ("niet
voldoende"). Both readings, and what each implies for the claims built on the item.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from ..core import data
from ..inference import stats
from .claims import bases_text
from . import verdicts
from .ranges import point_share
from ..words import verdict_text
from ..words.audit_text import _numbers, text
from ..core.params import Settings

WORDING_QUESTION = "skills_sufficient"
CONFIDENCE_CLAIMS = ("lead_confidence", "skills_great_confidence")
TRAINING_LINK = ("training_courses", "no")


def wording_readings(survey: data.Survey, settings: Settings | None = None) -> pd.DataFrame:
    """Both readings of the skills chart and what each implies for the claims built on it.

    Text reading: the printed agreement (strongly agree + agree) is agreement with *sufficient*
    skills. Title reading: the chart title is negative, so the same agreement would be with
    *not sufficient* skills and the 'insufficient' share would be the satisfied one. For each
    reading: the satisfied and dissatisfied shares (at the tables' point counts), the outcome of the
    confidence claims' declared hypothesis under that reading (:func:`helpers.audit.verdicts.readings_of`), and the
    bounds of the overlap of the satisfied and the dissatisfied with those who took no courses
    (:func:`overlaps`). They hold only on a common base of respondents (the smaller item's among the
    larger one's): the implication names that assumption and what is known about the two items' bases.
    """
    settings = settings or Settings()
    lang, rounding = settings.lang, stats.rounding_of(settings)
    positive = data.pole_options(survey, WORDING_QUESTION, "positive")
    negative = data.pole_options(survey, WORDING_QUESTION, "negative")
    n = data.n_for(survey, WORDING_QUESTION, settings.n_scenario)
    n_training = data.n_for(survey, TRAINING_LINK[0], settings.n_scenario)
    agree = point_share(survey, WORDING_QUESTION, positive, n, rounding)
    disagree = point_share(survey, WORDING_QUESTION, negative, n, rounding)
    untrained = point_share(survey, TRAINING_LINK[0], [TRAINING_LINK[1]], n_training, rounding)
    bounded = overlaps(survey, settings)
    base = stats.bases(survey, WORDING_QUESTION, TRAINING_LINK[0], settings.n_scenario)
    bases = bases_text(survey, WORDING_QUESTION, TRAINING_LINK[0], settings.n_scenario, lang)
    claims = survey.claims.set_index("claim_id")
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    rows = []
    for reading in data.DRAWN_READINGS:  # the text's reading, then the title's
        satisfied, dissatisfied = (agree, disagree) if reading == "text" else (disagree, agree)
        implications = []
        statuses = {}
        for claim_id in CONFIDENCE_CLAIMS:
            if claim_id not in claims.index:
                continue
            record = records.loc[claim_id]
            wanted = "as_printed" if reading == "text" else "title_polarity"
            status = next((outcome for name, outcome, *_ in record["readings"] if name == wanted), record["outcome"])
            statuses[claim_id] = status
            implications.append(text("implication.confidence", lang, phrase=claims.at[claim_id, "phrase_nl"],
                                     rule=verdict_text.hypothesis_text(record.to_dict(), lang),
                                     status=text(f"status.{status}", lang)))
        links = {}
        for state, share in (("sufficient", satisfied), ("insufficient", dissatisfied)):
            pole = "positive" if (state == "sufficient") == (reading == "text") else "negative"
            found = bounded[pole]
            low, high = found["both_pct"]
            links[state] = (low, high)
            group_low, group_high = found["range_a"]
            key = "implication.training" if n == n_training else "implication.training_subset"
            implications.append(text(key, lang, state=text(f"state.{state}", lang), n=found["n"],
                                     n_full=max(n, n_training), bases=bases, group_low=group_low,
                                     group_high=group_high,
                                     **_numbers(lang, low=low, high=high, a=share, b=untrained,
                                                group_low_pct=100.0 * group_low / found["n"],
                                                group_high_pct=100.0 * group_high / found["n"])))
        rows.append({
            "reading": reading, "statement": text(f"reading.{reading}", lang),
            "satisfied": satisfied, "dissatisfied": dissatisfied,
            **{f"status_{claim_id}": status for claim_id, status in statuses.items()},
            "satisfied_untrained_low": links["sufficient"][0], "satisfied_untrained_high": links["sufficient"][1],
            "dissatisfied_untrained_low": links["insufficient"][0],
            "dissatisfied_untrained_high": links["insufficient"][1],
            "common_base_assumed": not base["same_base"],
            "implications": "; ".join(implications),
        })
    return pd.DataFrame(rows).set_index("reading")


def overlaps(survey: data.Survey, settings: Settings | None = None) -> dict[str, dict]:
    """Bounds (:func:`helpers.inference.stats.subset_overlap_bounds`) on how many of the smaller item's
    respondents both gave the skills item's ``positive`` (or ``negative``) answers and took no
    courses, keyed by that pole: every compatible count of each item, the larger item's count first
    bounded within the smaller one's group (a share of 577 is not the share among 475 of them).
    Language-free; don't-know kept (one base of respondents)."""
    keep = dataclasses.replace(settings or Settings(), dont_know="keep")
    untrained = stats.combined_share(survey, TRAINING_LINK[0], [TRAINING_LINK[1]], keep)
    range_b = (int(untrained["count_min"]), int(untrained["count_max"]))
    out = {}
    for pole in ("positive", "negative"):
        skills = stats.combined_share(survey, WORDING_QUESTION, data.pole_options(survey, WORDING_QUESTION, pole), keep)
        out[pole] = stats.subset_overlap_bounds(int(skills["n"]), (int(skills["count_min"]), int(skills["count_max"])),
                                                int(untrained["n"]), range_b)
    return out
