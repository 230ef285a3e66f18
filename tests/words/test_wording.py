"""Readers' wording, as properties over every finding, table and rendered page (not only the
examples a new-user trial found):

1. every sentence that states a share or interval of an item whose n the article does not print
   says so, with the n assumed, in the sentence's language;
2. a question's headline share has one definition (:func:`helpers.core.data.headline_options`)
   wherever a report names it, or the place names the options it sums;
3. no hedged plural ("bewering(en)", "claim(s)"), no hyphen-minus as a minus sign, no "n / 1" at
   design effect 1 and no interval method in lower case ("(wilson)") on any rendered page.
"""

from __future__ import annotations

import itertools
import re

import pytest

from helpers.core import data, params, paths
from helpers.display import robustness
from helpers.words import robustness_text
from helpers.inference import comparisons, precision, stats
from helpers.sensitivity import multiverse
from helpers.words import audit_text, findings, findings_text, labels, tables
from helpers.words.claim_table import check_claims
from helpers.audit.rounding import headline_intervals
from helpers.core.params import Settings

from test_readers import MAKE_REPORTS, page_language, pages, seen

SETTINGS = [Settings(lang=lang, dont_know=dont_know, n_scenario=scenario)
            for lang, dont_know, scenario in itertools.product(params.LANGUAGES, params.DONT_KNOW,
                                                               ("layout", "attrition", "smallest"))]


def _assumed(survey: data.Survey) -> set[str]:
    return set(survey.questions.loc[survey.questions["n_status"] == "unknown", "question_id"])


def checked_other(survey: data.Survey, claim) -> str:
    """The other question a claim compares with (``claims.csv`` ``other_question_id``), or empty text."""
    other = survey.claims.set_index("claim_id").at[claim["claim_id"], "other_question_id"]
    return str(other or "")


def _all_sentences(survey: data.Survey, settings: Settings) -> list[findings.Sentence]:
    return [sentence for name in findings.SECTIONS for sentence in findings.section(name, survey, settings)]


# ---------------------------------------------------------------- 1. a number with its base

@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: f"{s.lang}-{s.dont_know}-{s.n_scenario}")
def test_every_share_of_an_item_with_an_assumed_n_names_that_n(survey, settings):
    """Each finding that states a share (a "%") of an item without a printed n carries, in its own
    language, "n = <the n used> assumed, not printed in the article"; an item with a printed n never
    does (the phrase is not boilerplate)."""
    assumed = _assumed(survey)
    assert assumed, "data/ has no item without a printed n: this test would check nothing"
    seen_assumed = set()
    for sentence in _all_sentences(survey, settings):
        assert isinstance(sentence, findings.Sentence) and sentence.questions, sentence
        if "%" not in sentence:
            continue
        for question_id in sentence.questions:
            phrase = findings.n_assumed(survey, question_id, settings)
            if question_id in assumed:
                n = data.n_for(survey, question_id, settings.n_scenario)
                assert phrase is not None and f"n = {n}" in phrase
                assert phrase in sentence, (question_id, sentence)
                seen_assumed.add(question_id)
            else:
                assert phrase is None
    other = "nl" if settings.lang == "en" else "en"
    for sentence in _all_sentences(survey, settings):
        assert findings.sentence("n.assumed", other, n=280) not in sentence, sentence  # the sentence's language
    assert seen_assumed == assumed & {q for s in _all_sentences(survey, settings) for q in s.questions}


