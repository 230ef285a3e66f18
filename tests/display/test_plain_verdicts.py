"""What the audit page and the landing page show per claim (audit_report.verdict_list, audit_report.main_claims),
over every claim and both languages: the plain label with its icon and colour, the why, and the
derivation one click away in <details>; claims that share a hypothesis shown once; data text escaped.
The overview chart: every headline share, sorted, with the claims beside it."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.audit import verdicts
from helpers.words.claim_table import check_claims
from helpers.core import data, params
from helpers.display import audit_report
from helpers.inference import stats
from helpers.words import labels, plain


@pytest.fixture(scope="module")
def shown(survey):
    """Per language: the settings, the check, the verdict records and the audit page's verdict list."""
    out = {}
    for lang in params.LANGUAGES:
        settings = params.Settings(lang=lang)
        checked = check_claims(survey, settings)
        out[lang] = (settings, checked, verdicts.verdicts(survey, settings),
                     BeautifulSoup(audit_report.verdict_list(survey, checked, settings).data, "html.parser"))
    return out


def _n_caveats(survey, record, settings):
    """Independently of the display: (basis, item, n) for every item of the claim's hypothesis and of its
    second reading's hypothesis whose n is not printed for it (questions.csv n_status 'unknown': assumed;
    n_scenarios.csv basis 'shared_caption')."""
    if not record["hypothesis_id"]:
        return []
    claim = survey.claims.set_index("claim_id").loc[record["claim_id"]]
    table = survey.hypotheses.set_index("hypothesis_id")
    status = dict(zip(survey.questions["question_id"], survey.questions["n_status"]))
    scenarios = survey.n_scenarios[survey.n_scenarios["scenario"] == settings.n_scenario].set_index("question_id")
    out = []
    for hypothesis_id in [record["hypothesis_id"]] + ([claim["alt_hypothesis_id"]] if claim["alt_hypothesis_id"] else []):
        for item in (table.at[hypothesis_id, "question_id"], table.at[hypothesis_id, "other_question_id"]):
            if not item or any(found[1] == item for found in out):
                continue
            n = int(scenarios.at[item, "n"])
            if status[item] == "unknown":
                out.append(("assumed", item, n))
            elif scenarios.at[item, "basis"] == "shared_caption":
                out.append(("shared_caption", item, n))
    return out


def _items(soup):
    return [item for item in soup.find_all("li")]


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_every_claim_is_in_the_verdict_list_once_with_its_label_icon_why_and_derivation(survey, shown, lang):
    settings, checked, records, soup = shown[lang]
    claims = survey.claims.set_index("claim_id", drop=False)
    items = _items(soup)
    first = records[(records["hypothesis_id"] == "") | records["counted"]]
    assert len(items) == len(first)  # each hypothesis once: a claim sharing one is named in its item
    by_claim: dict[str, list] = {}
    for item in items:  # two claims may read alike in English ("1% do not know.") on different items
        by_claim.setdefault(item.find("strong").get_text(), []).append(item)
    rows = checked.set_index("claim_id")
    family = verdicts.holm(verdicts.holm_family(records), settings.alpha)
    lost = {c for ids, ok, decided in zip(family["claim_ids"], family["survives"], family["verdict"])
            if decided and not ok for c in ids}
    assert {"lead_handles_half", "handles_half", "keepup_discouraging"} <= lost  # with the committed data
    seen_caveats: set[str] = set()
    for record in records.to_dict("records"):
        if record["hypothesis_id"] and not record["counted"]:
            owner = next(r for r in records.to_dict("records") if r["counted"] and r["hypothesis_id"]
                         == record["hypothesis_id"])
            (item,) = by_claim[plain.claim_sentence(survey, claims.loc[owner["claim_id"]], lang)]
            assert plain.claim_short(claims.loc[record["claim_id"]], lang) in item.find(class_="why").get_text()
            continue
        row = rows.loc[record["claim_id"]]
        candidates = [item for item in by_claim[plain.claim_sentence(survey, claims.loc[record["claim_id"]], lang)]
                      if row["note"] in item.find("details", class_="derivation").get_text()]
        assert len(candidates) >= 1, record["claim_id"]
        item = candidates[0]
        badge = item.find(class_="verdict")
        assert badge.get_text(" ", strip=True) == f"{plain.verdict_icon(record['outcome'])} " \
                                                  f"{plain.verdict_label(record['outcome'], lang)}"
        assert audit_report.VERDICT_COLOURS[record["outcome"]] in badge["style"]
        survives = record["claim_id"] not in lost
        caveats = _n_caveats(survey, record, settings)
        why = item.find(class_="why").get_text()
        assert " ".join(plain.why_sentences(record, lang, survives_holm=survives, n_caveats=caveats)) in why
        # every verdict on a hypothesis names each item whose n is assumed or from a shared caption, with that n
        for basis, item_id, n in caveats:
            assert plain.text(f"why.n.{basis}", lang, topic=plain.quoted(plain.topic(item_id, lang)), n=n) in why, record["claim_id"]
        seen_caveats.update(basis for basis, *_ in caveats)
        if not survives:  # a supported claim Holm takes away says so in its plain words
            assert plain.text("why.not_holm", lang) in item.find(class_="why").get_text()
        details = item.find("details", class_="derivation")
        assert details.find("summary").get_text() == plain.text("derivation", lang)
        if row["rule"]:
            assert row["rule"] in details.get_text()
    assert seen_caveats == {"assumed", "shared_caption"}  # both kinds occur with the committed data


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_copied_figures_come_last_folded_and_problems_first(shown, lang):
    _, _, records, soup = shown[lang]
    folded = soup.find("details", class_="copied")
    assert len(folded.find_all("li")) == int((records["outcome"] == "transcription").sum())
    order = [item.find(class_="verdict")["class"][1].removeprefix("verdict-") for item in _items(soup)]
    ranks = [audit_report.VERDICT_ORDER.index(outcome) for outcome in order]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_landing_claims_table_is_plain_first_with_the_article_column_filled(survey, lang):
    settings = params.Settings(lang=lang)
    checked = check_claims(survey, settings)
    soup = BeautifulSoup(audit_report.main_claims(survey, checked, settings).data, "html.parser")
    heads = [th.get_text() for th in soup.find_all("th")]
    assert heads == [labels.text("audit.col.claim", lang), labels.text("audit.col.published", lang),
                     labels.text("audit.col.status", lang), plain.text("col.why", lang)]
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    lead = [claim_id for claim_id in checked["claim_id"] if claim_id.startswith("lead_")
            and (not records.at[claim_id, "hypothesis_id"] or records.at[claim_id, "counted"])]
    rows = soup.find("tbody").find_all("tr")
    assert len(rows) == len(lead)
    hypotheses = [records.at[claim_id, "hypothesis_id"] for claim_id in lead if records.at[claim_id, "hypothesis_id"]]
    assert len(hypotheses) == len(set(hypotheses))  # claims with identical numbers are one row
    for row, claim_id in zip(rows, lead):
        cells = row.find_all("td")
        assert cells[1].get_text().strip("\u2018\u2019") == survey.claims.set_index("claim_id").at[claim_id, "phrase_nl"]
        assert cells[2].find(class_="verdict").get_text(" ", strip=True).endswith(
            plain.verdict_label(records.at[claim_id, "outcome"], lang))
        assert cells[3].find("details") is not None


