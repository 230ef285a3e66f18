"""What the article's own wording and captions show about who answered what: the anomalies, as records.

Built from ``questions.csv`` (chart wording, captions); :mod:`helpers.words.issues` words them among
the audit's issues.
"""

from __future__ import annotations

import pandas as pd

from ..core import data

# the anomalies found in a chart's Dutch wording: (key, the words that show it, the words quoted)
WORDING_ANOMALIES = (("municipal", "bij de gemeente", "bij de gemeente"),
                     ("employer", "de overheid", "de overheid"),
                     ("hbo", "HBO- en academische opleidingen", "HBO- en academische opleidingen"))


def _chart_with(survey: data.Survey, words: str) -> pd.Series | None:
    """The first charted item whose Dutch wording contains ``words`` (case-insensitive), else None."""
    rows = survey.questions[survey.questions["chart"].notna()]
    match = rows[rows["wording_nl"].str.lower().str.contains(words.lower(), regex=False)]
    return None if match.empty else match.iloc[0]


def anomalies(survey: data.Survey) -> list[tuple[str, dict]]:
    """The anomalies with their evidence, as ``(key, fields)``.

    The training item asks about courses at the municipality (``municipal``); the keep-up chart asks
    about government, not the employer (``employer``); the education chart asks about HBO and academic
    programmes, not hbo alone (``hbo``): each with the chart and its wording. The item n falls to the
    smallest caption while the text keeps writing about "the civil servants" (``attrition``: the
    smallest n, the total, the chart and the share of the total). An anomaly whose evidence is not in
    the data is left out.
    """
    found = []
    for key, words, quote in WORDING_ANOMALIES:
        row = _chart_with(survey, words)
        if row is not None:
            found.append((key, {"quote": quote, "chart": int(row["chart"]), "wording": row["wording_nl"]}))
    captions = survey.questions.dropna(subset=["n"])
    charted = captions[captions["chart"].notna() & (captions["n_status"] != "stated")]
    if not charted.empty:
        smallest = charted.loc[charted["n"].idxmin()]
        total = int(survey.questions.loc[survey.questions["n_status"] == "stated", "n"].max())
        found.append(("attrition", {"smallest": int(smallest["n"]), "total": total, "chart": int(smallest["chart"]),
                                    "share": round(100 * int(smallest["n"]) / total)}))
    return found
