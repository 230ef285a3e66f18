"""The wording puzzle: the skills chart's negative title against the text's positive reading.

The text reports agreement with *sufficient* skills; the chart title is negative ("niet
voldoende"). Both readings, and what each implies for the claims built on the item.
"""

from __future__ import annotations

import dataclasses

from ..core import data
from ..inference import paired, stats
from ..core.params import Settings
from . import verdicts
from .ranges import point_share

WORDING_QUESTION = "skills_sufficient"
CONFIDENCE_CLAIMS = ("lead_confidence", "skills_great_confidence")
TRAINING_LINK = ("training_courses", "no")


def reading_facts(survey: data.Survey, settings: Settings | None = None) -> list[dict]:
    """Both readings of the skills chart and what each implies for the claims built on it, language-free.

    Text reading: the printed agreement (strongly agree + agree) is agreement with *sufficient*
    skills. Title reading: the chart title is negative, so the same agreement would be with
    *not sufficient* skills and the 'insufficient' share would be the satisfied one. For each
    reading (the text's, then the title's): the satisfied and dissatisfied shares (at the tables'
    point counts), the outcome of the confidence claims' declared hypothesis under that reading
    (``statuses``, :func:`helpers.audit.verdicts.readings_of`, with their verdict ``records``), and for
    the ``sufficient`` and ``insufficient`` states the bounds of their overlap with those who took no
    courses (``links``: the pole's :func:`overlaps` and the state's share). They hold only on a common
    base of respondents (the smaller item's among the larger one's): ``common_base_assumed``.
    """
    settings = settings or Settings()
    rounding = stats.rounding_of(settings)
    positive = data.pole_options(survey, WORDING_QUESTION, "positive")
    negative = data.pole_options(survey, WORDING_QUESTION, "negative")
    n = data.n_for(survey, WORDING_QUESTION, settings.n_scenario)
    n_training = data.n_for(survey, TRAINING_LINK[0], settings.n_scenario)
    agree = point_share(survey, WORDING_QUESTION, positive, n, rounding)
    disagree = point_share(survey, WORDING_QUESTION, negative, n, rounding)
    untrained = point_share(survey, TRAINING_LINK[0], [TRAINING_LINK[1]], n_training, rounding)
    bounded = overlaps(survey, settings)
    base = paired.bases(survey, WORDING_QUESTION, TRAINING_LINK[0], settings.n_scenario)
    claims = set(survey.claims["claim_id"])
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    out = []
    for reading in data.DRAWN_READINGS:  # the text's reading, then the title's
        satisfied, dissatisfied = (agree, disagree) if reading == "text" else (disagree, agree)
        wanted = "as_printed" if reading == "text" else "title_polarity"
        chosen = {claim_id: records.loc[claim_id].to_dict() for claim_id in CONFIDENCE_CLAIMS if claim_id in claims}
        statuses = {claim_id: next((outcome for name, outcome, *_ in record["readings"] if name == wanted),
                                   record["outcome"]) for claim_id, record in chosen.items()}
        links = {}
        for state, share in (("sufficient", satisfied), ("insufficient", dissatisfied)):
            pole = "positive" if (state == "sufficient") == (reading == "text") else "negative"
            links[state] = {**bounded[pole], "share": share}
        out.append({"reading": reading, "satisfied": satisfied, "dissatisfied": dissatisfied, "statuses": statuses,
                    "records": chosen, "links": links, "untrained": untrained, "n": n, "n_training": n_training,
                    "common_base_assumed": not base["same_base"]})
    return out


def overlaps(survey: data.Survey, settings: Settings | None = None) -> dict[str, dict]:
    """Bounds (:func:`helpers.inference.paired.subset_overlap_bounds`) on how many of the smaller item's
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
        out[pole] = paired.subset_overlap_bounds(int(skills["n"]), (int(skills["count_min"]), int(skills["count_max"])),
                                                int(untrained["n"]), range_b)
    return out
