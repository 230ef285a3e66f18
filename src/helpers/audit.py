"""The claims audit: does each statement in the article hold up against the article's own figures?

Every row of ``claims.csv`` is recomputed from ``results.csv`` and given one of four statuses
(:data:`STATUSES`). The yardstick is the article's own base (all respondents, don't-know
included), because that is the base its percentages use; the notebook's ``dont_know``,
``confidence`` and ``ci_method`` only feed the informational sampling columns (``share``,
``ci_low``, ``ci_high``, ``holds_in_ci``), never the status.

Rounding
    A printed k% stands for a true share somewhere in a small range. For a question with n
    respondents we take the range exactly: the smallest and largest share ``100 * c / n`` over
    all count vectors ``c`` compatible with *all* of the question's printed percentages at once
    (:func:`helpers.counts.compatible_counts`), under either rounding rule (the hull of the
    half-up and half-even ranges: the article does not say how it rounded). n is the one the
    ``n_scenario`` assigns. If no count vector of that n fits (never the case for the committed
    data) the range falls back to the plain "each printed part +/- 0.5" and the note says so.

Statuses
    * ``consistent``: the claim holds exactly (a printed number equals the recomputed one) or,
      for tests and comparisons, for *every* share in the rounding range;
    * ``consistent within rounding``: the printed number differs from the plain recomputation
      but the claim's own rounding interval ``[published - 0.5, published + 0.5]`` meets the
      rounding range of what it recomputes (sums and remainders), or a test/comparison holds
      for *some* shares in the range but not all;
    * ``inconsistent``: the claim fails for every share in the range;
    * ``not verifiable``: aggregate percentages cannot decide it (causal and qualitative
      claims, or a claim lacking what it needs); the note says why.

Options printed in words (``form = words``, e.g. "de helft") are not used as their own evidence:
their share is recomputed as what the numeral options leave over, so "half" is tested against
``100 - 40 - 10`` and not against itself. Every count the audit computes follows this one rule
(:func:`_printed_shares`); for completeness the words option counts as printed.

All user-facing text (notes, findings, rule descriptions) comes from :data:`TEMPLATES` in Dutch
or English; the column names are English identifiers (the notebook relabels them).
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Iterable, Sequence

import pandas as pd

from . import counts, data, labels, stats
from .markup import escape_markdown
from .params import Settings

STATUSES = ("consistent", "consistent within rounding", "inconsistent", "not verifiable")
PRINTED_N = (577, 517, 475, 391, 280)  # the five (n=...) captions, in the order printed
MINUS = "\u2212"
DASH = "\u2013"

CLAIM_COLUMNS = [
    "claim_id", "section", "phrase_nl", "claim_en", "method", "question_id", "options", "n", "rule_id",
    "rule", "published", "value", "range_low", "range_high", "recomputed", "status", "note", "share",
    "ci_low", "ci_high", "holds_in_ci",
]

TEMPLATES: dict[str, dict[str, str]] = {
    # statuses as displayed
    "status.consistent": {"en": "consistent", "nl": "klopt"},
    "status.consistent within rounding": {"en": "consistent within rounding", "nl": "klopt binnen afronding"},
    "status.inconsistent": {"en": "inconsistent", "nl": "klopt niet"},
    "status.not verifiable": {"en": "not verifiable", "nl": "niet te controleren"},
    # readable rule tests
    "test.between": {"en": "{lower}{dash}{upper}%", "nl": "{lower}{dash}{upper}%"},
    "test.more_than": {"en": "> {lower}%", "nl": "> {lower}%"},
    "test.at_least": {"en": "\u2265 {lower}%", "nl": "\u2265 {lower}%"},
    "test.at_most": {"en": "\u2264 {upper}%", "nl": "\u2264 {upper}%"},
    "test.divided": {"en": "both poles \u2265 {lower}%, neither > {upper}%",
                     "nl": "beide polen \u2265 {lower}%, geen van beide > {upper}%"},
    "test.largest_option_at_most": {"en": "largest option \u2264 {upper}%", "nl": "grootste optie \u2264 {upper}%"},
    "test.positive_below_negative": {"en": "positive side \u2264 {upper}% and below the negative side",
                                     "nl": "positieve kant \u2264 {upper}% en kleiner dan de negatieve kant"},
    "rule.sum": {"en": "sum of the parts, each \u00b10.5", "nl": "som van de delen, elk \u00b10,5"},
    "rule.remainder": {"en": "100 {minus} the other options", "nl": "100 {minus} de overige opties"},
    "rule.single": {"en": "the option's printed share", "nl": "het gedrukte percentage van de optie"},
    "rule.comparison": {"en": "share {op} other share for all values within rounding",
                        "nl": "aandeel {op} ander aandeel voor alle waarden binnen de afronding"},
    "rule.frechet": {"en": "share {op} other share; overlap by Fr\u00e9chet bounds",
                     "nl": "aandeel {op} ander aandeel; overlap volgens Fr\u00e9chet-grenzen"},
    "rule.sample_size": {"en": "n of the question", "nl": "n van de vraag"},
    # notes
    "note.range": {"en": "rounding range at n = {n}: {low}{dash}{high}%",
                   "nl": "afrondingsbereik bij n = {n}: {low}{dash}{high}%"},
    "note.fallback": {"en": "no count vector of n = {n} fits the printed shares; each part \u00b10.5 used",
                      "nl": "geen telling van n = {n} past bij de gedrukte percentages; elk deel \u00b10,5 gebruikt"},
    "note.words": {"en": "the share is printed in words; recomputed as 100 {minus} {parts}",
                   "nl": "het aandeel staat er in woorden; herberekend als 100 {minus} {parts}"},
    "note.single_equal": {"en": "equals the option's printed share", "nl": "gelijk aan het gedrukte percentage"},
    "note.single_differs": {"en": "the option's printed share is {value}%, not {published}%",
                            "nl": "het gedrukte percentage van de optie is {value}%, niet {published}%"},
    "note.sum_equal": {"en": "{parts} = {value}", "nl": "{parts} = {value}"},
    "note.sum_within": {"en": "{parts} = {value}, not {published}; {published} is reachable within rounding",
                        "nl": "{parts} = {value}, niet {published}; {published} ligt binnen de afronding"},
    "note.sum_off": {"en": "{parts} = {value}; {published} lies outside the rounding range",
                     "nl": "{parts} = {value}; {published} ligt buiten het afrondingsbereik"},
    "note.remainder_equal": {"en": "100 {minus} {parts} = {value}", "nl": "100 {minus} {parts} = {value}"},
    "note.remainder_within": {"en": "100 {minus} {parts} = {value}, not {published}; the printed parts add up "
                                    "to {total}, a rounding difference",
                              "nl": "100 {minus} {parts} = {value}, niet {published}; de gedrukte delen tellen "
                                    "op tot {total}, een afrondingsverschil"},
    "note.remainder_off": {"en": "100 {minus} {parts} = {value}; {published} lies outside the rounding range",
                           "nl": "100 {minus} {parts} = {value}; {published} ligt buiten het afrondingsbereik"},
    "extent.all": {"en": "the rule holds for the whole range", "nl": "de regel geldt voor het hele bereik"},
    "extent.some": {"en": "the rule holds for part of the range only",
                    "nl": "de regel geldt maar voor een deel van het bereik"},
    "extent.none": {"en": "the rule holds for no value in the range",
                    "nl": "de regel geldt voor geen enkele waarde in het bereik"},
    "note.poles": {"en": "positive {pos}% ({pos_low}{dash}{pos_high}), negative {neg}% ({neg_low}{dash}{neg_high})",
                   "nl": "positief {pos}% ({pos_low}{dash}{pos_high}), negatief {neg}% ({neg_low}{dash}{neg_high})"},
    "note.largest": {"en": "largest substantive option: {option} {value}%",
                     "nl": "grootste inhoudelijke optie: {option} {value}%"},
    "note.each_option": {"en": "each option on its own ({values}%) would meet the rule",
                         "nl": "elke optie afzonderlijk ({values}%) zou aan de regel voldoen"},
    "note.published_differs": {"en": "the claim prints {published}%, the table {value}%",
                               "nl": "de claim noemt {published}%, de tabel {value}%"},
    "note.comparison": {"en": "{a}% ({a_low}{dash}{a_high}) vs {b}% ({b_low}{dash}{b_high})",
                        "nl": "{a}% ({a_low}{dash}{a_high}) tegen {b}% ({b_low}{dash}{b_high})"},
    "note.frechet": {"en": "{a}% vs {b}%; both: {both_low}{dash}{both_high}%, first but not second: "
                           "{only_low}{dash}{only_high}% (Fr\u00e9chet bounds, no cross-table published)",
                     "nl": "{a}% tegen {b}%; allebei: {both_low}{dash}{both_high}%, wel het eerste maar niet het "
                           "tweede: {only_low}{dash}{only_high}% (Fr\u00e9chet-grenzen, geen kruistabel gepubliceerd)"},
    "note.sample_size": {"en": "n of '{question}' is {n} ({status}); its shares fit n = {n} under: {rules}",
                         "nl": "n van '{question}' is {n} ({status}); de percentages passen bij n = {n} onder: {rules}"},
    "note.sample_size_unknown": {"en": "n of '{question}' is not published", "nl": "n van '{question}' is niet gepubliceerd"},
    "note.causal": {"en": "a causal link between two questions cannot be checked from their marginals (no cross-table, "
                          "no design for causal inference)",
                    "nl": "een oorzakelijk verband tussen twee vragen is niet te toetsen aan hun marges (geen kruistabel, "
                          "geen opzet voor causale conclusies)"},
    "note.qualitative": {"en": "open answers: no share is published", "nl": "open antwoorden: er is geen aandeel gepubliceerd"},
    "note.missing": {"en": "the claim lacks {needed}", "nl": "de claim mist {needed}"},
    "what.options": {"en": "the options it is about", "nl": "de opties waarover ze gaat"},
    "none": {"en": "none", "nl": "geen"},
    # rounding consistency
    "total.exact": {"en": "adds up to 100", "nl": "telt op tot 100"},
    "total.explained": {"en": "{total}: rounding {k} options can move the total by up to {max_shift}; "
                              "counts of n = {n} exist",
                        "nl": "{total}: afronding van {k} opties kan het totaal tot {max_shift} verschuiven; "
                              "er bestaan tellingen van n = {n}"},
    "total.flagged": {"en": "{total}: no count vector of n = {n} rounds to these shares under {rounding}",
                      "nl": "{total}: geen telling van n = {n} geeft deze percentages onder {rounding}"},
    "total.missing": {"en": "{missing}% not published; counts of n = {n} exist",
                      "nl": "{missing}% niet gepubliceerd; er bestaan tellingen van n = {n}"},
    "total.missing_flagged": {"en": "{missing}% not published; even so no count vector of n = {n} fits under "
                                    "{rounding}",
                              "nl": "{missing}% niet gepubliceerd; toch past geen telling van n = {n} onder {rounding}"},
    "fill.scale": {"en": "{k} unpublished point(s) of the {scale} scale", "nl": "{k} niet gepubliceerde schaalpunt(en) ({scale})"},
    "fill.neutral": {"en": "a neutral option", "nl": "een neutrale optie"},
    "fill.left_out": {"en": "options the text did not name (scale '{scale}' not published)",
                      "nl": "opties die de tekst niet noemt (schaal '{scale}' niet gepubliceerd)"},
    "fill.dont_know": {"en": "'weet niet' (don't know)", "nl": "'weet niet'"},
    "fill.words": {"en": "none needed: {options} printed in words", "nl": "niet nodig: {options} in woorden"},
    # wording puzzle
    "reading.text": {"en": "text: (strongly) agree that skills are sufficient",
                     "nl": "tekst: (zeer) eens dat de vaardigheden voldoende zijn"},
    "reading.title": {"en": "chart title: (strongly) agree that skills are NOT sufficient",
                      "nl": "grafiektitel: (zeer) eens dat de vaardigheden NIET voldoende zijn"},
    "implication.confidence": {"en": "'{phrase}' ({rule}): {status}",
                               "nl": "'{phrase}' ({rule}): {status}"},
    "implication.training": {"en": "{low}{dash}{high}% both {state} and took no courses (Fr\u00e9chet bounds of "
                                   "{a}% and {b}%)",
                             "nl": "{low}{dash}{high}% is {state} en volgde geen cursussen (Fr\u00e9chet-grenzen van "
                                   "{a}% en {b}%)"},
    "state.sufficient": {"en": "satisfied with their skills", "nl": "tevreden over de eigen vaardigheden"},
    "state.insufficient": {"en": "dissatisfied with their skills", "nl": "ontevreden over de eigen vaardigheden"},
    # issues found
    "issue.inconsistent": {"en": "{claim_id} ('{phrase}') is inconsistent: recomputed {recomputed}, rule '{rule}'; "
                                 "{note}.",
                           "nl": "{claim_id} ('{phrase}') klopt niet: herberekend {recomputed}, regel '{rule}'; "
                                 "{note}."},
    "issue.within": {"en": "{claim_id} ('{phrase}') holds only within rounding: recomputed {recomputed}; {note}.",
                     "nl": "{claim_id} ('{phrase}') klopt alleen binnen de afronding: herberekend {recomputed}; "
                           "{note}."},
    "issue.sampling": {"en": "Sampling: {count} verbal claim(s) hold for the printed share but not across the whole "
                             "{level}% interval ({method}, n scenario '{scenario}'): {claims}.",
                       "nl": "Steekproef: {count} verbale claim(s) gelden voor het gedrukte aandeel maar niet over het "
                             "hele {level}%-interval ({method}, n-scenario '{scenario}'): {claims}."},
    "issue.sampling_claim": {"en": "{claim_id} {share}% ({low}{dash}{high})", "nl": "{claim_id} {share}% ({low}{dash}{high})"},
    "issue.not_verifiable": {"en": "{count} claim(s) cannot be checked from the published figures: {ids}.",
                             "nl": "{count} claim(s) zijn niet te controleren met de gepubliceerde cijfers: {ids}."},
    "issue.total": {"en": "'{question}': the printed shares add up to {total}% ({explanation}).",
                    "nl": "'{question}': de gedrukte percentages tellen op tot {total}% ({explanation})."},
    "issue.rounding_none": {"en": "Rounding: every question's printed shares fit every plausible n ({n_values}) under "
                                  "both rounding rules; no printed n is ruled out by the percentages.",
                            "nl": "Afronding: de percentages van elke vraag passen bij elke plausibele n ({n_values}) "
                                  "onder beide afrondingsregels; geen gedrukte n valt af op grond van de percentages."},
    "issue.rounding_fail": {"en": "'{question}' at n = {n} ({rounding}): no count vector fits the printed shares.",
                            "nl": "'{question}' bij n = {n} ({rounding}): geen telling past bij de percentages."},
    "issue.n_puzzle": {"en": "n puzzle: {printed} printed n values for {charts} charts; the rounding rules out "
                             "{ruled_out} chart/n pair(s), so {allowed} of {total} assignments (each caption used "
                             "at least once) remain under both rules; every scenario is compatible: {scenarios}.",
                       "nl": "n-puzzel: {printed} gedrukte n-waarden voor {charts} grafieken; de afronding sluit "
                             "{ruled_out} combinatie(s) van grafiek en n uit, dus {allowed} van {total} toewijzingen "
                             "(elk onderschrift minstens eens gebruikt) blijven over onder beide regels; elk "
                             "scenario past: {scenarios}."},
    "issue.wording": {"en": "Wording: the chart title is negative ('niet voldoende') but the text reports "
                            "agreement with sufficient skills; read as the title, {share}% would find their skills "
                            "insufficient and '{phrase}' would be rated '{status}'.",
                      "nl": "Formulering: de grafiektitel is negatief ('niet voldoende'), de tekst meldt instemming "
                            "met voldoende vaardigheden; volgens de titel vindt {share}% de eigen vaardigheden "
                            "onvoldoende en zou '{phrase}' als '{status}' gelden."},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
}


def text(key: str, lang: str, **fields: object) -> str:
    """Fill the audit template ``key`` in ``lang`` ("nl" or "en"), with the en dash and minus sign at hand.

    The look-up and its errors are :func:`helpers.labels.render`'s, shared with the other modules.
    """
    return labels.render(TEMPLATES, key, lang, what="audit template", dash=DASH, minus=MINUS, **fields)


def _numbers(lang: str, **values: object) -> dict[str, str]:
    """Template fields from numbers, printed as the audit's prose prints them: ``labels.number`` with
    ``trim`` (85, but 66.7; decimal comma in Dutch; empty for a missing value)."""
    return {name: labels.number(value, lang, trim=True) for name, value in values.items()}


# ============================================================================ share ranges

def _printed_shares(survey: data.Survey, question_id: str) -> tuple[tuple[int, ...], bool]:
    """A question's rounding evidence: its numeral percentages, and whether their counts add up to n.

    The one rule behind every count the audit computes (share ranges, the rounding table, the
    sample-size check, the n puzzle), so that they cannot disagree about a question. An option
    printed in words ("de helft") is left out of ``percents``: words are not a rounded integer, so
    they bound no count, and a claim about that option must not be confirmed by its own wording
    (the module docstring: "half" is tested against ``100 - 40 - 10``). Its count is whatever the
    numeral options leave, which is exactly the unpublished remainder of
    :func:`helpers.counts.compatible_counts`; so ``complete`` is False when an option is printed in
    words and otherwise :func:`stats.is_complete` of the percentages (total within k/2 of 100).
    """
    table = data.options(survey, question_id)
    numeral = table["form"] != "words"
    percents = tuple(int(p) for p in table.loc[numeral, "percent"])
    return percents, bool(numeral.all()) and stats.is_complete(percents)


def is_complete(survey: data.Survey, question_id: str) -> bool:
    """Are the printed options all the options (no share missing from the text)?

    True when the numeral shares are complete (:func:`stats.is_complete`) or an option is printed
    in words, since that option holds whatever the numeral ones leave (see :func:`_printed_shares`).
    """
    _, complete = _printed_shares(survey, question_id)
    return complete or bool((data.options(survey, question_id)["form"] == "words").any())


def share_range(survey: data.Survey, question_id: str, option_ids: Iterable[str], n: int,
                lang: str = "en") -> tuple[float, float, str]:
    """The range (in %) of the true combined share of ``option_ids``, given the printed shares and n.

    Returns ``(low, high, note)``: the hull over both rounding rules of ``100 * c / n`` for all
    compatible count vectors (:func:`helpers.counts.subset_range` of the numeral options, see
    :func:`_printed_shares`); ``note`` explains a words-printed option or the +/-0.5 fallback.
    """
    table = data.options(survey, question_id)
    wanted = set(option_ids)
    unknown = wanted - set(table["option_id"])
    if unknown:
        raise KeyError(f"options {sorted(unknown)} not among those of {question_id!r}; "
                       f"allowed: {', '.join(table['option_id'])}")
    words = table["form"] == "words"
    members = [i for i, option in enumerate(table.loc[~words, "option_id"]) if option in wanted]
    words_in = bool(set(table.loc[words, "option_id"]) & wanted)
    percents, complete = _printed_shares(survey, question_id)

    def subset(intervals: list, total: float) -> tuple[float, float] | None:
        """Range of the wanted options' summed values within ``intervals`` (counts, or percentages)."""
        if words_in:  # the words option holds what the numeral options leave: a (0, total) member
            return counts.subset_range([*intervals, (0, total)], [*members, len(intervals)], total, complete=True)
        return counts.subset_range(intervals, members, total, complete)

    notes = []
    if words_in:
        notes.append(text("note.words", lang, parts=f" {MINUS} ".join(str(p) for p in percents)))
    bounds = []
    for rounding in counts.ROUNDING_RULES:
        if not percents:
            break
        fit = counts.compatible_counts(percents, n, rounding, complete)
        found = subset(list(fit.intervals), n) if fit.exists else None
        if found is not None:
            bounds.append(found)
    if bounds:
        low, high = 100 * min(b[0] for b in bounds) / n, 100 * max(b[1] for b in bounds) / n
    else:
        notes.append(text("note.fallback", lang, n=n))
        intervals = [(max(p - 0.5, 0.0), min(p + 0.5, 100.0)) for p in percents]
        low, high = subset(intervals, 100.0) or (float("nan"), float("nan"))
    return float(low), float(high), "; ".join(notes)


