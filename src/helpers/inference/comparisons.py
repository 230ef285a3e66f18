"""The article's comparisons of two items (claims ``comparison``/``frechet``), each judged by its own test:
paired for the same respondents, independent otherwise, over every compatible count
(:func:`helpers.inference.precision.difference_over_counts`).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..core import data
from ..core.params import Settings
from . import precision, stats


def claim_comparisons(survey: data.Survey, settings: Settings, section: str | None = None) -> pd.DataFrame:
    """The article's comparisons of two items (claims ``comparison``/``frechet``), each judged by its own test.

    One row per claim: both shares (percent, from the point counts of
    :func:`helpers.inference.stats.combined_share` under ``settings`` with don't-know kept), their
    n, the difference (points) with :func:`helpers.inference.precision.unpaired_difference` at the point counts
    (``low``/``high``/``p``), the lowest lower and highest upper bound over the compatible counts
    (``low_range``/``high_range``, at the ends of each share's count range) and ``verdict``
    (:func:`difference_verdict`). ``mdd`` (independent samples, at share a) is a planning figure
    only. The two items' overlap is not published, so the difference's standard error holds whatever
    it is (the audit's bound).
    """
    keep = replace(settings, dont_know="keep")
    claims = survey.claims[survey.claims["method"].isin(["comparison", "frechet"])]
    if section is not None:
        claims = claims[claims["section"] == section]
    rows = []
    for _, claim in claims.iterrows():
        a_options = [o for o in claim["options"].split(";") if o]
        b_options = [o for o in claim["other_options"].split(";") if o]
        a = stats.combined_share(survey, claim["question_id"], a_options, keep)
        b = stats.combined_share(survey, claim["other_question_id"], b_options, keep)
        n_a, n_b = int(a["n"]), int(b["n"])
        point = precision.unpaired_difference(int(a["count"]), n_a, int(b["count"]), n_b, settings)
        ends = [precision.unpaired_difference(ca, n_a, cb, n_b, settings)
                for ca in (int(a["count_min"]), int(a["count_max"])) for cb in (int(b["count_min"]), int(b["count_max"]))]
        share_a, share_b = 100.0 * int(a["count"]) / n_a, 100.0 * int(b["count"]) / n_b
        rows.append({"claim_id": claim["claim_id"], "question_a": claim["question_id"],
                     "question_b": claim["other_question_id"], "share_a": share_a, "share_b": share_b,
                     "n_a": n_a, "n_b": n_b, "difference": point["difference"], "low": point["low"],
                     "high": point["high"], "p": point["p"],
                     "low_range": min(t["low"] for t in ends + [point]),
                     "high_range": max(t["high"] for t in ends + [point]),
                     "verdict": precision.difference_verdict([t["low"] for t in ends + [point]], [t["high"] for t in ends + [point]]),
                     "mdd": precision.mdd_independent(share_a, n_a, n_b, settings)})
    return pd.DataFrame(rows, columns=["claim_id", "question_a", "question_b", "share_a", "share_b", "n_a", "n_b",
                                       "difference", "low", "high", "p", "low_range", "high_range", "verdict", "mdd"])
