"""Findings sentences in Dutch or English, with every number computed from the data.

Notebooks never type a figure into markdown: they display the sentences built here, so a change
in ``data/`` (or in a parameter such as ``dont_know``) changes the text. Each section has one
function returning its sentences; the templates below hold the only wording.
"""

from __future__ import annotations

from . import data, labels, stats
from .markup import escape_markdown
from .params import Settings

TEMPLATES: dict[str, dict[str, str]] = {
    "base_all": {"en": "of respondents", "nl": "van de respondenten"},
    "base_opinion": {"en": "of respondents with an opinion", "nl": "van de respondenten met een mening"},
    "interval": {"en": "{level}% CI {low}–{high}%", "nl": "{level}%-BI {low}–{high}%"},
    "sample.size": {
        "en": "The sample holds {n} civil servants: {woman}% women and {man}% men.",
        "nl": "De steekproef telt {n} ambtenaren: {woman}% vrouwen en {man}% mannen.",
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
        "en": "Respondents selected themselves and no weights were published: the shares describe these "
              "{n} respondents, not all Dutch civil servants, and the intervals cover sampling noise only.",
        "nl": "De respondenten hebben zichzelf geselecteerd en er zijn geen gewichten gepubliceerd: de "
              "percentages beschrijven deze {n} respondenten, niet alle Nederlandse ambtenaren, en de "
              "intervallen dekken alleen steekproefruis.",
    },
    "total.exact": {"en": "as it should", "nl": "zoals het hoort"},
    "total.rounding": {"en": "a difference that rounding {k} shares can produce",
                       "nl": "een verschil dat afronding van {k} percentages kan opleveren"},
    "total.missing": {"en": "{missing}% of the answers is not published", "nl": "{missing}% van de antwoorden is niet gepubliceerd"},
    "skills.sufficient": {
        "en": "{share}% {base} (strongly) agree that their digital skills are sufficient ({interval}); "
              "{negative}% find them insufficient.",
        "nl": "{share}% {base} is het (zeer) eens dat hun digitale vaardigheden voldoende zijn ({interval}); "
              "{negative}% vindt ze onvoldoende.",
    },
    "skills.training": {
        "en": "{share}% {base} took no (extra) courses at the municipality in recent years ({interval}).",
        "nl": "{share}% {base} volgde de afgelopen jaren geen (extra) cursussen bij de gemeente ({interval}).",
    },
    "security.avg": {
        "en": "{avg}% know the AVG (GDPR) and {instructions}% received privacy instructions from their employer "
              "(n not published; intervals assume n = {n}).",
        "nl": "{avg}% kent de AVG en {instructions}% kreeg van de werkgever instructies over privacy "
              "(n niet gepubliceerd; intervallen gaan uit van n = {n}).",
    },
    "security.knowledge": {
        "en": "{share}% {base} say their employer strengthened their knowledge at least sufficiently ({interval}).",
        "nl": "{share}% {base} zegt dat de werkgever hun kennis minstens voldoende heeft versterkt ({interval}).",
    },
    "security.handles": {
        "en": "{share}% {base} handle confidential information differently than before ({interval}).",
        "nl": "{share}% {base} gaat anders om met vertrouwelijke informatie dan vroeger ({interval}).",
    },
    "security.frechet": {
        "en": "The two figures come from the same respondents, but the article gives no cross-table: between "
              "{low}% and {high}% know the AVG yet did not report handling information differently.",
        "nl": "Beide cijfers komen van dezelfde respondenten, maar een kruistabel ontbreekt: tussen {low}% en "
              "{high}% kent de AVG maar meldt niet anders met informatie om te gaan.",
    },
    "security.mcnemar": {
        "en": "The gap is larger than chance under every joint table the marginals allow "
              "(McNemar, largest p {p}).",
        "nl": "Het verschil is groter dan toeval bij elke kruistabel die de marges toelaten "
              "(McNemar, grootste p {p}).",
    },
    "security.mcnemar_not": {
        "en": "Under some joint table the marginals allow, the gap is within chance (McNemar, largest p {p}).",
        "nl": "Bij sommige kruistabellen die de marges toelaten valt het verschil binnen het toeval "
              "(McNemar, grootste p {p}).",
    },
    "trust.keeps_up": {
        "en": "{share}% {base} expect government to keep up with digitalisation ({interval}), "
              "{negative}% expect it will not.",
        "nl": "{share}% {base} verwacht dat de overheid de digitalisering kan bijhouden ({interval}), "
              "{negative}% verwacht van niet.",
    },
    "trust.prepared": {
        "en": "{share}% {base} feel (very) well prepared for working with digital tools ({interval}); "
              "{negative}% feel (very) poorly prepared.",
        "nl": "{share}% {base} voelt zich (zeer) goed voorbereid op werken met digitale middelen ({interval}); "
              "{negative}% (zeer) slecht.",
    },
    "trust.specialists": {
        "en": "{share}% {base} think more ICT specialists would (certainly) help ({interval}); {negative}% "
              "think not; the published options add up to {total}%, {total_note}.",
        "nl": "{share}% {base} denkt dat meer ict-specialisten (zeker) helpen ({interval}); {negative}% "
              "denkt van niet; de gepubliceerde opties tellen op tot {total}%, {total_note}.",
    },
    "education.more": {
        "en": "{share}% {base} want higher education to teach more digital skills ({interval}), {negative}% "
              "disagree; {missing}% of the answers is not published.",
        "nl": "{share}% {base} wil meer onderwijs in digitale vaardigheden in hbo en wo ({interval}), "
              "{negative}% niet; {missing}% van de antwoorden is niet gepubliceerd.",
    },
    "education.expense": {
        "en": "At the expense of subject courses? {yes}% {base} yes ({interval}), {no}% no.",
        "nl": "Ten koste van inhoudelijke vakken? {yes}% {base} ja ({interval}), {no}% nee.",
    },
}


