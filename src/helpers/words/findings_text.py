"""The wording of the findings sentences (:mod:`helpers.words.findings`), in Dutch and English: the only
place their words live; every number is filled in from the data.
"""

from __future__ import annotations

TEMPLATES: dict[str, dict[str, str]] = {
    "base_all": {"en": "of respondents", "nl": "van de respondenten"},
    "base_opinion": {"en": "of respondents with an opinion", "nl": "van de respondenten met een mening"},
    "base_no_dont_know": {"en": "of all respondents (no don't-know share was published, so none is left out)",
                          "nl": "van alle respondenten (er is geen weet-niet-aandeel gepubliceerd, dus niets "
                                "weggelaten)"},
    "interval": {"en": "{level}% CI {low}–{high}%", "nl": "{level}%-BI {low}–{high}%"},
    "interval_scenarios": {"en": "{level}% CI {low}–{high}%; {scenario_low}–{scenario_high}% over the n scenarios",
                           "nl": "{level}%-BI {low}–{high}%; {scenario_low}–{scenario_high}% over de n-scenario's"},
    # an item whose n the article does not print: every sentence stating its share or interval says so
    "n.assumed": {"en": "n = {n} assumed, not printed in the article",
                  "nl": "n = {n} aangenomen, niet gedrukt in het artikel"},
    # every interval states its n and how that n is known (n_scenarios.csv basis), and the share's
    # count and its range over the counts that fit the printed figures (never a sum of rounded parts)
    "counts": {"en": "{count} of {n}, n {status}", "nl": "{count} van {n}, n {status}"},
    "counts_opinion": {"en": "{count} of the {n} with an opinion (n = {total}, {status})",
                       "nl": "{count} van de {n} met een mening (n = {total}, {status})"},
    "counts_assumed": {"en": "{count} of {n}; {assumed}", "nl": "{count} van {n}; {assumed}"},
    "counts_opinion_assumed": {"en": "{count} of the {n} with an opinion ({assumed})",
                               "nl": "{count} van de {n} met een mening ({assumed})"},
    "counts_range": {"en": "{counts}; {low}–{high}% over every count that fits the printed figures",
                     "nl": "{counts}; {low}–{high}% over alle aantallen die bij de gedrukte cijfers passen"},
    "counts_interval": {"en": "{counts}; {interval}", "nl": "{counts}; {interval}"},
    "n_basis.stated": {"en": "stated in the article", "nl": "vermeld in het artikel"},
    "n_basis.caption": {"en": "from a chart caption", "nl": "uit een grafiekbijschrift"},
    "n_basis.shared_caption": {"en": "from a caption this chart shares with another chart, not printed for this one",
                               "nl": "uit een bijschrift dat deze grafiek met een andere grafiek deelt, niet bij "
                                     "deze grafiek gedrukt"},
    "n_basis.assumed": {"en": "assumed, not printed in the article", "nl": "aangenomen, niet gedrukt in het artikel"},
    "n_basis.scenario": {"en": "assumed under the chosen n scenario", "nl": "aangenomen volgens het gekozen n-scenario"},
    "share_counted": {"en": "{share}% ({count} of {n})", "nl": "{share}% ({count} van {n})"},
    "share_counted_range": {"en": "{share}% ({count} of {n}; {low}–{high}% over every count that fits)",
                            "nl": "{share}% ({count} van {n}; {low}–{high}% over alle passende aantallen)"},
    # a key number whose claim the audit cannot decide, or decides differently per reading
    "caveat.depends_on_reading": {
        "en": "Caveat: the audit finds that the claim in the article {claim} on this figure depends on the reading "
              "({readings}).",
        "nl": "Kanttekening: volgens de controle hangt de bewering {claim} van het artikel over dit cijfer af van "
              "de lezing ({readings}).",
    },
    "caveat.undetermined": {
        "en": "Caveat: the data cannot tell whether the claim in the article {claim} on this figure holds ({rule}: "
              "undetermined).",
        "nl": "Kanttekening: de cijfers beslissen niet of de bewering {claim} van het artikel over dit cijfer klopt "
              "({rule}: onbeslist).",
    },
    "caveat.contradicted": {
        "en": "Caveat: the data contradict the claim in the article {claim} on this figure ({rule}: contradicted).",
        "nl": "Kanttekening: de cijfers weerspreken de bewering {claim} van het artikel over dit cijfer ({rule}: "
              "weersproken).",
    },
    "caveat.figure_contradicted": {
        "en": "Caveat: the figure in the article {claim} does not fit the chart's own figures (contradicted).",
        "nl": "Kanttekening: het cijfer {claim} in het artikel past niet bij de cijfers van de grafiek (weersproken).",
    },
    "caveat.reading": {"en": "read {name}, {estimate}{unit}: {outcome}", "nl": "gelezen {name}, {estimate}{unit}: {outcome}"},
    # an item answered by fewer than all participants: the share among all of them, worst and best case
    "nonresponse": {"en": "{interval}; of all {total} participants {low}–{high}%, if none or all of the {missing} "
                          "who did not answer this question would have",
                    "nl": "{interval}; van alle {total} deelnemers {low}–{high}%, als niemand of iedereen van de "
                          "{missing} die deze vraag niet beantwoordden dat zou hebben gedaan"},
    "sample.size": {
        "en": "{n} civil servants took part: {woman}% women and {man}% men.",
        "nl": "Er deden {n} ambtenaren mee: {woman}% vrouwen en {man}% mannen.",
    },
    "sample.ict": {
        "en": "{fully}% work fully and {partly}% partly in ICT or ICT policy, {other}% in other fields; "
              "together {total}%, {total_note}.",
        "nl": "{fully}% werkt geheel en {partly}% gedeeltelijk in ict of ict-beleid, {other}% op andere "
              "terreinen; samen {total}%, {total_note}.",
    },
    "sample.ict_in": {
        "en": "Fully or partly in ICT: {share}% ({interval}); {verdict}.",
        "nl": "Geheel of gedeeltelijk in ict: {share}% ({interval}); {verdict}.",
    },
    "sample.ict_small": {
        "en": "that is a small group by our rule (at most {limit}%)",
        "nl": "dat is een kleine groep volgens onze regel (hoogstens {limit}%)",
    },
    "sample.ict_not_small": {
        "en": "more than a small group by our rule (at most {limit}%)",
        "nl": "meer dan een kleine groep volgens onze regel (hoogstens {limit}%)",
    },
    "sample.representativeness": {
        "en": "The article does not say how respondents were recruited, and it publishes no weights: the shares "
              "describe these {n} respondents. The intervals speak about all Dutch civil servants only under the "
              "assumption that the respondents are like a random sample of them, and cover sampling noise only.",
        "nl": "Het artikel zegt niet hoe de respondenten zijn geworven en publiceert geen gewichten: de percentages "
              "beschrijven deze {n} respondenten. De intervallen zeggen alleen iets over alle Nederlandse ambtenaren "
              "als de respondenten daaruit als een aselecte steekproef zijn getrokken, en dekken alleen steekproefruis.",
    },
    "total.exact": {"en": "as it should", "nl": "zoals het hoort"},
    "total.rounding": {"en": "a difference that rounding {k} shares can produce",
                       "nl": "een verschil dat afronding van {k} percentages kan opleveren"},
    "total.missing": {"en": "{missing}% of the answers is not published", "nl": "{missing}% van de antwoorden is niet gepubliceerd"},
    "skills.sufficient": {
        "en": "{share}% {base} agree or strongly agree that their digital skills are sufficient ({interval}); "
              "{negative} find them insufficient.",
        "nl": "{share}% {base} is het eens of zeer eens dat hun digitale vaardigheden voldoende zijn ({interval}); "
              "{negative} vindt ze onvoldoende.",
    },
    "skills.training": {
        "en": "{share}% {base} took no (extra) courses at the municipality in recent years ({interval}).",
        "nl": "{share}% {base} volgde de afgelopen jaren geen (extra) cursussen bij de gemeente ({interval}).",
    },
    "security.avg": {
        "en": "{avg}% know the AVG (GDPR) and {instructions}% received privacy instructions from their employer "
              "({assumed}). The intervals use that n; it is not a lower bound, since the printed figures fit any "
              "n from {smallest_avg} and {smallest_instructions} respectively.",
        "nl": "{avg}% kent de AVG en {instructions}% kreeg van de werkgever instructies over privacy ({assumed}). "
              "De intervallen gaan uit van die n; dat is geen ondergrens, want de gedrukte percentages passen "
              "bij elke n vanaf respectievelijk {smallest_avg} en {smallest_instructions}.",
    },
    "security.knowledge": {
        "en": "{share}% {base} say their employer strengthened their knowledge at least sufficiently ({interval}).",
        "nl": "{share}% {base} zegt dat de werkgever hun kennis minstens voldoende heeft versterkt ({interval}).",
    },
    "security.handles": {
        "en": "{share}% {base} handle confidential information differently than before ({interval}).",
        "nl": "{share}% {base} gaat anders om met vertrouwelijke informatie dan vroeger ({interval}).",
    },
    "security.bases_same": {
        "en": "Both figures have n = {n_a}, but the article gives no cross-table.",
        "nl": "Beide cijfers hebben n = {n_a}, maar een kruistabel ontbreekt.",
    },
    "security.bases_differ": {
        "en": "The two figures have different bases (n = {n_a} and n = {n_b}): at least {only_one} respondents "
              "answered only one of the two questions, and no cross-table is published.",
        "nl": "De twee cijfers hebben verschillende bases (n = {n_a} en n = {n_b}): minstens {only_one} "
              "respondenten beantwoordden maar één van beide vragen, en een kruistabel ontbreekt.",
    },
    "security.bases_unknown": {
        "en": "The two figures are not known to come from the same respondents (AVG: {n_a}; handling information: "
              "{n_b}), and no cross-table is published.",
        "nl": "Niet bekend is of beide cijfers van dezelfde respondenten komen (AVG: {n_a}; omgang met informatie: "
              "{n_b}), en een kruistabel ontbreekt.",
    },
    "n.known": {"en": "n = {n}", "nl": "n = {n}"},
    "n.status": {"en": "n = {n}, {status}", "nl": "n = {n}, {status}"},
    "n.scenario": {"en": "n = {n} as the chosen n scenario assumes", "nl": "n = {n} zoals het gekozen n-scenario aanneemt"},
    "security.frechet": {
        "en": "Only if the {n} respondents of the smaller question answered both (our assumption{assumed}), "
              "between {low}% and {high}% know the AVG yet did not report handling information differently.",
        "nl": "Alleen als de {n} respondenten van de kleinste vraag beide vragen beantwoordden (onze aanname{assumed}), "
              "kent tussen {low}% en {high}% de AVG maar meldt niet anders met informatie om te gaan.",
    },
    "security.subset": {
        "en": "The {share} handling information differently is a share of all {n_full} who answered that question "
              "(n {status}): "
              "a group of {n} of them can hold from {low} to {high} who said yes ({low_pct}–{high_pct}%), so "
              "their share among those {n} is not known.",
        "nl": "De {share} die anders met informatie omgaat, is een aandeel van alle {n_full} die die vraag "
              "beantwoordden (n {status}): een groep van {n} van hen kan {low} tot {high} ja-antwoorden bevatten "
              "({low_pct}–{high_pct}%), dus hun aandeel onder die {n} is niet bekend.",
    },
    "security.mcnemar": {
        "en": "On that assumed common base the gap is statistically significant under every count and joint table "
              "the marginals allow (McNemar, largest p {p}).",
        "nl": "Op die aangenomen gemeenschappelijke basis is het verschil statistisch significant bij alle aantallen "
              "en kruistabellen die de marges toelaten (McNemar, grootste p {p}).",
    },
    "security.mcnemar_not": {
        "en": "On that assumed common base, under some count and joint table the marginals allow the gap is not "
              "statistically significant (McNemar, largest p {p}): these figures cannot say how many individuals know the "
              "rule but did not change (the two shares themselves are compared in the audit, without a common base).",
        "nl": "Op die aangenomen gemeenschappelijke basis is het verschil bij sommige aantallen en kruistabellen die "
              "de marges toelaten niet statistisch significant (McNemar, grootste p {p}): deze cijfers zeggen niet hoeveel "
              "mensen de regel kennen maar niets veranderden (de twee aandelen zelf vergelijkt de controle, zonder "
              "gemeenschappelijke basis).",
    },
    "trust.keeps_up": {
        "en": "{share}% {base} expect government to keep up with digitalisation ({interval}), "
              "{negative} expect it will not.",
        "nl": "{share}% {base} verwacht dat de overheid de digitalisering kan bijhouden ({interval}), "
              "{negative} verwacht van niet.",
    },
    "trust.prepared": {
        "en": "{share}% {base} feel (very) well prepared for working with digital tools ({interval}); "
              "{negative} feel (very) poorly prepared.",
        "nl": "{share}% {base} voelt zich (zeer) goed voorbereid op werken met digitale middelen ({interval}); "
              "{negative} (zeer) slecht.",
    },
    "trust.specialists": {
        "en": "{share}% {base} think more ICT specialists would (certainly) help ({interval}); {negative} "
              "think not; the published options add up to {total}%, {total_note}.",
        "nl": "{share}% {base} denkt dat meer ict-specialisten (zeker) helpen ({interval}); {negative} "
              "denkt van niet; de gepubliceerde opties tellen op tot {total}%, {total_note}.",
    },
    "education.more": {
        "en": "{share}% {base} want higher education to teach more digital skills ({interval}), {negative} "
              "disagree; {missing}% of the answers is not published.",
        "nl": "{share}% {base} wil meer onderwijs in digitale vaardigheden in hbo en wo ({interval}), "
              "{negative} niet; {missing}% van de antwoorden is niet gepubliceerd.",
    },
    "education.expense": {
        "en": "At the expense of subject courses? {yes}% {base} yes ({interval}), {no} no.",
        "nl": "Ten koste van inhoudelijke vakken? {yes}% {base} ja ({interval}), {no} nee.",
    },
}