def test_the_example_of_the_trial_now_names_its_n(survey):
    """"More ICT specialists" and "at the expense of subject courses": interval and assumed n together."""
    n = data.n_for(survey, "more_ict_specialists")
    assert n == data.n_for(survey, "education_at_expense")
    for lang, words in (("en", f"; n = {n} assumed, not printed in the article; "),
                        ("nl", f"; n = {n} aangenomen, niet gedrukt in het artikel; ")):
        text = " ".join(findings.trust(survey, Settings(lang=lang)) + findings.education(survey, Settings(lang=lang)))
        assert text.count(words) == 2, text


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_every_audit_note_with_an_assumed_n_says_it_is_assumed(survey, lang):
    """The audit's notes (and so the landing page's claims table) name the n of an item without a
    printed n, the first time they print it, as "n = 280 (assumed, not printed in the article)"
    (later mentions, such as an "assumed common base of n = 280", follow it); never for a claim that
    involves no such item."""
    assumed = _assumed(survey)
    marker = audit_text.text("n.assumed", lang)
    markers = (marker, ", " + marker.strip()[1:-1])  # on its own, or inside the parentheses of "(n = 280, ...)"
    checked = check_claims(survey, Settings(lang=lang))
    noted = 0
    for _, claim in checked.iterrows():
        first = re.search(rf"n = {claim['n']}(?!\d)", str(claim["note"]))
        if claim["question_id"] in assumed and first:
            assert str(claim["note"])[first.end():].startswith(markers), (claim["claim_id"], claim["note"])
            noted += 1
        elif claim["question_id"] not in assumed:
            # on an item with a printed n the marker only follows another item's n (a comparison's partner)
            others = [q for q in (claim["question_id"], *str(checked_other(survey, claim)).split()) if q in assumed]
            if not others:
                assert not any(m in str(claim["note"]) for m in markers), (claim["claim_id"], claim["note"])
    assert noted >= 3  # not vacuous: the AVG, privacy and expense claims state their rounding range


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_every_n_in_the_precision_tables_says_whether_it_is_assumed(survey, lang):
    """The precision table's n and compared-with columns, and the precision sentences, mark the n of
    an item without a printed n as assumed, and only those; an n from a caption the chart shares with
    another (475, 517: issue 19 kind 9) is marked as such, not shown like a printed one."""
    settings = Settings(lang=lang)
    assumed = _assumed(survey)
    short = audit_text.text("n.assumed_short", lang)

    def marker(question_id: str, short_form: bool = False) -> str:
        return audit_text.n_assumed(survey, question_id, lang, short=short_form, scenario=settings.n_scenario)

    shared = {q for q in survey.questions["question_id"] if data.n_basis(survey, q) == "shared_caption"}
    assert shared == {"handles_differently", "prepared_digital"}
    assert all(marker(q) == audit_text.text("n.shared_caption", lang) for q in shared)
    shown = robustness.precision_table(survey, None, settings)
    wordings = {audit_text.question_wording(survey, q, lang): q for q in survey.questions["question_id"]}
    for wording, cell in shown[robustness_text.text("col.n", lang)].items():
        assert cell.endswith(short) == (wordings[wording] in assumed), (wording, cell)
        assert cell.endswith(marker(wordings[wording], True)), (wording, cell)
    for cell in shown[robustness_text.text("col.versus", lang)]:
        question = next(w for w in sorted(wordings, key=len, reverse=True) if cell.startswith(w))
        inside = audit_text.n_assumed(survey, wordings[question], lang, short=True, scenario=settings.n_scenario,
                                      inside=True)  # "(n = 280, assumed)": no second pair inside the first
        assert cell.endswith(f"{inside})"), cell
        assert cell.endswith(f", {short.strip()[1:-1]})") == (wordings[question] in assumed), cell
    compared = comparisons.claim_comparisons(survey, settings, None)
    assert not compared.empty
    text = robustness.precision_findings(survey, None, settings)
    for _, row in compared.iterrows():
        for side in ("a", "b"):
            inside = audit_text.n_assumed(survey, row[f"question_{side}"], lang, scenario=settings.n_scenario,
                                          inside=True)
            named = f"%, n = {row[f'n_{side}']}{inside})"
            assert named in text, (row["claim_id"], side)


# ---------------------------------------------------------------- 2. one headline per question

def test_the_headline_is_the_positive_pole_else_the_largest_option(survey):
    for question_id in survey.questions["question_id"]:
        options = data.options(survey, question_id)
        positive = list(options.loc[options["pole"] == "positive", "option_id"])
        expected = positive or [options.sort_values("percent", ascending=False, kind="stable")["option_id"].iloc[0]]
        assert data.headline_options(survey, question_id) == expected, question_id
    assert data.headline_options(survey, "employer_increased_knowledge") == ["much", "sufficiently"]


