# ruff: noqa: W291  (the PDF excerpts are typed with the extraction's trailing spaces; the normalisation is tested too)
"""The transcription key: every figure typed in from the article that the tests compare ``data/`` against.

This is the one place in ``tests/`` that holds figures read off the article by hand, independently of
``data/``: each option's printed percentage (and how it was printed), each item's section, chart
number, n and n status, the five printed ``(n=...)`` captions and the stated sample size, and the
excerpts (chart titles, sentences) the wording is checked against. ``data/README.md`` ("Correcting a
figure") names this file: a correction edits ``data/`` and the same figure here, nothing else in
``tests/``. Every other expected value in the tests is derived from ``data/`` by an independent route,
or is a property that holds for any data. (Unit tests that work an example by hand take its figures as
literal inputs and do not read ``data/``: they are not compared with it, so a correction leaves them alone.)

A Python module, not a CSV: the excerpts are typed as the PDF extraction prints them (line breaks,
hyphenation, the broken 'ti' ligature), which a CSV cell would hide; each figure sits beside a comment
naming where the article prints it; and the tests import it without a parser of their own.
"""

from __future__ import annotations

from typing import NamedTuple


class Opt(NamedTuple):
    """One published answer option: id, percentage as printed, kind, and how it was printed."""

    id: str
    percent: int
    kind: str = "substantive"
    form: str = "numeral"


# Every figure the article publishes, per question, in scale order (positive pole first).
TRANSCRIPTION: dict[str, list[Opt]] = {
    # 'Beter' 1: "49 procent man en 51 procent vrouw"
    "gender": [Opt("man", 49), Opt("woman", 51)],
    # 'Beter' 1: "geheel of gedeeltelijk ... respectievelijk 9 en 23 procent. Maar liefst 69 procent ... andere terreinen"
    "ict_work": [Opt("fully", 9), Opt("partly", 23), Opt("other", 69)],
    # 'Beter' 2: zeer eens 46, eens 35, middenpositie 4, onvoldoende/zeer onvoldoende 14, weten het niet 1
    "skills_sufficient": [
        Opt("strongly_agree", 46), Opt("agree", 35), Opt("neutral", 4, "neutral"),
        Opt("insufficient", 14, form="merged"), Opt("dont_know", 1, "dont_know"),
    ],
    # 'Beter' 2: "Slechts 33 procent ... terwijl 67 procent geen bij- of nascholing"
    "training_courses": [Opt("yes", 33), Opt("no", 67)],
    # Lead and 'Informatieveiligheid' 1: "85 procent ... bekend met de AVG"
    "avg_awareness": [Opt("yes", 85)],
    # 'Informatieveiligheid' 1: "heeft 66 procent instructies gehad"
    "privacy_instructions": [Opt("yes", 66)],
    # 'Informatieveiligheid' 1-2: ruim voldoende 16, voldoende 27, enigszins 36, niet of nauwelijks 19, weet niet 2
    "employer_increased_knowledge": [
        Opt("much", 16), Opt("sufficiently", 27), Opt("somewhat", 36), Opt("hardly", 19),
        Opt("dont_know", 2, "dont_know"),
    ],
    # 'Informatieveiligheid' 2: "maar de helft" (words), "40 Procent ... niets veranderd", "10 procent weet het niet"
    "handles_differently": [Opt("yes", 50, form="words"), Opt("no", 40), Opt("dont_know", 10, "dont_know")],
    # 'Vertrouwen' 1: zeker 7, waarschijnlijk wel 27, neutraal 19, waarschijnlijk niet 36, niet 9, weet niet 2
    "government_keeps_up": [
        Opt("certainly", 7), Opt("probably", 27), Opt("neutral", 19, "neutral"), Opt("probably_not", 36),
        Opt("certainly_not", 9), Opt("dont_know", 2, "dont_know"),
    ],
    # 'Vertrouwen' 2: zeer goed 23, goed 44, neutraal 21, slecht 10, zeer slecht 1, weet niet 1
    "prepared_digital": [
        Opt("very_well", 23), Opt("well", 44), Opt("neutral", 21, "neutral"), Opt("poorly", 10),
        Opt("very_poorly", 1), Opt("dont_know", 1, "dont_know"),
    ],
    # 'Vertrouwen' 3-4: zeker weten 26, iets minder zeker 29, niet tegen 23, niet 8, zeker niet 7
    "more_ict_specialists": [
        Opt("certainly", 26), Opt("probably", 29), Opt("not_against", 23, "neutral"), Opt("no", 8),
        Opt("certainly_not", 7),
    ],
    # 'Vertrouwen' 5: "een meerderheid van 51 procent", "een kleine minderheid van 9 procent vindt dat onzin"
    "education_more_digital": [Opt("agree", 51, form="merged"), Opt("nonsense", 9)],
    # 'Vertrouwen' 5: "29 procent vindt van wel, 37 procent van niet, 22 procent ... geen uitgesproken mening,
    # 11 procent weet het niet"
    "education_at_expense": [
        Opt("yes", 29), Opt("no", 37), Opt("no_opinion", 22, "neutral"), Opt("dont_know", 11, "dont_know"),
    ],
}