def _plain_share(survey: data.Survey, question_id: str, option_ids: Iterable[str]) -> float:
    """The printed share of the options; a words-printed option counts as 100 minus the numeral ones."""
    table = data.options(survey, question_id)
    wanted = set(option_ids)
    words = table["form"] == "words"
    if words.any() and set(table.loc[words, "option_id"]) & wanted:
        others = table[~table["option_id"].isin(wanted)]
        return float(100 - others["percent"].sum())
    return float(table.loc[table["option_id"].isin(wanted), "percent"].sum())


# ============================================================================ rule tests

def _extent(all_hold: bool, some_hold: bool) -> str:
    """"all", "some" or "none": for how much of a range a rule holds (the keys of :data:`STATUS_OF_EXTENT`)."""
    return "all" if all_hold else ("some" if some_hold else "none")


def evaluate(test: str, lower: float, upper: float, ranges: dict) -> str:
    """Does a verbal rule hold for all, some or none of the shares in ``ranges``?

    ``ranges`` holds ``share`` (low, high) for one-share tests, ``positive``/``negative`` for the
    pole tests and ``options`` (a list of (low, high)) for ``largest_option_at_most``. Pole ranges
    are treated as independent (for 'some' this is slightly generous; the sum constraint between
    poles is ignored).
    """
    if test in ("between", "more_than", "at_least", "at_most"):
        low, high = ranges["share"]
        if test == "between":
            return _extent(lower <= low and high <= upper, high >= lower and low <= upper)
        if test == "more_than":
            return _extent(low > lower, high > lower)
        if test == "at_least":
            return _extent(low >= lower, high >= lower)
        return _extent(high <= upper, low <= upper)
    if test == "divided":
        (p_low, p_high), (q_low, q_high) = ranges["positive"], ranges["negative"]
        return _extent(min(p_low, q_low) >= lower and max(p_high, q_high) <= upper,
                       min(p_high, q_high) >= lower and max(p_low, q_low) <= upper)
    if test == "largest_option_at_most":
        options = ranges["options"]
        return _extent(max(high for _, high in options) <= upper, max(low for low, _ in options) <= upper)
    if test == "positive_below_negative":
        (p_low, p_high), (q_low, q_high) = ranges["positive"], ranges["negative"]
        return _extent(p_high <= upper and p_high < q_low, p_low <= upper and p_low < q_high)
    raise ValueError(f"test={test!r} is not allowed; allowed: {', '.join(data.RULE_TESTS)}")


