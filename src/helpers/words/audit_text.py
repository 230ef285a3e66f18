"""The audit's wording: statuses, notes, rule texts and issue sentences, in Dutch and English.

Every reader-facing string of the audit modules lives in :data:`TEMPLATES` (filled through
:func:`helpers.words.labels.render`); the audit's column names are English identifiers.
"""

from __future__ import annotations

import pandas as pd

from ..core import data
from . import labels

MINUS = "\u2212"
DASH = "\u2013"

TEMPLATES: dict[str, dict[str, str]] = {
    # statuses as displayed
    "status.supported": {"en": "supported", "nl": "ondersteund"},
    "status.contradicted": {"en": "contradicted", "nl": "weersproken"},
    "status.undetermined": {"en": "undetermined", "nl": "onbeslist"},
    "status.depends_on_reading": {"en": "depends on reading", "nl": "hangt af van de lezing"},
    "status.not_verifiable": {"en": "not verifiable", "nl": "niet te controleren"},
    "status.transcription": {"en": "transcription", "nl": "overgenomen cijfer"},
    # the audit's first screen
    "headline": {"en": "Of the article's {claims} checked statements, {transcription} only "
                       "{transcription:repeats|repeat} a printed figure (transcription checks: they test our copy of "
                       "the data, not the article, and are not counted). The other {informative} make {counted} "
                       "distinct {counted:claim|claims} ({shared} {shared:repeats|repeat} a claim already counted): "
                       "{supported} {supported:is|are} supported by the data (the deciding interval lies wholly on the "
                       "side of the claim), {contradicted} {contradicted:is|are} contradicted, {undetermined} "
                       "{undetermined:is|are} undetermined (the data cannot tell), {depends} {depends:depends|depend} "
                       "on how {depends:it is|they are} read and {unverifiable} cannot be checked from the published "
                       "figures.",
                 "nl": "Van de {claims} gecontroleerde uitspraken in het artikel {transcription:herhaalt|herhalen} "
                       "er {transcription} alleen een gedrukt cijfer (transcriptiecontroles: ze toetsen onze "
                       "overname, niet het artikel, en tellen niet mee). De overige {informative} doen {counted} "
                       "verschillende {counted:bewering|beweringen} ({shared} {shared:herhaalt|herhalen} een "
                       "bewering die al meetelt): {supported} {supported:wordt|worden} door de cijfers ondersteund "
                       "(het beslissende interval ligt helemaal aan de kant van de bewering), {contradicted} "
                       "{contradicted:wordt|worden} weersproken, {undetermined} {undetermined:is|zijn} onbeslist (de "
                       "cijfers beslissen het niet), {depends} {depends:hangt|hangen} af van de lezing en "
                       "{unverifiable} {unverifiable:is|zijn} niet te controleren met de gepubliceerde cijfers."},
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
    "rule.transcription": {"en": "the printed figure against itself", "nl": "het gedrukte cijfer tegen zichzelf"},
    "rule.comparison": {"en": "share {op} other share for all values within rounding",
                        "nl": "aandeel {op} ander aandeel voor alle waarden binnen de afronding"},
    "rule.frechet": {"en": "share {op} other share; overlap by Fr\u00e9chet bounds",
                     "nl": "aandeel {op} ander aandeel; overlap volgens Fr\u00e9chet-grenzen"},
    "rule.sample_size": {"en": "n of the question", "nl": "n van de vraag"},
    # notes
    "note.range": {"en": "rounding range at n = {n}{assumed}: {low}{dash}{high}%",
                   "nl": "afrondingsbereik bij n = {n}{assumed}: {low}{dash}{high}%"},
    # after "n = 280" of an item whose n the article does not print
    "n.assumed": {"en": " (assumed, not printed in the article)", "nl": " (aangenomen, niet gedrukt in het artikel)"},
    "n.assumed_short": {"en": " (assumed)", "nl": " (aangenomen)"},  # the same, in a table cell
    # after "n = 475" of an item with no caption of its own (n_scenarios.csv basis shared_caption)
    "n.shared_caption": {"en": " (from a caption this chart shares with another chart, not printed for this one)",
                         "nl": " (uit een bijschrift dat deze grafiek met een andere grafiek deelt, niet bij deze "
                               "grafiek gedrukt)"},
    "n.shared_caption_short": {"en": " (shared caption)", "nl": " (gedeeld bijschrift)"},
    # after the n of an item under a scenario other than the reading questions.csv records
    "n.scenario": {"en": " (assumed under the chosen n scenario)", "nl": " (aangenomen volgens het gekozen n-scenario)"},
    "n.scenario_short": {"en": " (scenario)", "nl": " (scenario)"},
    "note.fallback": {"en": "no count vector of n = {n} fits the printed shares; each part \u00b10.5 used",
                      "nl": "geen telling van n = {n} past bij de gedrukte percentages; elk deel \u00b10,5 gebruikt"},
    "note.words": {"en": "the share is printed in words; recomputed as 100 {minus} {parts}",
                   "nl": "het aandeel staat er in woorden; herberekend als 100 {minus} {parts}"},
    "note.single_equal": {"en": "repeats the option's printed share; no check of the article's reasoning",
                          "nl": "herhaalt het gedrukte percentage; geen controle van de redenering van het artikel"},
    "note.single_differs": {"en": "the option's printed share is {value}%, not {published}%",
                            "nl": "het gedrukte percentage van de optie is {value}%, niet {published}%"},
    "note.sum_equal": {"en": "{parts} = {value}", "nl": "{parts} = {value}"},
    "note.sum_within": {"en": "{parts} = {value}, not {published}; {published} is reachable within rounding",
                        "nl": "{parts} = {value}, niet {published}; {published} ligt binnen de afronding"},
    "note.point": {"en": "compatible counts give {point}% ({low}{dash}{high})",
                   "nl": "verenigbare aantallen geven {point}% ({low}{dash}{high})"},
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
                               "nl": "de bewering noemt {published}%, de tabel {value}%"},
    "note.comparison": {"en": "{a}% ({a_low}{dash}{a_high}) vs {b}% ({b_low}{dash}{b_high})",
                        "nl": "{a}% ({a_low}{dash}{a_high}) tegen {b}% ({b_low}{dash}{b_high})"},
    "note.frechet": {"en": "{bases}; only if the same respondents answered both (assumed common base "
                           "of n = {n}, the larger item's count bounded within that group first): both "
                           "{both_low}{dash}{both_high}%, first but not second {only_low}{dash}{only_high}% "
                           "(over every subset and count that fit the printed figures; no cross-table published)",
                     "nl": "{bases}; alleen als dezelfde respondenten beide vragen beantwoordden "
                           "(aangenomen gemeenschappelijke basis van n = {n}, het aantal van de grotere vraag eerst "
                           "binnen die groep begrensd): allebei {both_low}{dash}{both_high}%, wel het eerste maar "
                           "niet het tweede {only_low}{dash}{only_high}% (over elke deelgroep en elk aantal dat bij "
                           "de gedrukte cijfers past; geen kruistabel gepubliceerd)"},
    "bases.same": {"en": "both items have n = {n_a}", "nl": "beide vragen hebben n = {n_a}"},
    "bases.differ": {"en": "different bases, n = {n_a} and n = {n_b}: at least {only_one} respondents answered only "
                           "one of the two",
                     "nl": "verschillende bases, n = {n_a} en n = {n_b}: minstens {only_one} respondenten "
                           "beantwoordden maar \u00e9\u00e9n van beide vragen"},
    "bases.unknown": {"en": "the bases are not known to be the same: n = {n_a}{unknown_a} and n = {n_b}{unknown_b}",
                      "nl": "niet bekend of de bases gelijk zijn: n = {n_a}{unknown_a} en n = {n_b}{unknown_b}"},
    "reading.both": {"en": "reading {main_name}: {main}; reading {alt_name}: {alt}",
                     "nl": "lezing {main_name}: {main}; lezing {alt_name}: {alt}"},
    "reading.verdict": {"en": "{value} \u2192 {extent}", "nl": "{value} \u2192 {extent}"},
    "reading.name.summed": {"en": "groups summed", "nl": "groepen opgeteld"},
    "reading.name.per_option": {"en": "per group", "nl": "per groep"},
    "reading.name.text_polarity": {"en": "as the text", "nl": "als de tekst"},
    "reading.name.title_polarity": {"en": "as the chart title", "nl": "als de grafiektitel"},
    "reading.name.threshold": {"en": "both sides sizeable (thresholds)", "nl": "beide kanten fors (drempels)"},
    "reading.name.balanced": {"en": "evenly balanced (difference not statistically significant)",
                              "nl": "in evenwicht (verschil niet statistisch significant)"},
    "reading.name.below": {"en": "positive side statistically significantly below the negative side",
                           "nl": "positieve kant statistisch significant kleiner dan de negatieve"},
    "holds.yes": {"en": "holds", "nl": "klopt"},
    "holds.no": {"en": "fails", "nl": "klopt niet"},
    "note.balance": {"en": "positive minus negative {diff} points ({level}% CI {low} to {high}, n = {n}{assumed}, "
                           "multinomial covariance)",
                     "nl": "positief min negatief {diff} procentpunten ({level}%-BI {low} tot {high}, n = {n}{assumed}, "
                           "multinomiale covariantie)"},
    "note.sample_size": {"en": "n of '{question}' is {n} ({status}); its shares fit n = {n} with rounding: {rules}",
                         "nl": "n van '{question}' is {n} ({status}); de percentages passen bij n = {n} met afronding: {rules}"},
    "note.sample_size_unknown": {"en": "n of '{question}' is not published", "nl": "n van '{question}' is niet gepubliceerd"},
    "note.causal": {"en": "a causal link between two questions cannot be checked from their marginals (no cross-table, "
                          "no design for causal inference)",
                    "nl": "een oorzakelijk verband tussen twee vragen is niet te toetsen aan hun marges (geen kruistabel, "
                          "geen opzet voor causale conclusies)"},
    "note.qualitative": {"en": "open answers: no share is published", "nl": "open antwoorden: er is geen aandeel gepubliceerd"},
    "note.missing": {"en": "the claim lacks {needed}", "nl": "de bewering mist {needed}"},
    "what.options": {"en": "the options it is about", "nl": "de opties waarover ze gaat"},
    "none": {"en": "none", "nl": "geen"},
    # rounding consistency
    "total.exact": {"en": "adds up to 100", "nl": "telt op tot 100"},
    "total.explained": {"en": "{total}: rounding {k} options can move the total by up to {max_shift}; "
                              "counts of n = {n} exist",
                        "nl": "{total}: afronding van {k} opties kan het totaal tot {max_shift} verschuiven; "
                              "er bestaan tellingen van n = {n}"},
    "total.flagged": {"en": "{total}: no count vector of n = {n} rounds to these shares with rounding {rounding}",
                      "nl": "{total}: geen telling van n = {n} geeft deze percentages bij afronding {rounding}"},
    "total.missing": {"en": "{missing}% not published; counts of n = {n} exist",
                      "nl": "{missing}% niet gepubliceerd; er bestaan tellingen van n = {n}"},
    "total.missing_flagged": {"en": "{missing}% not published; even so no count vector of n = {n} fits with "
                                    "rounding {rounding}",
                              "nl": "{missing}% niet gepubliceerd; toch past geen telling van n = {n} bij afronding {rounding}"},
    "fill.scale": {"en": "{k} unpublished {k:point|points} of the answer scale",
                   "nl": "{k} niet {k:gepubliceerd punt|gepubliceerde punten} van de antwoordschaal"},
    "fill.neutral": {"en": "a neutral option", "nl": "een neutrale optie"},
    "fill.left_out": {"en": "options the text did not name, as the answer scale is not published",
                      "nl": "opties die de tekst niet noemt, want de antwoordschaal is niet gepubliceerd"},
    "fill.dont_know": {"en": "'weet niet', don't know", "nl": "'weet niet'"},
    "fill.lead": {"en": "the unpublished share could be: {answers}", "nl": "het niet gepubliceerde deel kan zijn: {answers}"},
    "fill.words": {"en": "none needed: {options} printed in words", "nl": "niet nodig: {options} in woorden"},
    # wording puzzle
    "reading.text": {"en": "text: agree or strongly agree that skills are sufficient",
                     "nl": "tekst: eens of zeer eens dat de vaardigheden voldoende zijn"},
    "reading.title": {"en": "chart title: agree or strongly agree that skills are NOT sufficient",
                      "nl": "grafiektitel: eens of zeer eens dat de vaardigheden NIET voldoende zijn"},
    "implication.confidence": {"en": "'{phrase}' ({rule}): {status}",
                               "nl": "'{phrase}' ({rule}): {status}"},
    "implication.training": {"en": "only if the same respondents answered both items (assumed common base of "
                                   "n = {n}; {bases}): {low}{dash}{high}% both {state} and took no courses "
                                   "(Fr\u00e9chet bounds over every count that fits the printed {a}% and {b}%)",
                             "nl": "alleen als dezelfde respondenten beide vragen beantwoordden (aangenomen "
                                   "gemeenschappelijke basis van n = {n}; {bases}): {low}{dash}{high}% is {state} en "
                                   "volgde geen cursussen (Fr\u00e9chet-grenzen over elk aantal dat bij de gedrukte {a}% en "
                                   "{b}% past)"},
    # the larger item's count bounded within the smaller one's group first (issue 19 kind 3)
    "implication.training_subset": {
        "en": "only if the {n} who answered the training item are among the {n_full} who answered the skills item "
              "(assumed common base of n = {n}; {bases}): the {a}% of all {n_full} can be {group_low} to {group_high} "
              "of those {n} ({group_low_pct}{dash}{group_high_pct}%), so {low}{dash}{high}% of them are both {state} "
              "and took no courses (bounded over every subset of the {n_full} and every count that fit the printed "
              "{a}% and {b}%; not the Fr\u00e9chet bounds of {a}% and {b}% on one base)",
        "nl": "alleen als de {n} die de vraag over cursussen beantwoordden tot de {n_full} behoren die de vraag over "
              "vaardigheden beantwoordden (aangenomen gemeenschappelijke basis van n = {n}; {bases}): de {a}% van alle "
              "{n_full} kan {group_low} tot {group_high} van die {n} zijn ({group_low_pct}{dash}{group_high_pct}%), "
              "dus {low}{dash}{high}% van hen is {state} en volgde geen cursussen (begrensd over elke deelgroep van de "
              "{n_full} en elk aantal dat bij de gedrukte {a}% en {b}% past; niet de Fr\u00e9chet-grenzen van {a}% en "
              "{b}% op \u00e9\u00e9n basis)",
    },
    "state.sufficient": {"en": "satisfied with their skills", "nl": "tevreden over de eigen vaardigheden"},
    "state.insufficient": {"en": "dissatisfied with their skills", "nl": "ontevreden over de eigen vaardigheden"},
    # issues found
    "issue.contradicted": {"en": "{claim} is contradicted by the data: recomputed {recomputed}, hypothesis '{rule}'; "
                                 "{note}.",
                           "nl": "{claim} wordt door de cijfers weersproken: herberekend {recomputed}, hypothese "
                                 "'{rule}'; {note}."},
    "issue.depends": {"en": "{claim} depends on reading: {note}.",
                      "nl": "{claim} hangt af van de lezing: {note}."},
    "issue.undetermined": {"en": "{claim} is undetermined: the data can neither confirm nor refute '{rule}'; {note}.",
                           "nl": "{claim} is onbeslist: de cijfers bevestigen noch weerleggen '{rule}'; {note}."},
    "issue.not_verifiable": {"en": "{count} {count:claim|claims} cannot be checked from the published figures: {claims}.",
                             "nl": "{count} {count:bewering is|beweringen zijn} niet te controleren met de gepubliceerde "
                                   "cijfers: {claims}."},
    "issue.total": {"en": "'{question}': the printed shares add up to {total}% ({explanation}).",
                    "nl": "'{question}': de gedrukte percentages tellen op tot {total}% ({explanation})."},
    "issue.rounding_none": {"en": "Rounding: every question's printed shares fit every plausible n ({n_values}) under "
                                  "both rounding rules; no printed n is ruled out by the percentages.",
                            "nl": "Afronding: de percentages van elke vraag passen bij elke plausibele n ({n_values}) "
                                  "onder beide afrondingsregels; geen gedrukte n valt af op grond van de percentages."},
    "issue.rounding_fail": {"en": "'{question}' at n = {n} (rounding {rounding}): no count vector fits the printed shares.",
                            "nl": "'{question}' bij n = {n} (afronding {rounding}): geen telling past bij de percentages."},
    "issue.n_puzzle": {"en": "n puzzle: {printed} printed n values for {charts} charts; the rounding rules out "
                             "{ruled_out} chart/n {ruled_out:pair|pairs}, so {allowed} of {total} assignments (each caption used "
                             "at least once) remain under both rules; every scenario is compatible: {scenarios}.",
                       "nl": "n-puzzel: {printed} gedrukte n-waarden voor {charts} grafieken; de afronding sluit "
                             "{ruled_out} {ruled_out:combinatie|combinaties} van grafiek en n uit, dus {allowed} van {total} toewijzingen "
                             "(elk onderschrift minstens eens gebruikt) blijven over onder beide regels; elk "
                             "scenario past: {scenarios}."},
    "issue.n_puzzle_none": {
        "en": "n puzzle: {printed} printed n values for {charts} charts; the rounding rules out no assignment of "
              "them ({allowed} of {total} assignments, each caption used at least once, remain), so the percentages "
              "cannot tell which caption belongs to which chart. This is no check that holds: it excludes nothing.",
        "nl": "n-puzzel: {printed} gedrukte n-waarden voor {charts} grafieken; de afronding sluit geen enkele "
              "toewijzing uit ({allowed} van {total} toewijzingen, elk onderschrift minstens eens gebruikt, blijven "
              "over), dus de percentages kunnen niet zeggen welk onderschrift bij welke grafiek hoort. Dit is geen "
              "controle die klopt: ze sluit niets uit."},
    "issue.wording": {"en": "Wording: the chart title is negative ('niet voldoende') but the text reports "
                            "agreement with sufficient skills; read as the title, {share}% would find their skills "
                            "insufficient and '{phrase}' would be rated '{status}'.",
                      "nl": "Formulering: de grafiektitel is negatief ('niet voldoende'), de tekst meldt instemming "
                            "met voldoende vaardigheden; volgens de titel vindt {share}% de eigen vaardigheden "
                            "onvoldoende en zou '{phrase}' als '{status}' gelden."},
    "issue.anomaly.municipal": {
        "en": "Who was asked: the training item asks about courses '{quote}' (chart {chart}: \"{wording}\"), so the "
              "respondents may be municipal staff rather than civil servants at large, while the text speaks of "
              "'ambtenaren'.",
        "nl": "Wie is er gevraagd: de vraag over scholing gaat over cursussen '{quote}' (grafiek {chart}: "
              "\"{wording}\"); de respondenten zijn dus mogelijk gemeenteambtenaren en niet ambtenaren in het "
              "algemeen, terwijl de tekst over 'ambtenaren' spreekt."},
    "issue.anomaly.employer": {
        "en": "Keep-up item: the text frames it as trust that 'hun werkgever' can keep up, while the chart asks "
              "whether '{quote}' can keep up with the digitalisation of businesses (chart {chart}: \"{wording}\").",
        "nl": "Bijhouden: de tekst brengt het als vertrouwen dat 'hun werkgever' het bijbeent, terwijl de grafiek "
              "vraagt of '{quote}' de digitalisering van bedrijven kan bijhouden (grafiek {chart}: \"{wording}\")."},
    "issue.anomaly.hbo": {
        "en": "Education item: the text speaks of 'hbo' only, while the chart asks about '{quote}' (chart {chart}).",
        "nl": "Onderwijs: de tekst spreekt alleen over 'hbo', terwijl de grafiek vraagt naar '{quote}' "
              "(grafiek {chart})."},
    "issue.anomaly.attrition": {
        "en": "Base: the item n falls to {smallest} ({share}% of the {total} participants, caption of chart "
              "{chart}), while the text keeps writing of 'de ambtenaren' as if all {total} answered.",
        "nl": "Basis: de n per vraag daalt tot {smallest} ({share}% van de {total} deelnemers, bijschrift van "
              "grafiek {chart}), terwijl de tekst over 'de ambtenaren' blijft schrijven alsof alle {total} "
              "antwoordden."},
    "issue.smallest_n": {
        "en": "Assumed n: {count} {count:item without a printed n is|items without a printed n are} analysed at "
              "n = {assumed} (an assumption, not a lower bound); {count:its|their} printed shares fit much smaller "
              "n: {items}.",
        "nl": "Aangenomen n: {count} {count:vraag|vragen} zonder gedrukte n {count:wordt|worden} geanalyseerd bij "
              "n = {assumed} (een aanname, geen ondergrens); {count:de|hun} gedrukte percentages passen bij veel "
              "kleinere n: {items}."},
    "issue.smallest_n_item": {"en": "'{question}' from n = {n}", "nl": "'{question}' vanaf n = {n}"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
}


