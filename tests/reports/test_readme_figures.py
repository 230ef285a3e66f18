"""The README's "What the re-analysis found" states figures; they must be what the package computes now.

A threshold edited in data/ (or a change to a decision) changes the counts; this test then fails and
names the README's line, so the README cannot drift from the audit.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers.audit import verdicts
from helpers.core import params
from helpers.display import robustness
from helpers.sensitivity import tipping
from helpers.words import plain

README = Path(__file__).resolve().parents[2] / "README.md"


def found() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## What the re-analysis found", 1)[1].split("\n## ", 1)[0]
    return " ".join(section.split())


def test_the_readme_counts_are_the_audits(survey):
    counts = verdicts.counts(verdicts.verdicts(survey, params.Settings()))
    text = found()
    assert f"Of the article's {counts['claims']} checked statements, {counts['transcription']} only repeat" in text
    distinct = counts["claims"] - counts["transcription"] - counts["shared"]
    assert f"The other {counts['claims'] - counts['transcription']} make {distinct} distinct claims" in text
    expected = (f"{counts['supported']} supported, {counts['contradicted']} contradicted, {counts['undetermined']} "
                f"undetermined, {counts['depends_on_reading']} depend on how they are read, "
                f"{counts['not_verifiable']} cannot be checked")
    assert expected in text, (expected, text)


def test_the_readme_holm_and_tipping_figures_are_the_reports(survey):
    settings = params.Settings()
    holm = robustness.holm_numbers(survey, settings)
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    lost = sum(1 for ids, survives in zip(holm["claim_ids"], holm["survives"])
               if not survives and records.at[ids.split(";")[0], "outcome"] == "supported")
    text = found()
    counts = verdicts.counts(verdicts.verdicts(survey, settings))
    words = {1: "One", 2: "Two", 3: "Three", 4: "Four"}
    assert re.search(rf"{words.get(lost, str(lost))} of the {counts['supported']} \(.*\) do not survive Holm's "
                     rf"correction for testing {len(holm)} hypotheses", text), text
    n_flip = tipping.tipping_points(survey).set_index(["item", "choice"]).at[("lead_handles_half", "n"), "flips_at"]
    assert f"supported only at n above {int(n_flip)}" in text


def test_the_readme_glossary_names_every_verdict_as_the_pages_do():
    """Each outcome code, its icon and its label on the pages in both languages sit in one row of the
    README's verdict table, so a reader can map "? Cannot tell" on a page to "undetermined" in a CSV."""
    text = README.read_text(encoding="utf-8")
    table = text.split("| verdict (in `data/` and the CSV tables) |", 1)[1].split("\n\n", 1)[0]
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| ")}
    assert set(rows) == set(plain.LABELS), sorted(rows)
    for code, names in plain.LABELS.items():
        assert f"| {plain.ICONS[code]} {names['en']} / {names['nl']} |" in rows[code], rows[code]