# The sums as printed (no remainder option is typed in anywhere): the printed figures added up.
PUBLISHED_TOTALS = {question_id: sum(option.percent for option in options)
                    for question_id, options in TRANSCRIPTION.items()}

# The five captions in the order they are printed, and the sample size stated in the text.
CAPTIONS = (577, 517, 391, 280, 475)
SAMPLE_SIZE = 577


class QuestionMeta(NamedTuple):
    section: str
    chart: int | None  # position of the chart title in the extracted text
    n: int | None
    n_status: str


# Chart order: titles as they first appear in the extracted text. n: stated in the text (577), the
# caption that follows the title's block ('layout' reading), or unknown for text-only items.
QUESTIONS = {
    "gender": QuestionMeta("sample", None, 577, "stated"),
    "ict_work": QuestionMeta("sample", None, 577, "stated"),
    "skills_sufficient": QuestionMeta("skills", 1, 577, "inferred"),
    "training_courses": QuestionMeta("skills", 6, 475, "inferred"),
    "avg_awareness": QuestionMeta("security", None, None, "unknown"),
    "privacy_instructions": QuestionMeta("security", None, None, "unknown"),
    "employer_increased_knowledge": QuestionMeta("security", 5, 280, "inferred"),
    "handles_differently": QuestionMeta("security", 7, 475, "inferred"),
    "government_keeps_up": QuestionMeta("trust", 2, 517, "inferred"),
    "prepared_digital": QuestionMeta("trust", 3, 517, "inferred"),
    "more_ict_specialists": QuestionMeta("trust", None, None, "unknown"),
    "education_more_digital": QuestionMeta("education", 4, 391, "inferred"),
    "education_at_expense": QuestionMeta("education", None, None, "unknown"),
}

# The chart titles, typed as extracted: first the jumbled block with the captions, then the
# second copy of the titles printed beside the charts.
TITLES_FIRST_COPY = """\
 ‘In mijn werk ervaar ik dat mijn vaardigheden om digitale
middelen te gebruiken (computers, e.d.) niet voldoende zijn’
 De digitalisering van bedrijven gaat steeds verder. Denkt u
dat de overheid in de komende jaren in staat is om deze
ontwikkeling bij te houden? In hoeverre vindt u dat u daarop bent voorbereid?
(n=577) (n=517)

Vindt u dat HBO- en academische opleidingen die
voorbereiden op werken bij de overheid meer aandacht
moeten besteden aan onderwijs in digitale vaardigheden dan
nu het geval is?

Heeft uw werkgever u kennis versterkt over de gevolgen
van het niet veilig bewaren van vertrouwelijke gegevens van
burgers of bedrijven?

(n=391) (n=280)
 Heeft u in de afgelopen jaren (extra) cursussen gevolgd bij
de gemeente om uw digitale vaardigheden te verbeteren?

(n=475)
 Gaat u op een andere manier om met vertrouwelijke
informaKe dan vroeger?
"""

TITLES_SECOND_COPY = """\
 ‘In mijn werk ervaar ik dat mijn vaardig-
heden om digitale middelen te gebruiken 
(computers, e.d.) niet voldoende zijn’

De digitalisering van bedrijven gaat steeds verder. 
Denkt u dat de overheid in de komende jaren in 
staat is om deze ontwikkeling bij te houden?

In hoeverre vindt u dat u bent 
voorbereid op het werken met 
digitale middelen?

Vindt u dat HBO- en academische opleidingen  
die voorbereiden op werken bij de overheid meer  
aandacht moeten besteden aan onderwijs in  
digitale vaardigheden dan nu het geval is?

Heeft u in de afgelopen jaren (extra) 
cursussen gevolgd bij de gemeente om uw 
digitale vaardigheden te verbeteren?

Gaat u op een andere manier om met 
vertrouwelijke informatie dan vroeger?
"""

# Sentences behind the items that have no chart (as extracted).
TEXT_EXCERPTS = {
    "gender": "Daarvan is 49 procent \nman en 51 procent vrouw.",
    "ict_work": (
        "Een klein \naantal is geheel of gedeeltelijk werkzaam \nop het gebied van ict of ict-beleid: respec-\n"
        "tievelijk 9 en 23 procent. Maar liefst 69 \nprocent is werkzaam op andere terreinen."
    ),
    "avg_awareness": (
        "Bovendien scherpt de nieuwe Algemene \nVerordening Gegevensbescherming \n(AVG) de eisen aan "
        "[...] Gelukkig is 85 procent van \nde ambtenaren bekend met de AVG"
    ),
    "privacy_instructions": (
        "heeft 66 procent instructies gehad van \nzijn werkgever over hoe met privacy \nom te gaan."
    ),
    "more_ict_specialists": (
        "Kan de overheid in een digitaal tijdperk beter func-\ntioneren door meer ict-specialisten in dienst te \n"
        "nemen?"
    ),
    "education_at_expense": (
        "Of die aandacht desnoods \nten koste moet gaan van inhoudelijke vakken \nverdeelt de meningen opnieuw"
    ),
}

# Words a text-only item's wording adds to the article's sentence: a label ('Geslacht') and the
# article's 'zijn werkgever' turned into the neutral 'de werkgever'.
ADDED_WORDS = {"gender": {"geslacht"}, "privacy_instructions": {"de"}}
