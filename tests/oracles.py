"""Independent oracles the tests share: brute force over the count vectors the printed figures allow.

Imported by basename (``tests`` is on pytest's pythonpath). Each oracle reads ``data/`` only through the
loaded survey's tables and recomputes by enumeration, not through the module under test.
"""

from __future__ import annotations

import itertools

from helpers.core import data, params
from helpers.inference import counts, stats


def published(survey: data.Survey, question_id: str):
    """The question's published rows straight from the data."""
    return data.options(survey, question_id)


def model_vectors(survey: data.Survey, question_id: str, n: int, rounding: str = "both"):
    """Brute force over the data's reading of each figure: every count vector (remainder last when the
    options are incomplete) whose numeral figures round to the printed ones under ``rounding`` (either
    rule for "both"; a merged figure within +/- 1 point), a figure in words taking what the others leave."""
    rows = published(survey, question_id)
    numeral = [(p, 2 if form == "merged" else 1) for p, form in zip(rows["percent"], rows["form"]) if form != "words"]
    words = [i for i, form in enumerate(rows["form"]) if form == "words"]

    def fits(count, percent, parts):
        share = 100 * count / n
        if parts > 1:
            return percent - parts / 2 <= share <= percent + parts / 2
        rules = ("half_up", "half_even") if rounding == "both" else (rounding,)
        return any(counts.rounded_percent(count, n, rule) == percent for rule in rules)

    choices = [[c for c in range(max(0, int((p - m) * n / 100) - 1), min(n, int((p + m) * n / 100) + 2) + 1)
                if fits(c, p, m)] for p, m in numeral]
    complete = bool(words) or stats.is_complete([p for p, _ in numeral], [m for _, m in numeral])
    for vector in itertools.product(*choices):
        rest = n - sum(vector)
        if rest < 0 or (complete and not words and rest != 0):
            continue
        values = list(vector)
        for i in words:
            values.insert(i, rest)
        yield tuple(values) + (() if complete else (rest,))


def point(survey: data.Survey, question_id: str, options, scenario: str | None = None) -> tuple[int, int]:
    """(count, n) of ``options`` together at the tables' point counts (checked against an enumeration in
    tests/inference/test_stats.py), under ``scenario`` (the default reading when None)."""
    settings = params.Settings() if scenario is None else params.Settings(n_scenario=scenario)
    table = stats.share_table(survey, question_id, settings).set_index("option")
    options = [options] if isinstance(options, str) else list(options)
    return int(table.loc[options, "count"].sum()), int(table["n"].iloc[0])


def count_range(survey: data.Survey, question_id: str, options, n: int | None = None) -> tuple[int, int]:
    """Smallest and largest count of ``options`` together over every count vector the printed figures
    allow at n (brute force, :func:`model_vectors`)."""
    n = data.n_for(survey, question_id) if n is None else n
    ids = list(published(survey, question_id)["option_id"])
    options = [options] if isinstance(options, str) else list(options)
    sums = [sum(vector[ids.index(o)] for o in options) for vector in model_vectors(survey, question_id, n)]
    return min(sums), max(sums)