STATUS_OF_EXTENT = {"all": "consistent", "some": "consistent within rounding", "none": "inconsistent"}


def rule_text(survey: data.Survey, rule_id: str, lang: str = "en") -> str:
    """A verbal rule as readable text, e.g. "large majority: >= 66.67%"."""
    rules = survey.verbal_rules.set_index("rule_id")
    if rule_id not in rules.index:
        raise KeyError(f"unknown rule_id {rule_id!r}; known: {', '.join(rules.index)}")
    rule = rules.loc[rule_id]
    test = text(f"test.{rule['test']}", lang, lower=labels.number(rule["lower"], lang, 2, trim=True),
                upper=labels.number(rule["upper"], lang, 2, trim=True))
    return f"{rule[f'term_{lang}']}: {test}"


# ============================================================================ claims

def _split(options: str) -> list[str]:
    """The option ids of a claims.csv cell ("strongly_agree;agree"); an empty cell gives none."""
    return [option for option in options.split(";") if option]


def _sampling(survey, question_id, options, settings) -> tuple[float, float, float]:
    """Point estimate and sampling interval of a combined share under the notebook's settings."""
    result = stats.combined_share(survey, question_id, list(options), settings)
    return float(result["share"]), float(result["ci_low"]), float(result["ci_high"])