def test_every_table_of_headlines_uses_the_one_definition(survey):
    """Precision table, design-effect table, the audit's headline intervals and the multiverse: the
    same options per question as :func:`helpers.core.data.headline_options`, the same share."""
    settings = Settings()
    table = precision.precision_table(survey, list(survey.questions["question_id"]), settings)
    deff = precision.deff_widening(survey, settings).drop_duplicates("question_id").set_index("question_id")
    audited = headline_intervals(survey, settings).drop_duplicates("question_id").set_index("question_id")
    for _, row in table.iterrows():
        question_id = row["question_id"]
        headline = data.headline_options(survey, question_id)
        share = float(stats.combined_share(survey, question_id, headline, settings)["share_count"])  # kind 8
        assert row["headline"] == " + ".join(headline), question_id
        assert row["headline_share"] == pytest.approx(share), question_id
        if question_id in deff.index:
            assert deff.at[question_id, "share"] == pytest.approx(share), question_id
        if question_id in audited.index:
            assert audited.at[question_id, "headline"] == " + ".join(headline), question_id
    found = multiverse.headline_statements(survey, multiverse.base_counts(survey))
    for _, row in found.iterrows():
        assert row["options"].split(";") == data.headline_options(survey, row["question_id"]), row["question_id"]


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_every_headline_cell_names_the_options_it_sums(survey, lang):
    """Where a table shows a headline share, the cell names the answers it adds up, so a reader sees
    why it differs from a finding that states another share of the same question."""
    settings = Settings(lang=lang)
    shown = robustness.precision_table(survey, None, settings)
    deff = robustness.deff_table(survey, settings)
    for frame in (shown, deff):
        column = robustness_text.text("col.headline" if frame is shown else "col.share", lang)
        for wording, cell in frame[column].items():
            question_id = next(q for q in survey.questions["question_id"]
                               if audit_text.question_wording(survey, q, lang) == wording)
            labels_of = data.options(survey, question_id).set_index("option_id")[f"option_{lang}"]
            headline = data.headline_options(survey, question_id)
            share = stats.combined_share(survey, question_id, headline, settings)["share_count"]  # kind 8
            assert cell == f"{labels.number(share, lang, 1)} ({' + '.join(labels_of[o] for o in headline)})", cell


# the findings that state another share than the headline, and whose sentence names it in words
NAMED_IN_WORDS = {"ict_work": ("fully", "partly"), "training_courses": ("no",)}


@pytest.mark.parametrize("settings", SETTINGS[:2], ids=lambda s: s.lang)
def test_every_finding_states_the_headline_or_a_share_it_names(survey, settings):
    for sentence in _all_sentences(survey, settings):
        for question_id, options in sentence.options.items():
            if list(options) != data.headline_options(survey, question_id):
                assert NAMED_IN_WORDS.get(question_id) == options, (question_id, options, sentence)


# ---------------------------------------------------------------- 3. Dutch (and English) slips

HEDGED = re.compile(r"[^\W\d_]\((?:s|en|e|n)\)|\b(\w+)/\1(?:en|s)\b|\bvraag/vragen\b")
HYPHEN_MINUS = re.compile(r"(?<![\w\-\u2013\u2212/.])-\d")
N_OVER_ONE = re.compile(r"n\s*/\s*1(?![\d.,])")
LOWER_METHOD = re.compile(r"\b(?:wilson|jeffreys|agresti|coull|clopper|pearson|wald|binom_test|agresti_coull)\b")
UNGROUPED = re.compile(r"(?<![\w.,/#\-\u2212])\d{5,}(?![\w])")  # 16800 instead of 16.800 / 16,800


def test_the_slip_finders_find_each_kind():
    assert HEDGED.search("Klopt: 3 bewering(en)") and HEDGED.search("2 claim(s)")
    assert HEDGED.search("1 vraag/vragen") and HEDGED.search("punt/punten") and not HEDGED.search("ja/nee")
    assert HYPHEN_MINUS.search("positief min negatief -11 procentpunten (95%-BI -18,6 tot -3,4")
    assert not HYPHEN_MINUS.search("95%-BI 78–84%; ict (-beleid); −11; 2019-2020")
    assert N_OVER_ONE.search("steekproefomvang n / 1 (design-effect)") and not N_OVER_ONE.search("n / 1,5")
    assert LOWER_METHOD.search("betrouwbaarheidsinterval (wilson) over") and not LOWER_METHOD.search("(Wilson)")
    assert UNGROUPED.search("dus 16800 van 16800 toewijzingen") and not UNGROUPED.search("16.800 van 16,800; n = 577")