def text(key: str, lang: str, **fields: object) -> str:
    """Fill the audit template ``key`` in ``lang`` ("nl" or "en"), with the en dash and minus sign at hand.

    The look-up and its errors are :func:`helpers.words.labels.render`'s, shared with the other modules.
    """
    return labels.render(TEMPLATES, key, lang, what="audit template", dash=DASH, minus=MINUS, **fields)


def n_assumed(survey, question_id: str, lang: str, short: bool = False, scenario: str | None = None,
              inside: bool = False) -> str:
    """" (assumed, not printed in the article)" to follow "n = 280" of an item whose n the article
    does not print (``n_status`` "unknown"); " (from a caption this chart shares with another chart,
    ...)" for an n taken from a shared caption (``n_scenarios.csv`` basis ``shared_caption``), and
    " (assumed under the chosen n scenario)" for an inferred n under another ``scenario`` than the
    first (default); the short forms with ``short`` (a table cell); empty text for a stated n, an n
    from the chart's own caption, or none. ``inside``: the n already stands in parentheses ("(n = 280;
    p 0.1)"), so the note follows after a comma (", assumed, ...") rather than nesting a second pair."""
    if not question_id:
        return ""
    suffix = "_short" if short else ""
    key = ""
    if str(data.question(survey, question_id)["n_status"]) == "unknown":
        key = f"n.assumed{suffix}"
    elif (basis := data.n_basis(survey, question_id, scenario)) == "shared_caption":
        key = f"n.shared_caption{suffix}"
    elif basis in ("attrition", "smallest_caption"):
        key = f"n.scenario{suffix}"
    if not key:
        return ""
    note = text(key, lang)
    return ", " + note.strip()[1:-1] if inside else note


