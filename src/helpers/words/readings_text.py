"""The wording puzzle in the report's language: both readings of the skills chart
(:func:`helpers.audit.readings.reading_facts`) as a statement and its implications for the claims built on it."""

from __future__ import annotations

import pandas as pd

from ..audit.readings import TRAINING_LINK, WORDING_QUESTION, reading_facts
from ..core import data
from ..core.params import Settings
from . import verdict_text
from .audit_text import _numbers, text
from .claim_notes import bases_text


def wording_readings(survey: data.Survey, settings: Settings | None = None) -> pd.DataFrame:
    """Both readings of the skills chart and what each implies for the claims built on it, in ``settings.lang``.

    One row per reading (index ``reading``): the ``statement`` of the reading, the ``satisfied`` and
    ``dissatisfied`` shares, each confidence claim's outcome under the reading (``status_<claim_id>``),
    the bounds of the satisfied and the dissatisfied among those who took no courses, whether they
    assume a common base, and the ``implications`` as one clause list: the confidence claims'
    hypotheses with their outcome, the overlaps with what is known about the two items' bases.
    """
    settings = settings or Settings()
    lang = settings.lang
    bases = bases_text(survey, WORDING_QUESTION, TRAINING_LINK[0], settings.n_scenario, lang)
    phrases = survey.claims.set_index("claim_id")["phrase_nl"]
    rows = []
    for facts in reading_facts(survey, settings):
        implications = [text("implication.confidence", lang, phrase=phrases[claim_id],
                             rule=verdict_text.hypothesis_text(record, lang),
                             status=text(f"status.{facts['statuses'][claim_id]}", lang))
                        for claim_id, record in facts["records"].items()]
        n, n_training = facts["n"], facts["n_training"]
        for state, found in facts["links"].items():
            low, high = found["both_pct"]
            group_low, group_high = found["range_a"]
            key = "implication.training" if n == n_training else "implication.training_subset"
            implications.append(text(key, lang, state=text(f"state.{state}", lang), n=found["n"],
                                     n_full=max(n, n_training), bases=bases, group_low=group_low,
                                     group_high=group_high,
                                     **_numbers(lang, low=low, high=high, a=found["share"], b=facts["untrained"],
                                                group_low_pct=100.0 * group_low / found["n"],
                                                group_high_pct=100.0 * group_high / found["n"])))
        links = facts["links"]
        rows.append({
            "reading": facts["reading"], "statement": text(f"reading.{facts['reading']}", lang),
            "satisfied": facts["satisfied"], "dissatisfied": facts["dissatisfied"],
            **{f"status_{claim_id}": status for claim_id, status in facts["statuses"].items()},
            "satisfied_untrained_low": links["sufficient"]["both_pct"][0],
            "satisfied_untrained_high": links["sufficient"]["both_pct"][1],
            "dissatisfied_untrained_low": links["insufficient"]["both_pct"][0],
            "dissatisfied_untrained_high": links["insufficient"]["both_pct"][1],
            "common_base_assumed": facts["common_base_assumed"],
            "implications": "; ".join(implications),
        })
    return pd.DataFrame(rows).set_index("reading")
