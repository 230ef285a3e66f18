"""The plain layer of a verdict: what a reader sees first, in Dutch and English.

Per claim: the claim in the article's words (:func:`claim_sentence`), a verdict label with an icon
(:func:`verdict_label`, :func:`verdict_icon`: the icon is the non-colour cue beside the label's
colour) and one or two short sentences why (:func:`why_sentences`): no formula, no range, no n.
The derivation (ranges, readings, rule, interval) is :mod:`helpers.words.verdict_text`'s and the
audit's notes; the pages keep it one click away.

Outcome codes are those of :data:`helpers.audit.verdicts.OUTCOMES`. Dutch claims are named by
what the data hold: the article's key words (``phrase_nl``, quoted) and the item's wording and
answer labels; no Dutch sentence of the article is made up.
"""

from __future__ import annotations

from typing import Sequence

import re

import pandas as pd

from ..core import data
from . import labels
from .audit_text import question_wording

LABELS = {
    "supported": {"nl": "Klopt", "en": "Holds"},
    "contradicted": {"nl": "Klopt niet", "en": "Does not hold"},
    "undetermined": {"nl": "Niet vast te stellen", "en": "Cannot tell"},
    "depends_on_reading": {"nl": "Hangt af van de lezing", "en": "Depends on the reading"},
    "not_verifiable": {"nl": "Niet te controleren", "en": "Cannot be checked"},
    "transcription": {"nl": "Overgenomen cijfer", "en": "Copied figure"},
}
# the non-colour cue: one shape per outcome, distinct at a glance
ICONS = {"supported": "\u2713", "contradicted": "\u2717", "undetermined": "?", "depends_on_reading": "\u2194",
         "not_verifiable": "\u25cb", "transcription": "="}