def claim_note(claim: pd.Series | dict, lang: str) -> str:
    """A claim's own caveat from ``claims.csv`` in ``lang``: ``note_nl`` for Dutch, ``note`` for English."""
    labels.check_lang(lang)
    return str(claim["note_nl" if lang == "nl" else "note"] or "")


def clause(sentence: str) -> str:
    """A sentence as a clause to follow a semicolon: no final full stop, first letter lower case
    (unless the first word is an abbreviation such as "AVG")."""
    sentence = sentence.strip().rstrip(".")
    if len(sentence) > 1 and sentence[0].isupper() and not sentence[1].isupper():
        return sentence[0].lower() + sentence[1:]
    return sentence


def question_wording(survey, question_id: str, lang: str) -> str:
    """How every report names a question: its wording in ``lang`` (the article's chart title, or our
    translation of it), never its id. ``survey`` is a :class:`helpers.core.data.Survey`."""
    key = ("wording", labels.check_lang(lang))
    if key not in survey.views:  # asked for in every table row and sentence that names a question
        # an item whose wording and the article's text point different ways carries the reading drawn
        survey.views[key] = {
            question_id: f"{wording} {labels.text(f'reading.short.{question_id}', lang)}" if reading else wording
            for question_id, wording, reading in zip(survey.questions["question_id"],
                                                     survey.questions[f"wording_{lang}"].astype(str),
                                                     survey.questions["drawn_reading"])}
    if question_id not in survey.views[key]:
        raise KeyError(f"unknown question_id {question_id!r}; known: {', '.join(survey.views[key])}")
    return survey.views[key][question_id]


