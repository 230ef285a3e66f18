"""The wording of the precision tables, the design-effect table and the audit's multiplicity (Holm), Dutch and
English: :data:`TEMPLATES`, filled by :func:`text`. The numbers and tables are
:mod:`helpers.display.robustness`.
"""

from __future__ import annotations

from . import labels

TEMPLATES: dict[str, dict[str, str]] = {
    # precision table headings
    "col.question": {"en": "Question", "nl": "Vraag"},
    "col.n": {"en": "n", "nl": "n"},
    "col.n_effective": {"en": "Effective n (n / deff)", "nl": "Effectieve n (n / deff)"},
    "col.half_width": {"en": "± at observed shares (points)", "nl": "± bij de waargenomen aandelen (procentpunten)"},
    "col.half_width_50": {"en": "± at 50% (points)", "nl": "± bij 50% (procentpunten)"},
    "col.headline": {"en": "Headline share % (the options' count together, of n)",
                      "nl": "Hoofdaandeel % (aantal van de antwoorden samen, van n)"},
    "headline": {"en": "{share} ({options})", "nl": "{share} ({options})"},
    "col.versus": {"en": "Compared with item", "nl": "Vergeleken met item"},
    "col.mdd_independent": {"en": "Planning only: difference this n could detect, other item (points)",
                            "nl": "Alleen als ontwerpgetal: verschil dat deze n zou kunnen aantonen, ander item "
                                  "(procentpunten)"},
    "col.sides": {"en": "Options compared", "nl": "Vergeleken antwoorden"},
    "col.difference": {"en": "Difference (points)", "nl": "Verschil (procentpunten)"},
    "col.diff_ci": {"en": "Difference, {level}% CI (points)", "nl": "Verschil, {level}%-BI (procentpunten)"},
    "col.diff_p": {"en": "p of the difference", "nl": "p van het verschil"},
    "col.diff_verdict": {"en": "Observed difference, by its own test", "nl": "Waargenomen verschil, volgens zijn eigen toets"},
    "col.mdd_paired": {"en": "Planning only: difference this n could detect, same question (points)",
                       "nl": "Alleen als ontwerpgetal: verschil dat deze n zou kunnen aantonen, zelfde vraag "
                             "(procentpunten)"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "versus": {"en": "{question} (n = {n}{assumed})", "nl": "{question} (n = {n}{assumed})"},
    "n": {"en": "{n}{assumed}", "nl": "{n}{assumed}"},
    "sides": {"en": "{a} vs {b}", "nl": "{a} vs {b}"},
    # precision sentences
    "precision.intro": {
        "en": "Each difference is judged by its own {level}% interval and two-sided test, at the counts that fit "
              "the printed percentages, with {sample_size}. The planning figure at the end of each line (the "
              "difference a survey of this size could detect with {power}% power) judges nothing:",
        "nl": "Elk verschil wordt beoordeeld met zijn eigen {level}%-interval en tweezijdige toets, bij de aantallen "
              "die bij de gedrukte percentages passen, met {sample_size}. Het ontwerpgetal aan het eind van elke "
              "regel (het verschil dat een enquête van deze omvang met {power}% onderscheidingsvermogen zou kunnen "
              "aantonen) beoordeelt niets:",
    },
    # the sample size the numbers use: at design effect 1 the n itself, else the effective n / deff
    "sample_size.plain": {"en": "each item's own n, at design effect 1: the sample assumed as informative as "
                                "a simple random sample of that size",
                          "nl": "de eigen n van elke vraag, bij design-effect 1: de steekproef aangenomen zo "
                                "informatief als een aselecte steekproef van die omvang"},
    "sample_size.effective": {"en": "the effective sample size n / {deff} (design effect {deff})",
                              "nl": "de effectieve steekproefomvang n / {deff} (design-effect {deff})"},
    "precision.options": {
        "en": "'{question}': {a} ({count_a} of {n}) against {b} ({count_b} of {n}), a difference ({a} minus {b}) "
              "of {difference} points ({level}% CI {low} to {high}, p {p}; over every count that fits the printed figures "
              "{low_range} to {high_range}): {verdict}. Planning figure: a survey of this size could detect "
              "{mdd} points between two answers to one question.",
        "nl": "'{question}': {a} ({count_a} van {n}) tegenover {b} ({count_b} van {n}), een verschil ({a} "
              "min {b}) van {difference} procentpunten ({level}%-BI {low} tot {high}, p {p}; over alle aantallen die bij de "
              "gedrukte percentages passen {low_range} tot {high_range}): {verdict}. Ontwerpgetal: een enquête "
              "van deze omvang zou {mdd} procentpunten tussen twee antwoorden op één vraag kunnen aantonen.",
    },
    "precision.items": {
        "en": "'{question_a}' ({share_a}%, n = {n_a}{assumed_a}) against '{question_b}' ({share_b}%, n = {n_b}{assumed_b}), "
              "compared by the article: a difference of {difference} points ({level}% CI {low} to {high}, p {p}; "
              "over every count that fits the printed figures {low_range} to {high_range}; with a standard error that "
              "holds however their respondents overlap, which is not published, as in the audit): {verdict}. Planning figure: two items of these sizes "
              "could detect {mdd} points.",
        "nl": "'{question_a}' ({share_a}%, n = {n_a}{assumed_a}) tegenover '{question_b}' ({share_b}%, n = {n_b}{assumed_b}), "
              "door het artikel vergeleken: een verschil van {difference} procentpunten ({level}%-BI {low} tot "
              "{high}, p {p}; over alle aantallen die bij de gedrukte percentages passen {low_range} tot "
              "{high_range}; met een standaardfout die geldt hoe hun respondenten ook overlappen, wat niet is "
              "gepubliceerd, zoals in de controle): {verdict}. "
              "Ontwerpgetal: twee items van deze omvang zouden {mdd} procentpunten kunnen aantonen.",
    },
    "verdict.differ": {"en": "the two differ", "nl": "de twee verschillen"},
    "verdict.not_distinguishable": {"en": "the data cannot tell the two apart (which does not show that they are equal)",
                                    "nl": "de gegevens kunnen de twee niet onderscheiden (wat niet aantoont dat ze "
                                          "gelijk zijn)"},
    "verdict.depends_on_counts": {"en": "whether the two differ depends on the unpublished counts",
                                  "nl": "of de twee verschillen, hangt af van de niet-gepubliceerde aantallen"},
}

DEFF_TEMPLATES: dict[str, dict[str, str]] = {
    "col.deff": {"en": "deff {deff}: interval % (effective n)", "nl": "deff {deff}: interval % (effectieve n)"},
    "col.share": {"en": "Headline share % (the options' count together, of n)",
                      "nl": "Hoofdaandeel % (aantal van de antwoorden samen, van n)"},
}
TEMPLATES.update(DEFF_TEMPLATES)

HOLM_TEMPLATES: dict[str, dict[str, str]] = {
    "col.claim": {"en": "Claim", "nl": "Bewering"},
    "col.rule": {"en": "Rule", "nl": "Regel"},
    "col.holds_in_ci": {"en": "Rule over the interval", "nl": "Regel over het interval"},
    "col.direction": {"en": "Tested", "nl": "Getoetst"},
    "col.p_value": {"en": "p", "nl": "p"},
    "col.p_holm": {"en": "p (Holm)", "nl": "p (Holm)"},
    "col.survives": {"en": "Verdict survives Holm?", "nl": "Oordeel blijft staan na Holm?"},
    "col.p_bh": {"en": "p (BH)", "nl": "p (BH)"},
    "extent.all": {"en": "holds for all", "nl": "geldt voor alles"},
    "extent.some": {"en": "holds for part", "nl": "geldt voor een deel"},
    "extent.none": {"en": "holds for none", "nl": "geldt voor niets"},
    "direction.holds": {"en": "claim holds", "nl": "bewering klopt"},
    "direction.fails": {"en": "claim fails", "nl": "bewering klopt niet"},
    "no_verdict": {"en": "no verdict", "nl": "geen oordeel"},
    "col.outcome": {"en": "Verdict of the claim's own reading", "nl": "Oordeel over de eigen lezing van de bewering"},
    "holm.p": {
        "en": " A p-value here says how surely the data lie on the decided side of the declared threshold or "
              "margin (for equivalence: of its nearer edge); it is small when they lie far from it. A verdict "
              "needs p below {alpha}, and after the correction of Holm an adjusted p below {alpha} for the whole family. "
              "The p of a share, a balance or a difference is one-sided and doubled to match a two-sided interval (the p of an "
              "equivalence test is not doubled); it is taken at the least favourable end of the shares the printed "
              "figures allow (each figure give or take half its rounding step), so it is capped at 1.000 when the "
              "data lie at or beyond the threshold on the other side.",
        "nl": " Een p-waarde zegt hier hoe zeker de gegevens aan de beslissende kant van de vastgelegde drempel of "
              "marge liggen (bij gelijkwaardigheid: van de dichtstbijzijnde rand); ze is klein als ze er ver van "
              "liggen. Een oordeel vraagt p onder {alpha}, en Holms aangepaste p onder {alpha} voor de hele "
              "familie. De p van een aandeel, een saldo of een verschil is eenzijdig en verdubbeld, passend bij een tweezijdig "
              "interval (de p van een gelijkwaardigheidstoets niet); ze is genomen aan de minst gunstige kant van "
              "de aandelen die de gedrukte cijfers toelaten (elk cijfer plus of min de helft van zijn afrondingsstap), "
              "en is daarom begrensd op 1,000 als de gegevens op of voorbij de drempel aan de andere kant liggen.",
    },
    "holm.headline": {
        "en": " Of the {supported} supported, {kept} {kept:survives|survive} the correction of Holm for testing {m} "
              "hypotheses at once; not: {names}.",
        "nl": " Van de {supported} ondersteunde {kept:blijft|blijven} er {kept} staan na de correctie van Holm voor "
              "het tegelijk toetsen van {m} hypothesen; niet: {names}.",
    },
    "holm.lost": {
        "en": " Of the claims the audit calls supported, {lost} {lost:does|do} not survive it: {names}; their "
              "verdict holds only before the correction for testing {m} hypotheses at once.",
        "nl": " Van de beweringen die de audit ondersteund noemt, {lost:blijft|blijven} er {lost} niet staan: "
              "{names}; hun oordeel geldt alleen vóór de correctie voor het tegelijk toetsen van {m} hypothesen.",
    },
    "holm.bh": {
        "en": " Beside Holm, the column p (BH) gives the Benjamini\u2013Hochberg adjusted p, which bounds the expected "
              "share of false verdicts among those kept rather than the chance of any false one: under it "
              "{survive_bh} of the {verdicts} {verdicts:verdict survives|verdicts survive}.",
        "nl": " Naast Holm geeft de kolom p (BH) de volgens Benjamini\u2013Hochberg aangepaste p, die het verwachte "
              "aandeel onterechte oordelen onder de behouden oordelen begrenst in plaats van de kans op één "
              "onterecht oordeel: daarmee {survive_bh:blijft|blijven} er {survive_bh} van de {verdicts} "
              "oordelen staan.",
    },
    "holm.split": {
        "en": " The {verdicts} decided {verdicts:hypothesis is|hypotheses are} those of the {supported} "
              "{supported:claim|claims} the audit calls supported and the first reading of the {depends} "
              "{depends:claim that depends|claims that depend} on the reading.",
        "nl": " De {verdicts} beslist{verdicts:e hypothese is|e hypothesen zijn} die van de {supported} "
              "{supported:bewering|beweringen} die de audit ondersteund noemt en de eerste lezing van de {depends} "
              "{depends:bewering die afhangt|beweringen die afhangen} van de lezing.",
    },
    "holm.summary": {
        "en": "The family: {m} declared hypotheses, one per distinct claim in the claim's own reading, each tested once ({shared} {shared:claim repeats|claims repeat} "
              "a hypothesis another claim tests and {shared:shares|share} its row), at the {level}% level "
              "({sample_size}; equivalence claims by TOST). {verdicts} of them {verdicts:gets|get} a verdict "
              "from their deciding interval (it lies wholly on one side); {survive} of those verdicts "
              "{survive:survives|survive} Holm's family-wise correction at {alpha}. A claim's second reading is "
              "shown as a reading and is not in the family.",
        "nl": "De familie: {m} vastgelegde hypothesen, één per afzonderlijke bewering in haar eigen lezing, elk één keer getoetst ({shared} {shared:bewering "
              "herhaalt|beweringen herhalen} een hypothese die een andere bewering toetst en {shared:deelt|delen} "
              "haar rij), op {level}%-niveau ({sample_size}; gelijkwaardigheid met TOST). {verdicts} daarvan "
              "{verdicts:krijgt|krijgen} een oordeel van hun beslissende interval (het ligt helemaal aan één kant); "
              "{survive} van die oordelen {survive:blijft|blijven} staan na Holms correctie voor de hele familie "
              "op {alpha}. De tweede lezing van een bewering staat erbij als lezing en zit niet in de familie.",
    },
}
TEMPLATES.update(HOLM_TEMPLATES)


def text(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` of :data:`TEMPLATES` in ``lang``, placeholders filled from ``fields``."""
    return labels.render(TEMPLATES, key, lang, what="robustness template", **fields)