TEMPLATES: dict[str, dict[str, str]] = {
    "claim.item": {"nl": "Het artikel zegt {phrase} over de vraag {wording}{answers}.",
                   "en": "The article says {phrase} about the question {wording}{answers}."},
    "claim.items": {"nl": "Het artikel zegt {phrase} over de vragen {wording} en {other}.",
                    "en": "The article says {phrase} about the questions {wording} and {other}."},
    "claim.open": {"nl": "Het artikel zegt {phrase} over open antwoorden.",
                   "en": "The article says {phrase} about open answers."},
    "answers.one": {"nl": ", antwoord {answers}", "en": ", answer {answers}"},
    "answers.many": {"nl": ", antwoorden {answers}", "en": ", answers {answers}"},
    "and": {"nl": "en", "en": "and"},
    "fig.share": {"nl": "ongeveer {x}%", "en": "about {x}%"},
    "fig.largest_share": {"nl": "de grootste groep is ongeveer {x}%", "en": "the largest group is about {x}%"},
    "fig.poles": {"nl": "de kant die het dichtst bij een grens ligt is ongeveer {x}%",
                  "en": "the side nearer a bound is about {x}%"},
    "fig.difference": {"nl": "een verschil van ongeveer {x} procentpunt", "en": "a gap of about {x} points"},
    "fig.balance_negative": {"nl": "de negatieve kant ligt ongeveer {x} procentpunt voor",
                             "en": "the negative side leads by about {x} points"},
    "fig.balance_positive": {"nl": "de positieve kant ligt ongeveer {x} procentpunt voor",
                             "en": "the positive side leads by about {x} points"},
    "fig.balance_even": {"nl": "beide kanten zijn ongeveer even groot", "en": "both sides are about equal"},
    "why.supported": {"nl": "De cijfers bevestigen dit: {fig}.", "en": "The figures bear this out: {fig}."},
    "why.supported.2": {"nl": "Ook met het toeval meegerekend blijft het aan de kant van de bewering.",
                        "en": "Even allowing for chance, it stays on the side of the claim."},
    "why.contradicted": {"nl": "De cijfers zeggen iets anders: {fig}.", "en": "The figures say otherwise: {fig}."},
    "why.contradicted.2": {"nl": "Ook met het toeval meegerekend blijft het aan de andere kant.",
                           "en": "Even allowing for chance, it stays on the other side."},
    "why.undetermined": {"nl": "De cijfers beslissen het niet: {fig}.", "en": "The figures cannot settle it: {fig}."},
    "why.undetermined.2": {"nl": "Door toeval alleen kan het beide kanten op vallen.",
                           "en": "Chance alone could tip it either way."},
    "why.undetermined.equivalent": {"nl": "Of het verschil binnen de vastgelegde marge blijft, is niet vast te stellen.",
                                    "en": "Whether the gap stays within the declared margin cannot be told."},
    "why.not_holm": {"nl": "Maar na de correctie voor het tegelijk toetsen van veel beweringen blijft dit niet staan.",
                     "en": "But it does not survive the correction for testing many claims at once."},
    "why.n.assumed": {"nl": "Het artikel noemt niet hoeveel mensen {topic} beantwoordden; dit oordeel rust op een "
                            "aangenomen aantal van {n}.",
                      "en": "The article does not say how many answered {topic}; the verdict rests on an assumed "
                            "number of {n}."},
    "why.n.shared_caption": {"nl": "Het aantal voor {topic} ({n}) komt uit een bijschrift dat de grafiek met een andere "
                                   "deelt; rapport 7 toont of een kleinere n het oordeel verandert.",
                             "en": "The number for {topic} ({n}) comes from a caption its chart shares with another; "
                                   "report 7 shows whether a smaller n would change it."},
    "reading.as_printed": {"nl": "Zoals de tekst het leest", "en": "Read as the text"},
    "reading.title_polarity": {"nl": "Zoals de grafiektitel het leest", "en": "Read as the chart title"},
    "reading.per_option": {"nl": "Per groep gelezen", "en": "Read per group"},
    "reading.other_hypothesis": {"nl": "Vergeleken met een andere vraag", "en": "Compared with another question"},
    "reading.both_poles": {"nl": "Elke kant apart gelezen", "en": "Read side by side"},
    "reads.supported": {"nl": "{reading}, klopt het ({fig}).", "en": "{reading}, it holds ({fig})."},
    "reads.contradicted": {"nl": "{reading}, klopt het niet ({fig}).", "en": "{reading}, it does not hold ({fig})."},
    "reads.undetermined": {"nl": "{reading}, is het niet vast te stellen ({fig}).",
                           "en": "{reading}, the figures cannot tell ({fig})."},
    "why.causal": {"nl": "De gepubliceerde cijfers kunnen geen oorzaak en gevolg laten zien.",
                   "en": "The published figures cannot show cause and effect."},
    "why.causal.2": {"nl": "Daarvoor zijn antwoorden per persoon nodig.",
                     "en": "That would need the answers of each person."},
    "why.qualitative": {"nl": "Het artikel geeft voor deze open antwoorden geen cijfer.",
                        "en": "The article gives no figure for these open answers."},
    "why.unmeasured": {"nl": "Geen gepubliceerd cijfer meet dit.", "en": "No published figure measures this."},
    "why.transcription": {"nl": "Dit herhaalt een cijfer dat het artikel zelf afdrukt.",
                          "en": "This repeats a figure the article itself prints."},
    "why.transcription.2": {"nl": "Het controleert onze overname, niet de redenering van het artikel.",
                            "en": "It checks our copy, not the article's reasoning."},
    "why.miscopied": {"nl": "De eigen cijfers van het artikel geven dit getal niet.",
                      "en": "The article's own figures do not give this number."},
    "why.narrower": {"nl": "De enquêtevraag is beperkter dan de bewering.",
                     "en": "The survey question is narrower than the claim."},
    "why.other_item": {"nl": "De enquêtevraag vraagt iets anders dan de bewering; het oordeel gaat over die vraag.",
                       "en": "The survey question asks something other than the claim; the verdict is about that question."},
    "also": {"nl": "Elders nog eens gezegd: {names}.", "en": "Said again elsewhere: {names}."},
    "derivation": {"nl": "Hoe dit is afgeleid", "en": "How this was derived"},
    "col.why": {"nl": "Waarom", "en": "Why"},
    # the overview chart of every headline share (its labels are short labels of the items)
    "overview.title": {"nl": "Elk kerncijfer met zijn {level}%-betrouwbaarheidsinterval, naast wat het artikel erover zegt",
                       "en": "Every headline share with its {level}% confidence interval, beside what the article says"},
    "overview.caption": {"nl": "Aandeel van alle respondenten per vraag, n per vraag; de beweringen van het artikel "
                                "over dezelfde vraag kunnen een ander antwoord toetsen dan het getoonde aandeel; {icons}.",
                         "en": "Share of all respondents per question, n per question; the article's claims on the same "
                                "question may test another answer than the share shown; {icons}."},
    "overview.claims": {"nl": "Het artikel over deze vraag", "en": "The article on this question"},
    "overview.alt_row": {"nl": "{label}: {share}% ({low} tot {high}%, n = {n}){claim}",
                         "en": "{label}: {share}% ({low} to {high}%, n = {n}){claim}"},
    "overview.alt_claim": {"nl": "; het artikel: {claims}", "en": "; the article: {claims}"},
    "topic.skills_sufficient": {"nl": "Vaardigheden voldoende (eens of zeer eens)",
                                "en": "Skills sufficient (agree or strongly agree)"},
    "topic.training_courses": {"nl": "Cursussen gevolgd bij de gemeente", "en": "Took courses at the municipality"},
    "topic.avg_awareness": {"nl": "Bekend met de AVG", "en": "Aware of the GDPR (AVG)"},
    "topic.privacy_instructions": {"nl": "Instructies over privacy gekregen", "en": "Received privacy instructions"},
    "topic.employer_increased_knowledge": {"nl": "Werkgever versterkte de kennis (voldoende of ruim)",
                                           "en": "Employer strengthened knowledge (sufficiently or more)"},
    "topic.handles_differently": {"nl": "Gaat anders om met vertrouwelijke informatie",
                                  "en": "Handles confidential information differently"},
    "topic.government_keeps_up": {"nl": "Overheid kan het bijhouden (zeker of waarschijnlijk)",
                                  "en": "Government can keep up (certainly or probably)"},
    "topic.prepared_digital": {"nl": "Voorbereid op digitaal werken (zeer goed of goed)",
                               "en": "Prepared for digital work (very well or well)"},
    "topic.more_ict_specialists": {"nl": "Meer ict-specialisten helpt (zeker of waarschijnlijk)",
                                   "en": "More ICT specialists would help (certainly or probably)"},
    "topic.education_more_digital": {"nl": "Meer digitale vaardigheden in HBO en WO (eens)",
                                     "en": "More digital skills in higher education (agree)"},
    "topic.education_at_expense": {"nl": "Desnoods ten koste van inhoudelijke vakken (ja)",
                                   "en": "At the expense of subject courses if need be (yes)"},
    "col.note": {"nl": "Toelichting", "en": "Notes"},
    "copied": {"nl": "{count} {count:bewering herhaalt|beweringen herhalen} alleen een gedrukt cijfer",
               "en": "{count} {count:claim only repeats|claims only repeat} a printed figure"},
}

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u00c0-\u00de\u2018'\"(])")
WORD = re.compile(r"[^\W_][\w'\u2019.,%-]*", re.UNICODE)


