"""Issue 19 kinds 8 and 9 on the committed landing pages (reports/<set>/index.html).

The landing page's key numbers are findings sentences. Property over every set and every claim:
a key number on an item whose claim the audit rates depends_on_reading or undetermined carries
that caveat in its own bullet, and no key number shows a plain sum of printed parts as a share.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from helpers.build.cli import DEFAULT_CONFIG, load_config
from helpers.core import data, params, paths
from helpers.words import findings

pytestmark = pytest.mark.reports

CONFIG = load_config(DEFAULT_CONFIG)


def bullets(set_name: str) -> list[str]:
    path = paths.REPORTS_DIR / set_name / "index.html"
    assert path.is_file(), f"reports/{set_name}/index.html is missing: run `make reports` and commit reports/"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [" ".join(item.get_text(" ").split()) for item in soup.find_all("li")]


@pytest.mark.parametrize("set_name", sorted(CONFIG))
def test_every_key_number_on_the_landing_page_carries_its_caveat(survey, set_name):
    settings = params.validate(**CONFIG[set_name])
    shown = bullets(set_name)
    seen = 0
    for name in findings.SECTIONS:
        for sentence in findings.section(name, survey, settings):
            flat = " ".join(str(sentence).split())
            start = flat.split(" (")[0]
            on_page = [b for b in shown if b.startswith(start)]
            if not on_page or not sentence.shares:
                continue
            seen += 1
            assert flat in on_page, (flat, on_page)  # the whole sentence, caveat included
            for question_id, _ in sentence.shares:
                caveat, ids = findings.caveats(survey, question_id, settings)
                if ids:
                    assert " ".join(caveat.split()) in on_page[0]
                for record in sentence.shares.values():
                    plain = float(data.options(survey, record["question_id"]).set_index("option_id").loc[
                        list(record["options"]), "percent"].sum())
                    if abs(plain - record["share_count"]) > 0.05:
                        assert not on_page[0].startswith(f"{findings.number(plain, settings.lang)}% ")
    assert seen >= 5
    landing = " ".join(shown)
    caveat_word = "Caveat:" if settings.lang == "en" else "Kanttekening:"
    assert landing.count(caveat_word) >= 2  # skills sufficient (depends on reading) and training (undetermined)
