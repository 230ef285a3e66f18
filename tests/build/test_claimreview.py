"""The ClaimReview markup (helpers.build.claimreview): parsed from the committed audit and landing
pages of every set with BeautifulSoup + json (extruct is not in the hash-pinned test lock: it would
bring lxml, rdflib, pyrdfa3, mf2py, w3lib and more; a ``<script type="application/ld+json">`` is
what extruct's JSON-LD extractor reads too), and checked against the verdicts recomputed from
``data/``: every claim row has exactly one ClaimReview, with the claim's words as the row shows
them, the verdict label of :func:`helpers.audit.verdicts.verdicts` in the page's language, the
article named in the page's language and nothing the source does not give (no publisher, date or magazine), the
package as author and the row's anchor as url. A planted claim text holding ``</script>`` stays
inside its script element.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.audit.verdicts import verdicts
from helpers.build import claimreview, site
from helpers.build.cli import DEFAULT_CONFIG, load_config
from helpers.core import data, params, paths
from helpers.words import labels, plain
from helpers.words.audit_text import claim_wording


SETS = list(load_config(DEFAULT_CONFIG))
SURVEY = data.load_survey()


def reviews_of(soup: BeautifulSoup) -> list[dict]:
    """Every ClaimReview of a page's JSON-LD scripts (a script holds one object or a list)."""
    found = []
    for script in soup.find_all("script", type="application/ld+json"):
        value = json.loads(script.string)
        found += value if isinstance(value, list) else [value]
    return [item for item in found if item.get("@type") == "ClaimReview"]


def settings_of(set_name: str) -> params.Settings:
    """The settings the set's audit ran with, read from its executed notebook."""
    notebook = site.load_notebook(paths.REPORTS_DIR / set_name / "06_audit.ipynb")
    given = site.notebook_parameters(notebook)
    return params.validate(**{name: value for name, value in given.items() if name in params.DEFAULTS})


def claims_table() -> pd.DataFrame:
    return pd.read_csv(paths.data_dir() / "claims.csv", dtype=str, keep_default_na=False).set_index("claim_id")


PAGES = [(set_name, page, prefix) for set_name in SETS
         for page, prefix in (("06_audit.html", claimreview.AUDIT_PREFIX), ("index.html", claimreview.MAIN_PREFIX))]


@pytest.mark.parametrize("set_name,page,prefix", PAGES, ids=lambda value: str(value))
def test_every_claim_row_has_exactly_one_claim_review(set_name, page, prefix):
    path = paths.REPORTS_DIR / set_name / page
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    lang = soup.html["lang"]
    settings = settings_of(set_name)
    outcomes = dict(zip(*verdicts(SURVEY, settings)[["claim_id", "outcome"]].T.values))
    claims = claims_table()
    rows = soup.select(f'tr[id^="{prefix}"]')
    reviews = reviews_of(soup)
    expected = list(outcomes) if prefix == claimreview.AUDIT_PREFIX else [c for c in outcomes if c.startswith("lead_")]
    assert sorted(row["id"].removeprefix(prefix) for row in rows) == sorted(expected), path
    by_url = {}
    for review in reviews:
        by_url.setdefault(review["url"], []).append(review)
    reviewed = [row for row in rows if row["data-outcome"] not in claimreview.NOT_REVIEWED]
    assert sorted(by_url) == sorted(f"{page}#{row['id']}" for row in reviewed)
    if prefix == claimreview.AUDIT_PREFIX:  # the copied figures stay on the page, without a ClaimReview
        copied = [c for c, outcome in outcomes.items() if outcome == "transcription"]
        assert copied and len(reviewed) == len(rows) - len(copied)
    for row in reviewed:
        claim_id = row["id"].removeprefix(prefix)
        [review] = by_url[f"{page}#{row['id']}"]  # exactly one per row
        shown = " ".join(row.find("td").get_text().split())
        words = (claim_wording(claims.loc[claim_id], lang, quoted=True) if prefix == claimreview.AUDIT_PREFIX
                 else plain.claim_sentence(SURVEY, claims.loc[claim_id], lang))  # the landing: plain sentences
        assert review["claimReviewed"] == shown == words
        assert review["reviewRating"]["@type"] == "Rating"
        assert review["reviewRating"]["alternateName"] == plain.verdict_label(outcomes[claim_id], lang)
        assert row["data-outcome"] == outcomes[claim_id]
        assert review["author"] == {"@type": "Organization", "name": "digivaardig"}
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim"
        appearance = claim["appearance"]
        assert appearance["@type"] == "CreativeWork"
        source = json.loads((paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))["sources"][0]
        assert appearance["name"] == (source["title"] if lang == "en" else labels.text("site.article_name", "nl"))
        assert "publisher" not in appearance  # the source text names the survey's makers, not a publisher
        text = json.dumps(review)
        for invented in ("datePublished", "dateCreated", "isPartOf", "Periodical"):
            assert invented not in text  # the source text gives no date and no magazine


def test_claim_reviews_only_where_claims_are():
    for set_name in SETS:
        for page in sorted((paths.REPORTS_DIR / set_name).glob("0*.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            assert bool(reviews_of(soup)) == (page.name == "06_audit.html"), page


PLANTED = 'Ambtenaren </script><script>alert("x")</script><!-- & ]]> zijn "zeker"'


def planted_page(text: str) -> str:
    return ('<!DOCTYPE html><html lang="nl"><body><table><tbody>'
            f'<tr id="claim-planted" data-outcome="contradicted"><td>{html.escape(text)}</td><td>1</td></tr>'
            "</tbody></table></body></html>")


def test_a_planted_script_end_stays_inside_the_json(tmp_path: Path):
    page = claimreview.add_claim_reviews(planted_page(PLANTED), claimreview.AUDIT_PREFIX, "06_audit.html", "nl")
    soup = BeautifulSoup(page, "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1 and scripts[0]["type"] == "application/ld+json"
    [review] = reviews_of(soup)
    assert review["claimReviewed"] == PLANTED
    assert review["reviewRating"]["alternateName"] == plain.verdict_label("contradicted", "nl")
    assert review["url"] == "06_audit.html#claim-planted"
    body = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body


def test_a_page_without_claim_rows_is_unchanged():
    page = "<html><body><table><tr id='other'><td>x</td></tr></table></body></html>"
    assert claimreview.add_claim_reviews(page, claimreview.AUDIT_PREFIX, "x.html", "en") == page