def text(key: str, lang: str, **fields: object) -> str:
    """Fill the plain-layer template ``key`` in ``lang`` (:func:`helpers.words.labels.render`)."""
    return labels.render(TEMPLATES, key, lang, what="plain template", **fields)


def verdict_label(outcome: str, lang: str) -> str:
    """The plain verdict label of an outcome code ("Klopt", "Holds"); KeyError listing the codes if unknown."""
    if outcome not in LABELS:
        raise KeyError(f"unknown outcome {outcome!r}; allowed: {', '.join(LABELS)}")
    return LABELS[outcome][labels.check_lang(lang)]


def verdict_icon(outcome: str) -> str:
    """The shape that stands beside the label's colour (the cue that does not need colour)."""
    if outcome not in ICONS:
        raise KeyError(f"unknown outcome {outcome!r}; allowed: {', '.join(ICONS)}")
    return ICONS[outcome]


def quoted(words: object) -> str:
    """Words of the article or the survey, marked as a quotation (‘...’)."""
    return f"\u2018{str(words).strip()}\u2019"


def _options(cell: object) -> list[str]:
    return [option for option in str(cell or "").split(";") if option]


def _answers(survey: data.Survey, question_id: str, options: list[str], lang: str) -> str:
    if not options:
        return ""
    table = data.options(survey, question_id).set_index("option_id")
    shown = [quoted(table.at[option, f"option_{lang}"]) for option in options if option in table.index]
    if not shown:
        return ""
    joined = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {text('and', lang)} {shown[-1]}"
    return text("answers.one" if len(shown) == 1 else "answers.many", lang, answers=joined)


def claim_sentence(survey: data.Survey, claim: dict | pd.Series, lang: str) -> str:
    """The claim in the article's words, as one sentence: in English its English rendering
    (``claim_en``); in Dutch the article's key words (quoted) and what they are about, the item's
    wording and answers (quoted), as the data hold them."""
    lang = labels.check_lang(lang)
    if lang == "en":
        return str(claim["claim_en"]).strip()
    phrase = quoted(claim["phrase_nl"])
    question_id = str(claim.get("question_id") or "")
    other = str(claim.get("other_question_id") or "")
    if not question_id:
        return text("claim.open", lang, phrase=phrase)
    wording = quoted(question_wording(survey, question_id, lang))
    if other:
        return text("claim.items", lang, phrase=phrase, wording=wording,
                    other=quoted(question_wording(survey, other, lang)))
    return text("claim.item", lang, phrase=phrase, wording=wording,
                answers=_answers(survey, question_id, _options(claim.get("options")), lang))


def claim_short(claim: dict | pd.Series, lang: str) -> str:
    """A claim named inside a sentence: the article's key words in Dutch, its English rendering in English."""
    if labels.check_lang(lang) == "nl":
        return quoted(claim["phrase_nl"])
    return quoted(str(claim["claim_en"]).strip().rstrip("."))