def sentence(key: str, lang: str, **fields) -> str:
    """Fill the template ``key`` in ``lang`` ("nl" or "en") with ``fields``."""
    return labels.render(TEMPLATES, key, lang, what="findings template", **fields)


def number(value: float, lang: str) -> str:
    """A share as a whole percentage, with a decimal comma in Dutch where decimals appear."""
    return labels.number(value, lang, decimals=0)


def interval(low: float, high: float, settings: Settings) -> str:
    """An interval as text, e.g. "95% CI 77–84%"."""
    return sentence("interval", settings.lang, level=labels.level(settings.confidence, settings.lang),
                    low=number(low, settings.lang), high=number(high, settings.lang))


def base(settings: Settings) -> str:
    """Who the share is of: all respondents, or only those with an opinion."""
    return sentence("base_opinion" if settings.dont_know == "exclude" else "base_all", settings.lang)


def percent_of(survey: data.Survey, question_id: str, option_id: str, lang: str) -> str:
    """One published percentage as text."""
    table = data.options(survey, question_id).set_index("option_id")
    if option_id not in table.index:
        raise KeyError(f"unknown option {option_id!r} of {question_id!r}; known: {', '.join(table.index)}")
    return number(float(table.at[option_id, "percent"]), lang)


def total_note(survey: data.Survey, question_id: str, lang: str) -> str:
    """What the published total says: exactly 100, a rounding difference, or a missing share."""
    percents = data.options(survey, question_id)["percent"]
    total = int(percents.sum())
    if total == 100:
        return sentence("total.exact", lang)
    if stats.is_complete(percents):
        return sentence("total.rounding", lang, k=len(percents))
    return sentence("total.missing", lang, missing=100 - total)


def _pole_sentence(survey, key, question_id, settings, **extra) -> str:
    """A sentence about the positive pole's share (with interval) and the negative pole's share."""
    lang = settings.lang
    share = stats.combined_share(survey, question_id, data.pole_options(survey, question_id, "positive"), settings)
    negative = stats.combined_share(survey, question_id, data.pole_options(survey, question_id, "negative"),
                                    settings)
    return sentence(key, lang, share=number(share["share"], lang), negative=number(negative["share"], lang),
                    base=base(settings), interval=interval(share["ci_low"], share["ci_high"], settings), **extra)