@dataclasses.dataclass(frozen=True)
class _Claim:
    """One row of ``claims.csv`` with the survey and settings it is checked under: what every check needs."""

    survey: data.Survey
    row: pd.Series
    settings: Settings

    @property
    def lang(self) -> str:
        """The output language of notes and rules."""
        return self.settings.lang

    @property
    def question_id(self) -> str:
        """The question the claim is about (empty for some qualitative claims)."""
        return self.row["question_id"]

    @property
    def options(self) -> list[str]:
        """The option ids the claim is about, possibly none."""
        return _split(self.row["options"])

    @property
    def published(self) -> float | None:
        """The number the claim prints, None if it prints none."""
        return None if pd.isna(self.row["published"]) else float(self.row["published"])

    @property
    def n(self) -> int:
        """The question's n under the scenario (a property: causal and qualitative claims need none)."""
        return data.n_for(self.survey, self.question_id, self.settings.n_scenario)


def _value_and_range(value: float, low: float, high: float, lang: str) -> str:
    """A recomputed value with its rounding range, as the ``recomputed`` column prints it: "67 (66.5–67.4)"."""
    value, low, high = (labels.number(x, lang, trim=True) for x in (value, low, high))
    return f"{value} ({low}{DASH}{high})"


def _with_range(claim: _Claim, value: float, low: float, high: float, extra: str = "") -> dict:
    """The fields of a value checked against its rounding range: value, range, ``recomputed`` and a
    note of ``extra`` (e.g. how a words option was recomputed) followed by the range at n."""
    range_note = text("note.range", claim.lang, n=claim.n, **_numbers(claim.lang, low=low, high=high))
    return {"n": claim.n, "value": value, "range_low": low, "range_high": high,
            "recomputed": _value_and_range(value, low, high, claim.lang),
            "note": "; ".join(note for note in (extra, range_note) if note)}


def _not_verifiable(claim: _Claim) -> dict:
    """A causal or qualitative claim: marginal shares cannot decide it; the note says why.

    In English the claim's own note is added when it says more than the standard reason.
    """
    method, reason = claim.row["method"], claim.row["note"]
    why = text(f"note.{method}", claim.lang)
    letters = lambda value: "".join(ch for ch in value.lower() if ch.isalpha())  # noqa: E731
    if claim.lang == "en" and reason and letters(reason) not in letters(why):
        why = f"{why}. {reason}"
    return {"status": "not verifiable", "note": why}


def _single(claim: _Claim) -> dict:
    """A printed share of an option: consistent only if it equals the table's share exactly."""
    lang, value = claim.lang, _plain_share(claim.survey, claim.question_id, claim.options)
    fields = _with_range(claim, value, *share_range(claim.survey, claim.question_id, claim.options, claim.n, lang))
    same = value == claim.published
    verdict = text("note.single_equal", lang) if same else text(
        "note.single_differs", lang, **_numbers(lang, value=value, published=claim.published))
    return {**fields, "rule": text("rule.single", lang), "status": "consistent" if same else "inconsistent",
            "note": f"{verdict}; {fields['note']}"}


def _sum_or_remainder(claim: _Claim) -> dict:
    """A printed sum of options ("46 and another 35") or remainder ("the other 69%").

    Consistent if the printed parts give the printed number exactly; within rounding if the
    number's own rounding interval (+/-0.5) meets the rounding range of the recomputed share.
    """
    lang, method, options = claim.lang, claim.row["method"], claim.options
    table = data.options(claim.survey, claim.question_id)
    low, high, extra = share_range(claim.survey, claim.question_id, options, claim.n, lang)
    if method == "sum":
        parts = [int(p) for p in table.loc[table["option_id"].isin(options), "percent"]]
        value = float(sum(parts))
    else:
        parts = [int(p) for p in table.loc[~table["option_id"].isin(options), "percent"]]
        value = float(100 - sum(parts))
    target = claim.published
    if target is None:  # a remainder printed without a number ("the rest"): compare with the table's share
        target = _plain_share(claim.survey, claim.question_id, options)
    if value == target:
        status, key = "consistent", f"note.{method}_equal"
    elif target - 0.5 <= high and target + 0.5 >= low:
        status, key = "consistent within rounding", f"note.{method}_within"
    else:
        status, key = "inconsistent", f"note.{method}_off"
    joined = (" + " if method == "sum" else f" {MINUS} ").join(str(p) for p in parts)
    verdict = text(key, lang, parts=joined, total=int(table["percent"].sum()),
                   **_numbers(lang, value=value, published=target))
    fields = _with_range(claim, value, low, high, extra)
    return {**fields, "rule": text(f"rule.{method}", lang), "status": status, "note": f"{verdict}; {fields['note']}"}


def _comparison(claim: _Claim) -> dict:
    """One share above (or below) another, for all, some or no shares in both rounding ranges.

    ``frechet`` claims compare two questions of the same respondents; their note adds the Fréchet
    bounds of the overlap, since no cross-table is published.
    """
    survey, lang, method, operator = claim.survey, claim.lang, claim.row["method"], claim.row["operator"]
    other_id, other_options = claim.row["other_question_id"], _split(claim.row["other_options"])
    a = _plain_share(survey, claim.question_id, claim.options)
    b = _plain_share(survey, other_id, other_options)
    other_n = data.n_for(survey, other_id, claim.settings.n_scenario)
    a_low, a_high, _ = share_range(survey, claim.question_id, claim.options, claim.n, lang)
    b_low, b_high, _ = share_range(survey, other_id, other_options, other_n, lang)
    if operator == ">":
        extent = _extent(a_low > b_high, a_high > b_low)
    else:
        extent = _extent(a_high < b_low, a_low < b_high)
    if method == "comparison":
        note = text("note.comparison", lang, **_numbers(lang, a=a, b=b, a_low=a_low, a_high=a_high,
                                                         b_low=b_low, b_high=b_high))
    else:
        both_low, both_high = stats.frechet_bounds(a, b)
        note = text("note.frechet", lang, **_numbers(lang, a=a, b=b, both_low=both_low, both_high=both_high,
                                                      only_low=a - both_high, only_high=a - both_low))
    return {"n": claim.n, "value": a - b, "range_low": a_low - b_high, "range_high": a_high - b_low,
            "rule": text(f"rule.{method}", lang, op=operator), "status": STATUS_OF_EXTENT[extent],
            "recomputed": "{a} {op} {b}".format(op=operator, **_numbers(lang, a=a, b=b)), "note": note}


SHARE_TESTS = ("between", "more_than", "at_least", "at_most")
POLE_TESTS = ("divided", "positive_below_negative")