def figure(quantity: str, estimate: float, lang: str, largest: bool = False) -> str:
    """The deciding number in words: "about 81%", "a gap of about 35 points" (whole numbers, no range)."""
    x = labels.number(abs(estimate), lang, 0)
    if quantity == "balance":
        if round(estimate) == 0:
            return text("fig.balance_even", lang)
        return text("fig.balance_negative" if estimate < 0 else "fig.balance_positive", lang, x=x)
    if quantity == "difference":
        return text("fig.difference", lang, x=x)
    if quantity == "poles":
        return text("fig.poles", lang, x=x)
    if largest or quantity == "largest_share":
        return text("fig.largest_share", lang, x=x)
    return text("fig.share", lang, x=x)


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


SCOPE_SENTENCES = {"narrower_item": "why.narrower", "other_item": "why.other_item"}  # hypotheses.csv scope


def why_sentences(record: dict | pd.Series, lang: str, survives_holm: bool = True,
                  n_caveats: Sequence[tuple[str, str, int]] = ()) -> list[str]:
    """One or two short sentences why a claim got its verdict, from its verdict record
    (:func:`helpers.audit.verdicts.verdicts`): no formula, no range notation, no n unless it is the
    point. ``survives_holm`` False (a decided verdict whose hypothesis does not survive Holm's
    correction): the second sentence says so instead of "even allowing for chance". An undetermined
    claim of equality says that the margin, not the direction, is what the data cannot settle.
    ``n_caveats``: ``(basis, question_id, n)`` for each item the verdict reads whose n the article
    does not print for it (basis ``assumed``: no n at all; ``shared_caption``: a caption its chart
    shares): a verdict on a hypothesis then says, per item, what its n rests on."""
    lang = labels.check_lang(lang)
    outcome, method = record["outcome"], record["method"]
    if outcome == "transcription":
        return [text("why.transcription", lang), text("why.transcription.2", lang)]
    if outcome == "not_verifiable":
        if method == "causal":
            return [text("why.causal", lang), text("why.causal.2", lang)]
        return [text("why.qualitative" if method == "qualitative" else "why.unmeasured", lang)]
    if not record["hypothesis_id"]:  # a printed figure the tables do not give
        return [text("why.miscopied", lang)]
    quantity = str(record["quantity"])
    out: list[str]
    if outcome == "depends_on_reading":
        out = [text(f"reads.{reading_outcome}", lang, reading=text(f"reading.{name}", lang),
                    fig=figure(reading_quantity, estimate, lang, largest=name == "per_option"))
               for name, reading_outcome, estimate, _low, _high, reading_quantity in record["readings"]]
    else:
        fig = figure(quantity, float(record["estimate"]), lang)
        second = f"why.{outcome}.2"
        if outcome == "undetermined" and record["comparator"] == "equivalent":
            second = "why.undetermined.equivalent"
        elif outcome in ("supported", "contradicted") and not survives_holm:
            second = "why.not_holm"
        out = [text(f"why.{outcome}", lang, fig=fig), text(second, lang)]
    if record["scope"] in SCOPE_SENTENCES:  # the item measures another question than the claim's words
        out.append(text(SCOPE_SENTENCES[record["scope"]], lang))
    if outcome in ("supported", "contradicted", "undetermined", "depends_on_reading"):
        out += [text(f"why.n.{basis}", lang, topic=quoted(topic(question_id, lang)), n=n)
                for basis, question_id, n in n_caveats]
    return [_capital(sentence) for sentence in out]


def also_said(claims: list[dict | pd.Series], lang: str) -> str:
    """The sentence naming other claims of the article that test the same hypothesis (shown once)."""
    return text("also", lang, names=", ".join(claim_short(claim, lang) for claim in claims))


def icon_legend(outcomes: list[str], lang: str) -> str:
    """What each icon means, for a chart's caption: "✓ Klopt, ? Niet vast te stellen"."""
    return ", ".join(f"{verdict_icon(outcome)} {verdict_label(outcome, lang)}" for outcome in dict.fromkeys(outcomes))


def topic(question_id: str, lang: str) -> str:
    """A short label of an item for a chart row (its full wording is on the section pages)."""
    return text(f"topic.{question_id}", lang)


def sentences(paragraph: str) -> list[str]:
    """A paragraph of the plain layer as sentences (split after . ! ? before a capital or a quote)."""
    return [part for part in SENTENCE_END.split(paragraph.strip()) if part]


def word_count(sentence: str) -> int:
    """Words in a sentence (numbers and quoted words count as words)."""
    return len(WORD.findall(sentence))