def test_counts_group_thousands_as_each_language_writes_them():
    assert (labels.count(16800, "nl"), labels.count(16800, "en"), labels.count(577, "nl")) == ("16.800", "16,800", "577")
    assert labels.count(1234567, "nl") == "1.234.567" and labels.count(-2500, "en") == "\u22122,500"


def test_plurals_follow_the_count():
    assert labels.text("audit.group", "nl", status="klopt", count=1) == "klopt: 1 bewering"
    assert labels.text("audit.group", "nl", status="klopt", count=2) == "klopt: 2 beweringen"
    assert labels.text("audit.group", "en", status="holds", count=1) == "holds: 1 claim"
    assert audit_text.text("issue.not_verifiable", "nl", count=1, claims="x").startswith("1 bewering is niet")
    assert audit_text.text("issue.not_verifiable", "nl", count=3, claims="x").startswith("3 beweringen zijn niet")
    assert f"{labels.Count(5):03d}" == "005"


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_no_template_hedges_a_plural(lang):
    """Every wording registry, filled with 1 and with 2 for every whole-number field, reads without "(s)"/"(en)"."""
    import inspect

    registries = [labels.TEXTS, findings_text.TEMPLATES, audit_text.TEMPLATES, robustness_text.TEMPLATES]
    for registry in registries:
        for key in registry:
            for count in (1, 2):
                fields = {name: count for name in labels.fields_of(key, registry)}
                assert not HEDGED.search(labels.render(registry, key, lang, **fields)), (key, registry[key][lang])
    assert inspect.isclass(labels.Count)


def test_negative_numbers_carry_the_minus_sign():
    assert labels.number(-11.04, "nl") == "\u221211,0"
    assert labels.number(-11.04, "en", trim=True) == "\u221211"
    assert labels.number(-0.01, "nl", decimals=0) == "0"  # no "−0"
    assert labels.short(-1.5, "nl") == "\u22121,5"


def test_the_sample_size_at_design_effect_one_is_just_n(survey):
    for lang in params.LANGUAGES:
        plain = robustness.precision_findings(survey, "trust", Settings(lang=lang))
        assert not N_OVER_ONE.search(plain) and "n / " not in plain.splitlines()[0], plain
        inflated = robustness.precision_findings(survey, "trust", Settings(lang=lang, deff=1.5))
        assert labels.short(1.5, lang) in inflated.splitlines()[0] and "n / " in inflated.splitlines()[0]


def test_every_interval_method_has_its_proper_name_in_the_legend(survey):
    for lang, method in itertools.product(params.LANGUAGES, params.CI_METHODS):
        table = stats.share_table(survey, "prepared_digital", Settings(lang=lang, ci_method=method))
        legend = tables.compact_legend(table, lang, 0.95, method, "prepared_digital")
        assert f"({labels.method(method, lang)})" in legend and not LOWER_METHOD.search(legend), legend


def _slips(pattern: re.Pattern, langs=params.LANGUAGES) -> dict[str, list[str]]:
    problems = {}
    for page in pages():
        if page_language(page) not in langs:
            continue
        found = [match.group(0) for match in pattern.finditer(seen(page))]
        if found:
            problems[str(page.relative_to(paths.REPORTS_DIR))] = sorted(set(found))[:10]
    return problems


@pytest.mark.reports
@pytest.mark.parametrize("name", ["hedged plural", "hyphen-minus", "n / 1", "method in lower case",
                                  "ungrouped thousands"])
def test_no_rendered_page_has_the_slip(name):
    pattern = {"hedged plural": HEDGED, "hyphen-minus": HYPHEN_MINUS, "n / 1": N_OVER_ONE,
               "method in lower case": LOWER_METHOD, "ungrouped thousands": UNGROUPED}[name]
    assert _slips(pattern) == {}, f"{name} on reader pages ({MAKE_REPORTS} after fixing)"


@pytest.mark.reports
def test_rendered_pages_show_negative_numbers_with_the_minus_sign():
    """Not vacuous: the reports do show negative numbers (differences, balances), with U+2212."""
    assert _slips(re.compile("\u2212\\d+")), MAKE_REPORTS