def test_data_text_in_the_plain_layer_is_escaped(survey):
    """A claim's words typed into claims.csv are never markup on the page."""
    claims = survey.claims.copy()
    index = claims.index[claims["claim_id"] == "lead_confidence"][0]
    claims.at[index, "phrase_nl"] = "<script>alert(1)</script>"
    claims.at[index, "claim_en"] = "<b>bold</b> & more"
    hostile = dataclasses.replace(survey, claims=claims)  # views start afresh
    for lang in params.LANGUAGES:
        settings = params.Settings(lang=lang)
        checked = check_claims(hostile, settings)
        for shown_html in (audit_report.main_claims(hostile, checked, settings).data,
                           audit_report.verdict_list(hostile, checked, settings).data):
            soup = BeautifulSoup(shown_html, "html.parser")
            assert soup.find("script") is None and soup.find("b") is None
            assert "<script>alert(1)</script>" in soup.get_text() or "<b>bold</b> & more" in soup.get_text()


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_overview_holds_every_headline_share_sorted_with_the_claims_beside_it(survey, lang):
    settings = params.Settings(lang=lang)
    table = audit_report.overview_table(survey, settings)
    items = survey.questions[~survey.questions["section"].isin(audit_report.OVERVIEW_SECTIONS)]["question_id"]
    assert sorted(table["question_id"]) == sorted(items)
    assert list(table["share"]) == sorted(table["share"], reverse=True)
    records = verdicts.verdicts(survey, settings).set_index("claim_id")
    for row in table.itertuples():
        expected = stats.combined_share(survey, row.question_id, data.headline_options(survey, row.question_id),
                                        settings)
        # the counts' share (issue 19 kind 8: never the plain sum of printed rounded parts), recomputed
        question = stats.question_counts(survey, row.question_id, settings.n_scenario,
                                         rounding=stats.rounding_of(settings))
        count = sum(question.point[question.index(o)] for o in data.headline_options(survey, row.question_id))
        assert row.share == pytest.approx(100 * count / question.n, abs=1e-9)
        assert (row.ci_low, row.ci_high) == pytest.approx((expected["ci_low"], expected["ci_high"]))
        assert row.ci_low <= row.share <= row.ci_high
        assert f"(n = {labels.count(question.n, lang)}" in row.label  # every share with its base
        claims = survey.claims[(survey.claims["question_id"] == row.question_id)
                               & (survey.claims["hypothesis_id"] != "")]
        for claim in claims.itertuples():
            if records.at[claim.claim_id, "counted"]:
                assert f"{plain.verdict_icon(records.at[claim.claim_id, 'outcome'])} \u2018{claim.phrase_nl}\u2019" \
                    in row.claim
    assert not re.search(r"\b(lead|skills|handles)_\w+", " ".join(table["claim"]))
    assert isinstance(table, pd.DataFrame)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_verdict_table_counts_distinct_claims_as_the_summary_does(survey, lang):
    """The newcomer saw 'Holds 9' under a sentence saying 8: the table now gives both, and its distinct
    column equals the audit's own counts (each hypothesis once)."""
    settings = params.Settings(lang=lang)
    html = audit_report.audit_counts(check_claims(survey, settings), settings).data
    counts = verdicts.counts(verdicts.verdicts(survey, settings))
    for outcome in ("supported", "undetermined", "depends_on_reading", "not_verifiable", "transcription"):
        label = f"{plain.verdict_icon(outcome)} {plain.verdict_label(outcome, lang)}"
        row = html.split(label, 1)[1].split("</tr>", 1)[0]
        cells = [cell.split(">", 1)[1] for cell in row.split("</td>")[1:3]]
        assert int(cells[1]) == counts[outcome], (outcome, cells)