def _verbal_share(claim: _Claim, rule: pd.Series) -> dict:
    """A verbal rule on one (combined) share, e.g. "grote meerderheid": >= 66.67%.

    The rule is tested over the share's rounding range; the note adds where the printed number
    differs from the table and whether each option alone would meet the rule. The share's
    sampling interval says how firm the claim is (``holds_in_ci``), without changing the status.
    """
    survey, lang, question_id, options, n = claim.survey, claim.lang, claim.question_id, claim.options, claim.n
    test, lower, upper = rule["test"], rule["lower"], rule["upper"]
    low, high, extra = share_range(survey, question_id, options, n, lang)
    value = _plain_share(survey, question_id, options)
    extent = evaluate(test, lower, upper, {"share": (low, high)})
    fields = _with_range(claim, value, low, high, extra)
    notes = [fields["note"], text(f"extent.{extent}", lang)]
    if claim.published is not None and claim.published != value:
        notes.append(text("note.published_differs", lang, **_numbers(lang, published=claim.published, value=value)))
    if len(options) > 1 and extent != "all" and all(
            evaluate(test, lower, upper, {"share": share_range(survey, question_id, [option], n, lang)[:2]}) == "all"
            for option in options):
        notes.append(text("note.each_option", lang, values=" / ".join(
            labels.number(_plain_share(survey, question_id, [option]), lang, trim=True) for option in options)))
    share, ci_low, ci_high = _sampling(survey, question_id, options, claim.settings)
    return {**fields, "status": STATUS_OF_EXTENT[extent], "note": "; ".join(notes),
            "share": share, "ci_low": ci_low, "ci_high": ci_high,
            "holds_in_ci": evaluate(test, lower, upper, {"share": (ci_low, ci_high)})}


def _verbal_poles(claim: _Claim, rule: pd.Series) -> dict:
    """A verbal rule on both poles of a scale, e.g. "meningen verdeeld" or "eerder negatief".

    Each pole gets its own rounding range (treated as independent, see :func:`evaluate`); the
    value is the positive pole, the sampling columns are the positive pole's interval and whether
    the rule holds over both poles' intervals.
    """
    survey, lang, question_id, n = claim.survey, claim.lang, claim.question_id, claim.n
    ranges, plain, sampled = {}, {}, {}
    for pole in data.POLES:
        ids = data.pole_options(survey, question_id, pole)
        ranges[pole] = share_range(survey, question_id, ids, n, lang)[:2]
        plain[pole] = _plain_share(survey, question_id, ids)
        sampled[pole] = _sampling(survey, question_id, ids, claim.settings)
    extent = evaluate(rule["test"], rule["lower"], rule["upper"], ranges)
    note = text("note.poles", lang, **_numbers(lang, pos=plain["positive"], neg=plain["negative"],
                                              pos_low=ranges["positive"][0], pos_high=ranges["positive"][1],
                                              neg_low=ranges["negative"][0], neg_high=ranges["negative"][1]))
    share, ci_low, ci_high = sampled["positive"]
    cis = {pole: (low, high) for pole, (_, low, high) in sampled.items()}
    return {"n": n, "value": plain["positive"], "range_low": ranges["positive"][0],
            "range_high": ranges["positive"][1],
            "recomputed": "{positive} / {negative}".format(**_numbers(lang, **plain)),
            "status": STATUS_OF_EXTENT[extent], "note": f"{note}; {text(f'extent.{extent}', lang)}",
            "share": share, "ci_low": ci_low, "ci_high": ci_high,
            "holds_in_ci": evaluate(rule["test"], rule["lower"], rule["upper"], cis)}


def _verbal_largest(claim: _Claim, rule: pd.Series) -> dict:
    """A verbal rule on the largest substantive option (of those named, if any), e.g. "no clear majority"."""
    survey, lang, question_id, n = claim.survey, claim.lang, claim.question_id, claim.n
    table = data.options(survey, question_id)
    ids = [option for option in table.loc[table["kind"] == "substantive", "option_id"]
           if not claim.options or option in claim.options]
    option_ranges = {option: share_range(survey, question_id, [option], n, lang)[:2] for option in ids}
    plain = {option: _plain_share(survey, question_id, [option]) for option in ids}
    largest = max(plain, key=plain.get)
    extent = evaluate(rule["test"], rule["lower"], rule["upper"], {"options": list(option_ranges.values())})
    low, high = option_ranges[largest]
    note = text("note.largest", lang, option=table.set_index("option_id").loc[largest, f"option_{lang}"],
                **_numbers(lang, value=plain[largest]))
    return {"n": n, "value": plain[largest], "range_low": low, "range_high": high,
            "recomputed": _value_and_range(plain[largest], low, high, lang),
            "status": STATUS_OF_EXTENT[extent], "note": f"{note}; {text(f'extent.{extent}', lang)}"}


VERBAL_CHECKS = {**dict.fromkeys(SHARE_TESTS, _verbal_share), **dict.fromkeys(POLE_TESTS, _verbal_poles),
                 "largest_option_at_most": _verbal_largest}


def _verbal(claim: _Claim) -> dict:
    """A verbal judgement, tested with its rule of ``verbal_rules.csv`` (see :data:`VERBAL_CHECKS`).

    A one-share rule without the options it is about cannot be checked: not verifiable.
    """
    rule = claim.survey.verbal_rules.set_index("rule_id").loc[claim.row["rule_id"]]
    fields = {"n": claim.n, "rule": rule_text(claim.survey, rule.name, claim.lang)}
    if not claim.options and rule["test"] in SHARE_TESTS:
        return {**fields, "status": "not verifiable",
                "note": text("note.missing", claim.lang, needed=text("what.options", claim.lang))}
    return {**fields, **VERBAL_CHECKS[rule["test"]](claim, rule)}


def _sample_size(claim: _Claim) -> dict:
    """A printed n: consistent if it is the question's n and its printed shares fit it under a rounding rule."""
    lang, question_id = claim.lang, claim.question_id
    row = data.question(claim.survey, question_id)
    if pd.isna(row["n"]):
        return {"n": claim.n, "status": "not verifiable",
                "note": text("note.sample_size_unknown", lang, question=question_id)}
    stated = int(row["n"])
    percents, complete = _printed_shares(claim.survey, question_id)
    fits = [rule for rule in counts.ROUNDING_RULES if counts.compatible_counts(percents, stated, rule, complete).exists]
    return {"n": stated, "value": float(stated), "recomputed": str(stated), "rule": text("rule.sample_size", lang),
            "status": "consistent" if stated == claim.published and fits else "inconsistent",
            "note": text("note.sample_size", lang, question=question_id, n=stated, status=row["n_status"],
                         rules=", ".join(fits) or text("none", lang))}


# claims.csv method -> how a claim of that method is checked
CHECKS = {"single": _single, "sum": _sum_or_remainder, "remainder": _sum_or_remainder, "comparison": _comparison,
          "frechet": _comparison, "verbal": _verbal, "sample_size": _sample_size, "causal": _not_verifiable,
          "qualitative": _not_verifiable}

EMPTY_FIELDS = {"n": pd.NA, "rule": "", "value": float("nan"), "range_low": float("nan"), "range_high": float("nan"),
                "recomputed": "", "status": "", "note": "", "share": float("nan"), "ci_low": float("nan"),
                "ci_high": float("nan"), "holds_in_ci": ""}


def _check_one(survey: data.Survey, claim: pd.Series, settings: Settings) -> dict:
    """Recompute one claim with the check of its method; returns the fields beyond those copied from claims.csv."""
    method = claim["method"]
    if method not in CHECKS:
        raise ValueError(f"method={method!r} is not allowed; allowed: {', '.join(data.CLAIM_METHODS)}")
    return {**EMPTY_FIELDS, **CHECKS[method](_Claim(survey, claim, settings))}