def sample(survey: data.Survey, settings: Settings) -> list[str]:
    """Who answered: size, gender, ICT work, and what the sample can represent."""
    lang = settings.lang
    n = data.n_for(survey, "gender", settings.n_scenario)
    in_ict = stats.combined_share(survey, "ict_work", ["fully", "partly"], settings)
    rules = survey.verbal_rules.set_index("rule_id")
    limit = float(rules.loc["small_group", "upper"])
    verdict = sentence("sample.ict_small" if in_ict["share"] <= limit else "sample.ict_not_small", lang,
                       limit=labels.number(limit, lang, trim=True))
    return [
        sentence("sample.size", lang, n=n, woman=percent_of(survey, "gender", "woman", lang),
                 man=percent_of(survey, "gender", "man", lang)),
        sentence("sample.ict", lang, fully=percent_of(survey, "ict_work", "fully", lang),
                 partly=percent_of(survey, "ict_work", "partly", lang),
                 other=percent_of(survey, "ict_work", "other", lang),
                 total=data.published_total(survey, "ict_work"), total_note=total_note(survey, "ict_work", lang)),
        sentence("sample.ict_in", lang, share=number(in_ict["share"], lang),
                 interval=interval(in_ict["ci_low"], in_ict["ci_high"], settings), verdict=verdict),
        sentence("sample.representativeness", lang, n=n),
    ]


def skills(survey: data.Survey, settings: Settings) -> list[str]:
    """Self-assessed skills and training."""
    training = stats.combined_share(survey, "training_courses", ["no"], settings)
    return [
        _pole_sentence(survey, "skills.sufficient", "skills_sufficient", settings),
        sentence("skills.training", settings.lang, share=number(training["share"], settings.lang),
                 base=base(settings), interval=interval(training["ci_low"], training["ci_high"], settings)),
    ]


def security(survey: data.Survey, settings: Settings) -> list[str]:
    """AVG awareness, instructions, employer's effort, changed behaviour, and the gap between them."""
    lang = settings.lang
    comparison = stats.marginal_comparison(survey, ("avg_awareness", ["yes"]), ("handles_differently", ["yes"]),
                                           settings)
    low, high = comparison["a_not_b_bounds"]
    p_value = labels.pvalue(comparison["mcnemar_p_max"], lang)
    p_value = p_value if p_value.startswith("<") else f"= {p_value}"
    significant = comparison["difference_significant_at_all_joints"]
    return [
        sentence("security.avg", lang, avg=percent_of(survey, "avg_awareness", "yes", lang),
                 instructions=percent_of(survey, "privacy_instructions", "yes", lang),
                 n=data.n_for(survey, "avg_awareness", settings.n_scenario)),
        _pole_sentence(survey, "security.knowledge", "employer_increased_knowledge", settings),
        _pole_sentence(survey, "security.handles", "handles_differently", settings),
        sentence("security.frechet", lang, low=number(low, lang), high=number(high, lang)),
        sentence("security.mcnemar" if significant else "security.mcnemar_not", lang, p=p_value),
    ]


def trust(survey: data.Survey, settings: Settings) -> list[str]:
    """Can government keep up, how prepared people feel, would more ICT specialists help."""
    return [
        _pole_sentence(survey, "trust.keeps_up", "government_keeps_up", settings),
        _pole_sentence(survey, "trust.prepared", "prepared_digital", settings),
        _pole_sentence(survey, "trust.specialists", "more_ict_specialists", settings,
                       total=data.published_total(survey, "more_ict_specialists"),
                       total_note=total_note(survey, "more_ict_specialists", settings.lang)),
    ]


def education(survey: data.Survey, settings: Settings) -> list[str]:
    """More digital skills in higher education, and at the expense of subject courses."""
    lang = settings.lang
    expense_yes = stats.combined_share(survey, "education_at_expense", ["yes"], settings)
    expense_no = stats.combined_share(survey, "education_at_expense", ["no"], settings)
    return [
        _pole_sentence(survey, "education.more", "education_more_digital", settings,
                       missing=100 - data.published_total(survey, "education_more_digital")),
        sentence("education.expense", lang, yes=number(expense_yes["share"], lang),
                 no=number(expense_no["share"], lang), base=base(settings),
                 interval=interval(expense_yes["ci_low"], expense_yes["ci_high"], settings)),
    ]


SECTIONS = {"sample": sample, "skills": skills, "security": security, "trust": trust, "education": education}


def section(name: str, survey: data.Survey, settings: Settings) -> list[str]:
    """The findings of one article section by name."""
    if name not in SECTIONS:
        raise KeyError(f"unknown section {name!r}; allowed: {', '.join(SECTIONS)}")
    return SECTIONS[name](survey, settings)


def as_markdown(sentences: list[str]) -> str:
    """Sentences as a Markdown bullet list for display in a notebook; each escaped (they quote data text)."""
    return "\n".join(f"- {escape_markdown(text)}" for text in sentences)
