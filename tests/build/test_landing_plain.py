"""The committed pages as a reader meets them: verdicts in plain words first (label, icon, colour),
the derivation one click away, the overview chart whole on a phone, and claims named by their
words, never by id. Over every page, both languages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from helpers.core import data, paths
from helpers.words import plain
from test_site import LANG_SETS, visible_text

pytestmark = pytest.mark.reports


def _page(lang: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((paths.REPORTS_DIR / LANG_SETS[lang] / name).read_text(encoding="utf-8"), "html.parser")


def test_no_page_shows_a_claim_id():
    ids = set(data.load_survey().claims["claim_id"])
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")\b")
    shown = {}
    for page in sorted(paths.REPORTS_DIR.rglob("*.html")):
        found = set(pattern.findall(visible_text(page)))
        if found:
            shown[str(page.relative_to(paths.REPORTS_DIR))] = sorted(found)
    assert shown == {}


@pytest.mark.parametrize("lang", sorted(LANG_SETS))
def test_the_landing_claims_show_a_plain_verdict_with_its_derivation_one_click_away(lang):
    soup = _page(lang, "index.html")
    table = soup.find("table", class_="plain-verdicts")
    assert table is not None
    allowed = {f"{plain.verdict_icon(outcome)} {plain.verdict_label(outcome, lang)}" for outcome in plain.LABELS}
    rows = table.find("tbody").find_all("tr")
    assert len(rows) >= 5
    for row in rows:
        cells = row.find_all("td")
        assert all(cell.get_text(strip=True) for cell in cells[:3])  # claim, the article's words, verdict
        assert cells[2].find(class_="verdict").get_text(" ", strip=True) in allowed
        assert cells[3].find(class_="why").get_text(strip=True)
        details = cells[3].find("details")
        assert details is not None and details.find("dd") is not None
    claims = [row.find("td").get_text() for row in rows]
    assert len(claims) == len(set(claims))


@pytest.mark.parametrize("lang", sorted(LANG_SETS))
def test_the_landing_page_shows_the_overview_chart_with_its_phone_variant(lang):
    figure = _page(lang, "index.html").find("figure", class_="overview")
    assert figure is not None
    image, source = figure.find("img"), figure.find("source")
    assert (paths.REPORTS_DIR / LANG_SETS[lang] / image["src"]).is_file() and image["alt"]
    assert source["srcset"].startswith("data:image/png;base64,") and "max-width" in source["media"]


@pytest.mark.parametrize("lang", sorted(LANG_SETS))
def test_the_audit_page_lists_plain_verdicts_before_the_full_tables(lang):
    soup = _page(lang, "06_audit.html")
    listing = soup.find("ul", class_="verdict-list")
    assert listing is not None
    text = str(soup)
    assert text.index('class="verdict-list"') < text.index('class="report-table wide"', text.index("verdict-list"))
    survey = data.load_survey()
    listed = listing.get_text(" ") + " ".join(box.get_text(" ") for box in soup.find_all("details", class_="copied"))
    for claim in survey.claims.to_dict("records"):
        assert plain.claim_sentence(survey, claim, lang) in listed or plain.claim_short(claim, lang) in listed