def check_claims(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Every claim of ``claims.csv`` with its recomputed value, status and a note on why.

    Columns: see :data:`CLAIM_COLUMNS`. ``value`` is the plain recomputation from the printed
    shares (for comparisons: the difference), ``range_low``/``range_high`` its rounding range at
    the scenario's ``n`` (in %), ``recomputed`` both as text. ``share``/``ci_low``/``ci_high`` are the
    sampling interval of a verbal claim's share under ``settings`` (``dont_know``, ``confidence``,
    ``ci_method``) and ``holds_in_ci`` whether its rule holds for all, some or none of it;
    they are informational and do not change the status.
    """
    rows = []
    for _, claim in survey.claims.iterrows():
        fields = _check_one(survey, claim, settings)
        if settings.lang == "en" and claim["note"] and claim["method"] not in ("causal", "qualitative"):
            fields["note"] = f"{fields['note']}; {claim['note'].rstrip('.')}"
        base = {column: claim[column] for column in ("claim_id", "section", "phrase_nl", "claim_en", "method",
                                                     "question_id", "options", "rule_id", "published")}
        if claim["method"] in ("comparison", "frechet", "causal"):
            other = claim["other_question_id"] + (":" + claim["other_options"] if claim["other_options"] else "")
            base["options"] = " vs ".join(part for part in (claim["options"], other) if part)
        rows.append({**base, **fields})
    table = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    table["section"] = table["section"].astype(str)
    table["n"] = pd.array(table["n"], dtype="Int64")
    for column in ("published", "value", "range_low", "range_high", "share", "ci_low", "ci_high"):
        table[column] = table[column].astype(float)
    bad = set(table["status"]) - set(STATUSES)
    if bad:  # a programming error, never a data problem
        raise AssertionError(f"unknown status(es) {bad}")
    return table


def status_counts(checked: pd.DataFrame) -> pd.DataFrame:
    """How many claims per status (all four statuses, zeros included) and per method."""
    table = pd.crosstab(pd.Categorical(checked["method"], categories=list(data.CLAIM_METHODS)),
                        pd.Categorical(checked["status"], categories=list(STATUSES)), dropna=False)
    table.index.name, table.columns.name = "method", "status"
    table.loc["total"] = table.sum()
    table["total"] = table.sum(axis=1)
    return table


def summary(checked: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The main table: claim, published, recomputed, status, note (claim and status in ``lang``)."""
    labels.check_lang(lang)
    table = pd.DataFrame({
        "claim_id": checked["claim_id"],
        "claim": checked["phrase_nl"] if lang == "nl" else checked["claim_en"],
        "method": checked["method"],
        "rule": checked["rule"],
        "published": [labels.number(v, lang, trim=True) for v in checked["published"]],
        "recomputed": checked["recomputed"],
        "status": [text(f"status.{status}", lang) for status in checked["status"]],
        "note": checked["note"],
    })
    return table.reset_index(drop=True)


# ============================================================================ rounding

def _scale_points(scale: str) -> int | None:
    """Number of points of a scale id ending in a digit (agreement_5 -> 5), yes_no -> 2, else None."""
    tail = scale.rsplit("_", 1)[-1]
    if tail.isdigit():
        return int(tail)
    return {"yes_no": 2, "yes_no_neutral": 3}.get(scale)


def could_fill(survey: data.Survey, question_id: str, lang: str = "en") -> str:
    """What could hold the share missing from a question's printed total (built from the data)."""
    table = data.options(survey, question_id)
    scale = str(data.question(survey, question_id)["scale"])
    words = table.loc[table["form"] == "words", "option_id"]
    if len(words):
        return text("fill.words", lang, options=", ".join(words))
    answers = []
    points = _scale_points(scale)
    on_scale = int((table["kind"] != "dont_know").sum())
    if points is not None and on_scale < points:
        answers.append(text("fill.scale", lang, k=points - on_scale, scale=scale))
    elif points is None:
        answers.append(text("fill.left_out", lang, scale=scale))
        if not (table["kind"] == "neutral").any():
            answers.append(text("fill.neutral", lang))
    if not (table["kind"] == "dont_know").any():
        answers.append(text("fill.dont_know", lang))
    return "; ".join(answers)


def candidate_n(survey: data.Survey, question_id: str) -> dict[int, str]:
    """The n values to try for a question and where each comes from (scenarios, printed captions)."""
    found: dict[int, list[str]] = {}
    rows = survey.n_scenarios[survey.n_scenarios["question_id"] == question_id]
    for scenario, n in zip(rows["scenario"], rows["n"]):
        found.setdefault(int(n), []).append(scenario)
    for n in PRINTED_N:
        found.setdefault(n, []).append("caption")
    return {n: ", ".join(dict.fromkeys(found[n])) for n in sorted(found, reverse=True)}


def _ranges_text(fit: counts.CountRange, in_words: Sequence[bool]) -> str:
    """Each option's compatible counts in option order ("50–51; ..."); empty if no count vector fits.

    An option printed in words has no count interval of its own: it shows the remainder's range,
    the count the numeral options leave (see :func:`_printed_shares`).
    """
    if not fit.exists:
        return ""
    numeral = iter(zip(fit.minimum, fit.maximum))
    spans = [(fit.remainder_min, fit.remainder_max) if words else next(numeral) for words in in_words]
    return "; ".join(f"{lo}{DASH}{hi}" for lo, hi in spans)


def rounding_consistency(survey: data.Survey, lang: str = "en") -> pd.DataFrame:
    """For every question, plausible n and rounding rule: does a count vector fit the printed shares?

    One row per question, n and rule, with the printed total, whether the options are complete
    (:func:`is_complete`) or not (``missing`` = 100 - total, and what ``could_fill`` it), whether compatible
    counts exist (``exists``, from :func:`_printed_shares`: an option printed in words shows the count
    the numeral options leave), each option's compatible counts and the unpublished remainder's, and
    ``explanation``: 100, a total explained by rounding (k options move it by up to k/2), or flagged.
    """
    rows = []
    for question_id in survey.questions["question_id"]:
        table = data.options(survey, question_id)
        in_words = list(table["form"] == "words")
        percents, complete_counts = _printed_shares(survey, question_id)
        total, k = int(table["percent"].sum()), len(table)  # as the reader sees them: "de helft" as 50
        complete = is_complete(survey, question_id)
        chart = data.question(survey, question_id)["chart"]
        for n, source in candidate_n(survey, question_id).items():
            for rounding in counts.ROUNDING_RULES:
                fit = counts.compatible_counts(percents, n, rounding, complete_counts)
                if complete and total == 100:
                    explanation = text("total.exact", lang)
                elif complete:
                    key = "total.explained" if fit.exists else "total.flagged"
                    explanation = text(key, lang, total=total, k=k, n=n, rounding=rounding,
                                       **_numbers(lang, max_shift=k / 2))
                else:
                    key = "total.missing" if fit.exists else "total.missing_flagged"
                    explanation = text(key, lang, missing=100 - total, n=n, rounding=rounding)
                rows.append({
                    "question_id": question_id, "chart": chart, "n": n, "n_source": source, "rounding": rounding,
                    "options": k, "published_total": total,
                    "completeness": "complete" if complete else "incomplete",
                    "missing": 0 if complete else 100 - total,
                    "could_fill": "" if complete else could_fill(survey, question_id, lang),
                    "exists": fit.exists, "counts": _ranges_text(fit, in_words),
                    "remainder": "" if complete or not fit.exists else f"{fit.remainder_min}{DASH}{fit.remainder_max}",
                    "explanation": explanation,
                })
    out = pd.DataFrame(rows)
    out["chart"] = pd.array(out["chart"], dtype="Int64")
    return out


