"""The plain layer of every verdict (helpers.words.plain), over every claim and both languages:
the mapped label and its icon, short sentences why without formula, range or n, claims named by
their words, never by id."""

from __future__ import annotations

import re
import statistics

import pytest

from helpers.audit import verdicts
from helpers.core import data, params
from helpers.words import plain, tipping_text, verdict_text

MAX_AVERAGE_WORDS = 20  # average words per sentence of the plain layer, per language
MAX_WORDS = 30          # the longest sentence
EXPECTED = {  # the plain label of each outcome code, as issue 20 asks for it
    "supported": {"nl": "Klopt", "en": "Holds"},
    "contradicted": {"nl": "Klopt niet", "en": "Does not hold"},
    "undetermined": {"nl": "Niet vast te stellen", "en": "Cannot tell"},
    "depends_on_reading": {"nl": "Hangt af van de lezing", "en": "Depends on the reading"},
    "not_verifiable": {"nl": "Niet te controleren", "en": "Cannot be checked"},
    "transcription": {"nl": "Overgenomen cijfer", "en": "Copied figure"},
}
# what the derivation says and the plain layer must not: ranges, formulas, n, p, interval jargon
DERIVATION = re.compile(r"\d\s*[\u2013-]\s*\d|\bn\s*=|\bp\s*[=<]|[\u2265\u2264\u00b1\u2192=<>]|\binterval\b|"
                        r"\bTOST\b|\bhypothes", re.IGNORECASE)


@pytest.fixture(scope="module")
def records(survey):
    return {lang: verdicts.verdicts(survey, params.Settings(lang=lang)) for lang in params.LANGUAGES}


def test_every_outcome_has_its_plain_label_and_a_distinct_icon():
    assert set(plain.LABELS) == set(verdicts.OUTCOMES) == set(EXPECTED)
    for outcome in verdicts.OUTCOMES:
        for lang in params.LANGUAGES:
            assert plain.verdict_label(outcome, lang) == EXPECTED[outcome][lang]
    icons = [plain.verdict_icon(outcome) for outcome in verdicts.OUTCOMES]
    assert len(set(icons)) == len(icons) and all(icon.strip() for icon in icons)
    with pytest.raises(KeyError, match="supported"):
        plain.verdict_label("holds", "nl")


def _plain_layer(survey, records, lang):
    """(claim id, claim sentence, why sentences) of every claim."""
    claims = survey.claims.set_index("claim_id", drop=False)
    return [(record["claim_id"], plain.claim_sentence(survey, claims.loc[record["claim_id"]], lang),
             plain.why_sentences(record, lang)) for record in records[lang].to_dict("records")]


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_every_claim_has_short_why_sentences_without_the_derivation(survey, records, lang):
    ids = set(survey.claims["claim_id"])
    for claim_id, sentence, why in _plain_layer(survey, records, lang):
        assert sentence and 1 <= len(why) <= 3, claim_id
        for line in why:
            assert not DERIVATION.search(line), (claim_id, line)
            assert not any(re.search(rf"\b{re.escape(other)}\b", line) for other in ids), (claim_id, line)
        assert not any(re.search(rf"\b{re.escape(other)}\b", sentence) for other in ids), (claim_id, sentence)


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_plain_layer_keeps_its_sentences_short(survey, records, lang):
    """Measured over every claim's why sentences (each counted once per distinct sentence would hide
    nothing: the repeated ones are short too): average and longest sentence in words."""
    counts = [plain.word_count(sentence) for _, _, why in _plain_layer(survey, records, lang)
              for line in why for sentence in plain.sentences(line)]
    assert statistics.mean(counts) <= MAX_AVERAGE_WORDS, statistics.mean(counts)
    assert max(counts) <= MAX_WORDS, max(counts)


def test_sentences_and_words_are_counted_as_a_reader_would():
    assert plain.sentences("De cijfers bevestigen dit: ongeveer 50%. Ook met het toeval meegerekend.") == [
        "De cijfers bevestigen dit: ongeveer 50%.", "Ook met het toeval meegerekend."]
    assert plain.word_count("Read as the text, it holds (about 81%).") == 8


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_a_claim_with_two_readings_says_what_each_reading_gives(survey, records, lang):
    for record in records[lang].to_dict("records"):
        if record["outcome"] != "depends_on_reading":
            continue
        why = plain.why_sentences(record, lang)
        assert len(why) == len(record["readings"]) == 2
        outcomes = [reading[1] for reading in record["readings"]]
        for line, outcome in zip(why, outcomes):
            verb = plain.text(f"reads.{outcome}", lang, reading="", fig="").strip(" ,().")
            assert verb in line, (line, verb)


def test_dutch_claims_are_named_by_the_article_words_and_the_item(survey):
    """A Dutch claim is a full sentence: the article's key words quoted, then what they are about
    (the item's wording, quoted); nothing else of the article's prose."""
    for claim in survey.claims.to_dict("records"):
        sentence = plain.claim_sentence(survey, claim, "nl")
        assert sentence.startswith("Het artikel zegt \u2018" + claim["phrase_nl"]) and sentence.endswith("."), sentence
        if claim["question_id"]:
            assert data.question(survey, claim["question_id"])["wording_nl"] in sentence
        assert plain.claim_sentence(survey, claim, "en") == claim["claim_en"]


READING_NAMES = ("as_printed", "title_polarity", "per_option", "other_hypothesis", "both_poles")


def test_every_reading_the_audit_can_make_has_words_in_every_catalogue(survey):
    """Each reading name verdicts.reading_options can return (the claim's own and every alt_reading of
    the data package's enum) is worded in the plain layer, the audit's notes and the tipping table, in
    both languages: no raw id reaches a page."""
    allowed = set(data.ALT_READINGS) | {"as_printed"}
    assert allowed == set(READING_NAMES)
    for lang in ("nl", "en"):
        for name in READING_NAMES:
            assert plain.text(f"reading.{name}", lang) and verdict_text.text(f"reading.{name}", lang)
            if name != "as_printed":
                assert tipping_text.READINGS[name][lang]