def claim_wording(claims: pd.DataFrame | pd.Series, lang: str, quoted: bool = False) -> pd.Series | str:
    """How a report names a claim: its key words as the article prints them in Dutch, its English
    rendering in English (the audit's "Claim" column). A frame gives a Series, one claim a string.

    ``quoted=True`` marks the Dutch key words as the article's words (‘...’), as a table shows them.
    """
    labels.check_lang(lang)
    words = claims["phrase_nl" if lang == "nl" else "claim_en"]
    if not quoted or lang != "nl":
        return words
    return f"\u2018{words}\u2019" if isinstance(words, str) else "\u2018" + words.astype(str) + "\u2019"


def claim_name(claim: pd.Series | dict, lang: str) -> str:
    """A claim inside a sentence, by its words (never its id): in Dutch the article's key words in
    quotes, in English its English rendering followed by those Dutch words ("'A large majority ...'
    ('grote meerderheid')")."""
    phrase = f"'{claim['phrase_nl']}'"
    return phrase if labels.check_lang(lang) == "nl" else f"'{str(claim['claim_en']).rstrip('.')}' ({phrase})"


def _numbers(lang: str, **values: object) -> dict[str, str]:
    """Template fields from numbers, printed as the audit's prose prints them: ``labels.number`` with
    ``trim`` (85, but 66.7; decimal comma in Dutch; empty for a missing value)."""
    return {name: labels.number(value, lang, trim=True) for name, value in values.items()}


# how a note record's tuple field is joined in its template: the numeral parts a share printed in words is
# recomputed from ("100 − 50 − 30"), the options printed in words ("a, b")
RECORD_JOINS = {"parts": f" {MINUS} ", "options": ", "}


def notes_text(notes: tuple[tuple[str, tuple[tuple[str, object], ...]], ...], lang: str) -> str:
    """Language-free note records of the audit, ``(template key, fields)`` (a share range's notes,
    :func:`helpers.audit.ranges.share_range`; what could fill a total, :func:`helpers.audit.rounding.could_fill`),
    as one clause list in ``lang``: each template filled, a tuple field joined as :data:`RECORD_JOINS` says."""
    worded = []
    for key, fields in notes:
        fields = {name: RECORD_JOINS[name].join(str(part) for part in value) if isinstance(value, tuple) else value
                  for name, value in fields}
        worded.append(text(key, lang, **fields))
    return "; ".join(worded)