def unusual_totals(survey: data.Survey, rounding: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The rows of :func:`rounding_consistency` whose printed total is not 100, at the scenario's n."""
    scenario_n = {q: data.n_for(survey, q, settings.n_scenario) for q in survey.questions["question_id"]}
    rows = rounding[(rounding["published_total"] != 100) & (rounding["n"] == rounding["question_id"].map(scenario_n))]
    columns = ["question_id", "n", "rounding", "options", "published_total", "completeness", "missing",
               "could_fill", "exists", "counts", "remainder", "explanation"]
    return rows[columns].reset_index(drop=True)


def rounding_overview(rounding: pd.DataFrame) -> pd.DataFrame:
    """Question x n grid: under which rounding rules a compatible count vector exists."""
    def cell(rows: pd.DataFrame) -> str:
        """The rounding rules under which one question's printed shares fit one n ("both", one, "none")."""
        fits = list(rows.loc[rows["exists"], "rounding"])
        return "both" if len(fits) == len(counts.ROUNDING_RULES) else (", ".join(fits) or "none")
    grid = rounding.groupby(["question_id", "n"], sort=False)[["rounding", "exists"]].apply(cell).unstack("n")
    grid = grid.reindex(columns=sorted(grid.columns, reverse=True)).fillna("")
    totals = rounding.drop_duplicates("question_id").set_index("question_id")["published_total"]
    grid.insert(0, "total", totals)
    grid.columns = [str(c) for c in grid.columns]
    return grid


# ============================================================================ the n puzzle

def charts(survey: data.Survey) -> list[str]:
    """Question ids of the article's charts, in chart order."""
    rows = survey.questions.dropna(subset=["chart"]).sort_values("chart")
    return list(rows["question_id"])


def _printed(survey: data.Survey) -> dict[str, tuple[tuple[int, ...], bool]]:
    """:func:`_printed_shares` of every chart, looked up once (the n puzzle tries hundreds of n)."""
    return {question_id: _printed_shares(survey, question_id) for question_id in charts(survey)}


def _fits(printed: tuple[tuple[int, ...], bool], n: int, rounding: str) -> bool:
    """Does some count vector of ``n`` respondents round to a chart's printed shares (:func:`_printed_shares`)?"""
    percents, complete = printed
    return counts.compatible_counts(percents, n, rounding, complete).exists


def n_compatibility(survey: data.Survey) -> pd.DataFrame:
    """For each chart and printed n: the rounding rules under which its printed shares fit that n.

    Also the smallest n (1-577) that fits under each rule, and which printed n the data rule out.
    """
    rows, printed = [], _printed(survey)
    for question_id in charts(survey):
        row = {"question_id": question_id, "chart": int(data.question(survey, question_id)["chart"])}
        ruled_out = []
        for n in PRINTED_N:
            fits = [r for r in counts.ROUNDING_RULES if _fits(printed[question_id], n, r)]
            row[str(n)] = "both" if len(fits) == 2 else (", ".join(fits) or "none")
            if not fits:
                ruled_out.append(str(n))
        for rule in counts.ROUNDING_RULES:
            smallest = next((n for n in range(1, max(PRINTED_N) + 1) if _fits(printed[question_id], n, rule)),
                            None)
            row[f"smallest_n_{rule}"] = pd.NA if smallest is None else smallest
        row["ruled_out"] = ", ".join(ruled_out)
        rows.append(row)
    return pd.DataFrame(rows).set_index("question_id")


def _surjective_count(allowed: dict[str, set[int]]) -> int:
    """How many assignments give each chart one of its allowed n and use every printed n at least once.

    Inclusion-exclusion over the printed values left out: sum over subsets T of the printed values
    of (-1)^(|printed| - |T|) * prod over charts of |allowed & T|.
    """
    total = 0
    for size in range(len(PRINTED_N) + 1):
        for subset in itertools.combinations(PRINTED_N, size):
            product = 1
            for values in allowed.values():
                product *= len(values & set(subset))
            total += (-1) ** (len(PRINTED_N) - size) * product
    return total


def n_assignments(survey: data.Survey) -> pd.DataFrame:
    """Assignments of the printed n values to the seven charts, and whether the rounding allows them.

    Rows: the scenarios of ``n_scenarios.csv`` (one column per chart with its n) and a last row
    ``any (each caption once or more)`` counting, per rounding rule, how many of all assignments
    that use each of the five printed values at least once are compatible with every chart.
    """
    chart_ids = charts(survey)
    rows, printed = [], _printed(survey)
    for scenario in survey.scenarios:
        row = {"assignment": scenario}
        for question_id in chart_ids:
            row[question_id] = data.n_for(survey, question_id, scenario)
        for rule in counts.ROUNDING_RULES:
            failing = [q for q in chart_ids if not _fits(printed[q], row[q], rule)]
            row[f"fits_{rule}"] = "all charts" if not failing else "fails: " + ", ".join(failing)
        rows.append(row)
    everything = {q: set(PRINTED_N) for q in chart_ids}
    total = _surjective_count(everything)
    allowed = {rule: _surjective_count({q: {n for n in PRINTED_N if _fits(printed[q], n, rule)}
                                        for q in chart_ids})
               for rule in counts.ROUNDING_RULES}
    row = {"assignment": "any (each caption once or more)", **{q: pd.NA for q in chart_ids}}
    for rule in counts.ROUNDING_RULES:
        row[f"fits_{rule}"] = f"{allowed[rule]} of {total}"
    rows.append(row)
    out = pd.DataFrame(rows).set_index("assignment")
    for question_id in chart_ids:
        out[question_id] = pd.array(out[question_id], dtype="Int64")
    return out


def assignment_counts(survey: data.Survey, assignments: pd.DataFrame | None = None) -> dict[str, tuple[int, int]]:
    """Per rounding rule: (allowed, total) assignments of the five captions to the charts."""
    row = (n_assignments(survey) if assignments is None else assignments).iloc[-1]
    out = {}
    for rule in counts.ROUNDING_RULES:
        allowed, _, total = row[f"fits_{rule}"].split(" ")
        out[rule] = (int(allowed), int(total))
    return out


def headline_intervals(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Each chart's headline share (its positive pole) with its sampling interval under every scenario."""
    rows = []
    for question_id in charts(survey):
        positive = data.pole_options(survey, question_id, "positive")
        for scenario in survey.scenarios:
            scenario_settings = dataclasses.replace(settings, n_scenario=scenario)
            result = stats.combined_share(survey, question_id, positive, scenario_settings)
            rows.append({
                "question_id": question_id, "chart": int(data.question(survey, question_id)["chart"]),
                "headline": " + ".join(positive), "published": _plain_share(survey, question_id, positive),
                "scenario": scenario, "n": data.n_for(survey, question_id, scenario),
                "share": float(result["share"]), "ci_low": float(result["ci_low"]),
                "ci_high": float(result["ci_high"]),
            })
    out = pd.DataFrame(rows)
    out["width"] = out["ci_high"] - out["ci_low"]
    return out


def headline_overview(intervals: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Chart x scenario grid of "low-high (n=...)" from :func:`headline_intervals`."""
    cells = intervals.assign(cell=["{low}{dash}{high} (n={n})".format(dash=DASH, n=n,
                                                                      **_numbers(lang, low=low, high=high))
                                   for low, high, n in zip(intervals["ci_low"], intervals["ci_high"], intervals["n"])])
    grid = cells.pivot(index="question_id", columns="scenario", values="cell")
    order = list(dict.fromkeys(intervals["question_id"]))
    grid = grid.reindex(index=order, columns=list(dict.fromkeys(intervals["scenario"])))
    grid.insert(0, "published", intervals.drop_duplicates("question_id").set_index("question_id")["published"]
                .map(lambda v: labels.number(v, lang, trim=True)))
    grid.columns.name = None
    return grid


# ============================================================================ the wording puzzle

WORDING_QUESTION = "skills_sufficient"
CONFIDENCE_CLAIMS = ("lead_confidence", "skills_great_confidence")
TRAINING_LINK = ("training_courses", "no")


def wording_readings(survey: data.Survey, settings: Settings | None = None) -> pd.DataFrame:
    """Both readings of the skills chart and what each implies for the claims built on it.

    Text reading: the printed agreement (strongly agree + agree) is agreement with *sufficient*
    skills. Title reading: the chart title is negative, so the same agreement would be with
    *not sufficient* skills and the 'insufficient' share would be the satisfied one. For each
    reading: the satisfied and dissatisfied shares, the status of the confidence claims under
    their rule (same rounding range as :func:`check_claims`), and the Fréchet bounds of the
    overlap of the satisfied and the dissatisfied with those who took no courses.
    """
    settings = settings or Settings()
    lang = settings.lang
    positive = data.pole_options(survey, WORDING_QUESTION, "positive")
    negative = data.pole_options(survey, WORDING_QUESTION, "negative")
    n = data.n_for(survey, WORDING_QUESTION, settings.n_scenario)
    agree = _plain_share(survey, WORDING_QUESTION, positive)
    disagree = _plain_share(survey, WORDING_QUESTION, negative)
    agree_range = share_range(survey, WORDING_QUESTION, positive, n, lang)[:2]
    disagree_range = share_range(survey, WORDING_QUESTION, negative, n, lang)[:2]
    untrained = _plain_share(survey, TRAINING_LINK[0], [TRAINING_LINK[1]])
    claims = survey.claims.set_index("claim_id")
    rules = survey.verbal_rules.set_index("rule_id")
    rows = []
    for reading in ("text", "title"):
        satisfied, dissatisfied = (agree, disagree) if reading == "text" else (disagree, agree)
        satisfied_range = agree_range if reading == "text" else disagree_range
        implications = []
        statuses = {}
        for claim_id in CONFIDENCE_CLAIMS:
            if claim_id not in claims.index:
                continue
            rule = rules.loc[claims.at[claim_id, "rule_id"]]
            status = STATUS_OF_EXTENT[evaluate(rule["test"], rule["lower"], rule["upper"],
                                               {"share": satisfied_range})]
            statuses[claim_id] = status
            implications.append(text("implication.confidence", lang, phrase=claims.at[claim_id, "phrase_nl"],
                                     rule=rule_text(survey, rule.name, lang), status=text(f"status.{status}", lang)))
        links = {}
        for state, share in (("sufficient", satisfied), ("insufficient", dissatisfied)):
            low, high = stats.frechet_bounds(share, untrained)
            links[state] = (low, high)
            implications.append(text("implication.training", lang, state=text(f"state.{state}", lang),
                                     **_numbers(lang, low=low, high=high, a=share, b=untrained)))
        rows.append({
            "reading": reading, "statement": text(f"reading.{reading}", lang),
            "satisfied": satisfied, "dissatisfied": dissatisfied,
            **{f"status_{claim_id}": status for claim_id, status in statuses.items()},
            "satisfied_untrained_low": links["sufficient"][0], "satisfied_untrained_high": links["sufficient"][1],
            "dissatisfied_untrained_low": links["insufficient"][0],
            "dissatisfied_untrained_high": links["insufficient"][1],
            "implications": "; ".join(implications),
        })
    return pd.DataFrame(rows).set_index("reading")


# ============================================================================ issues

def issues_found(survey: data.Survey, settings: Settings, checked: pd.DataFrame | None = None,
                 rounding: pd.DataFrame | None = None, compatibility: pd.DataFrame | None = None,
                 assignments: pd.DataFrame | None = None, readings: pd.DataFrame | None = None) -> list[str]:
    """Short statements of what the audit found, each with its evidence, built from the tables.

    ``checked``, ``rounding``, ``compatibility``, ``assignments`` and ``readings`` are the results of
    :func:`check_claims`, :func:`rounding_consistency`, :func:`n_compatibility`,
    :func:`n_assignments` and :func:`wording_readings` for the same survey and ``settings``: the
    notebook has already computed and shown them, so it passes them in rather than have them
    computed twice. Any that is None is computed here.
    """
    lang = settings.lang
    checked = check_claims(survey, settings) if checked is None else checked
    rounding = rounding_consistency(survey, lang) if rounding is None else rounding
    compatibility = n_compatibility(survey) if compatibility is None else compatibility
    assignments = n_assignments(survey) if assignments is None else assignments
    readings = wording_readings(survey, settings) if readings is None else readings
    issues = []
    for _, row in checked[checked["status"] == "inconsistent"].iterrows():
        issues.append(text("issue.inconsistent", lang, claim_id=row["claim_id"], phrase=row["phrase_nl"],
                           recomputed=row["recomputed"], rule=row["rule"], note=row["note"]))
    for _, row in checked[checked["status"] == "consistent within rounding"].iterrows():
        issues.append(text("issue.within", lang, claim_id=row["claim_id"], phrase=row["phrase_nl"],
                           recomputed=row["recomputed"], note=row["note"]))
    unverifiable = checked[checked["status"] == "not verifiable"]
    if len(unverifiable):
        issues.append(text("issue.not_verifiable", lang, count=len(unverifiable),
                           ids=", ".join(unverifiable["claim_id"])))
    default_n = {q: data.n_for(survey, q, settings.n_scenario) for q in survey.questions["question_id"]}
    odd = rounding[(rounding["published_total"] != 100)
                   & (rounding["n"] == rounding["question_id"].map(default_n))
                   & (rounding["rounding"] == counts.ROUNDING_RULES[0])]
    for _, row in odd.iterrows():
        explanation = row["explanation"] + (f"; {row['could_fill']}" if row["could_fill"] else "")
        issues.append(text("issue.total", lang, question=row["question_id"], total=row["published_total"],
                           explanation=explanation))
    uncertain = checked[(checked["method"] == "verbal") & (checked["status"] != "inconsistent")
                        & checked["holds_in_ci"].isin(["some", "none"])]
    if len(uncertain):
        level = labels.level(settings.confidence, lang)
        listed = [text("issue.sampling_claim", lang, claim_id=row["claim_id"],
                       **_numbers(lang, share=row["share"], low=row["ci_low"], high=row["ci_high"]))
                  for _, row in uncertain.iterrows()]
        issues.append(text("issue.sampling", lang, count=len(uncertain), level=level, method=settings.ci_method,
                           scenario=settings.n_scenario, claims="; ".join(listed)))
    failing = rounding[~rounding["exists"]]
    if failing.empty:
        values = ", ".join(str(n) for n in sorted(set(rounding["n"]), reverse=True))
        issues.append(text("issue.rounding_none", lang, n_values=values))
    for _, row in failing.iterrows():
        issues.append(text("issue.rounding_fail", lang, question=row["question_id"], n=row["n"],
                           rounding=row["rounding"]))
    ruled_out = int(sum(len(v.split(", ")) for v in compatibility["ruled_out"] if v))
    allowed = assignment_counts(survey, assignments)
    both = min(a for a, _ in allowed.values())
    total = next(iter(allowed.values()))[1]
    fine = [s for s in survey.scenarios
            if all(assignments.at[s, f"fits_{r}"] == "all charts" for r in counts.ROUNDING_RULES)]
    issues.append(text("issue.n_puzzle", lang, printed=len(PRINTED_N), charts=len(charts(survey)),
                       ruled_out=ruled_out, allowed=both, total=total,
                       scenarios=", ".join(fine) or text("none", lang)))
    if CONFIDENCE_CLAIMS[0] in survey.claims["claim_id"].values:
        status = readings.at["title", f"status_{CONFIDENCE_CLAIMS[0]}"]
        phrase = survey.claims.set_index("claim_id").at[CONFIDENCE_CLAIMS[0], "phrase_nl"]
        issues.append(text("issue.wording", lang, phrase=phrase, status=text(f"status.{status}", lang),
                           **_numbers(lang, share=readings.at["title", "dissatisfied"])))
    return issues


def issues_markdown(issues: list[str]) -> str:
    """Issues as a Markdown bullet list; each escaped (they quote data text such as a claim's phrase)."""
    return "\n".join(f"- {escape_markdown(issue)}" for issue in issues)
