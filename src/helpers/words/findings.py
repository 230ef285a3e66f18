"""Findings sentences in Dutch or English, with every number computed from the data.

Notebooks never type a figure into markdown: they display the sentences built here, so a change
in ``data/`` (or in a parameter such as ``dont_know``) changes the text. Each section has one
function returning its sentences; the templates of :mod:`helpers.words.findings_text` hold the only wording.
"""

from __future__ import annotations

import dataclasses

from ..audit import verdicts as audit_verdicts
from ..core import data
from . import labels, tables, verdict_text
from .audit_text import claim_name
from ..inference import paired, stats
from .markup import escape_markdown
from ..core.params import Settings
from .findings_text import TEMPLATES


class Sentence(str):
    """A finding sentence (a ``str``) that knows which questions it is about (``questions``, ids) and,
    per question whose share it states, the options that share sums (``options``: ``{id: [option ids]}``).

    ``shares`` records every combined share the sentence shows, ``{(question id, option ids):
    record}`` (:func:`helpers.inference.stats.combined_share`, whose ``share_count`` is the figure
    shown), and ``caveats`` the claim ids whose verdict caveat the sentence carries (:func:`caveats`).

    Notebooks show it as text; the tests use the attributes to check every sentence against the
    data: its base (an assumed n is named), its definition of a headline share, the shares it shows.
    """

    questions: tuple[str, ...]
    options: dict[str, tuple[str, ...]]
    shares: dict[tuple[str, tuple[str, ...]], dict]
    caveats: tuple[str, ...]

    def __new__(cls, text: str, questions: tuple[str, ...] = (), options: dict | None = None,
                shares: list | None = None, caveats: tuple[str, ...] = ()) -> "Sentence":
        made = super().__new__(cls, text)
        made.questions = tuple(questions)
        made.options = {q: tuple(o) for q, o in (options or {}).items()}
        made.shares = {(str(r["question_id"]), tuple(r["options"])): dict(r) for r in (shares or [])}
        made.caveats = tuple(caveats)
        return made


def sentence(key: str, lang: str, **fields) -> str:
    """Fill the template ``key`` in ``lang`` ("nl" or "en") with ``fields``."""
    return labels.render(TEMPLATES, key, lang, what="findings template", **fields)


def n_assumed(survey: data.Survey, question_id: str, settings: Settings) -> str | None:
    """"n = 280 assumed, not printed in the article" for an item whose n the article does not print
    (``n_status`` "unknown" in ``questions.csv``; the n of the chosen scenario, ``n_scenarios.csv``);
    None for an item with a printed n."""
    if str(data.question(survey, question_id)["n_status"]) != "unknown":
        return None
    return sentence("n.assumed", settings.lang, n=data.n_for(survey, question_id, settings.n_scenario))


def number(value: float, lang: str) -> str:
    """A share as a whole percentage, with a decimal comma in Dutch where decimals appear."""
    return labels.number(value, lang, decimals=0)


def share_number(value: float, lang: str) -> str:
    """A share the counts give (``share_count``), with one decimal: 31.4, not the 32 that 9 + 23 makes."""
    return labels.number(value, lang, decimals=1)


def n_status(survey: data.Survey, question_id: str, settings: Settings) -> str:
    """How the n of an item is known, in words: stated, from a chart caption, from a caption it shares
    with another chart (not printed for this one), assumed, or assumed under the chosen n scenario
    (``n_scenarios.csv`` ``basis``, :func:`helpers.core.data.n_basis`)."""
    basis = data.n_basis(survey, question_id, settings.n_scenario)
    if basis not in ("stated", "caption", "shared_caption", "assumed"):
        basis = "scenario"
    return sentence(f"n_basis.{basis}", settings.lang)


def counted(result, survey: data.Survey, question_id: str, settings: Settings) -> str:
    """A combined share's count and base with the status of its n, e.g. "181 of 577, n stated in the
    article", or, don't-know left out, "467 of the 571 with an opinion (n = 577, from a chart caption)"."""
    total = data.n_for(survey, question_id, settings.n_scenario)
    status = n_status(survey, question_id, settings)
    assumed = n_assumed(survey, question_id, settings)  # "n = 280 assumed, not printed in the article"
    if assumed is not None:
        key = "counts_opinion_assumed" if int(result["n"]) != total else "counts_assumed"
        return sentence(key, settings.lang, count=int(result["count"]), n=int(result["n"]), assumed=assumed)
    if int(result["n"]) != total:
        return sentence("counts_opinion", settings.lang, count=int(result["count"]), n=int(result["n"]),
                        total=total, status=status)
    return sentence("counts", settings.lang, count=int(result["count"]), n=int(result["n"]), status=status)


def share_counted(result, lang: str) -> str:
    """A combined share as the counts give it with its count and the range over every compatible count,
    e.g. "14.0% (81 of 577; 13.2–14.9% over every count that fits)"; without the range when it prints
    as the share itself."""
    low, high = share_number(result["share_count_low"], lang), share_number(result["share_count_high"], lang)
    share = share_number(result["share_count"], lang)
    if low == high == share:
        return sentence("share_counted", lang, share=share, count=int(result["count"]), n=int(result["n"]))
    return sentence("share_counted_range", lang, share=share, count=int(result["count"]), n=int(result["n"]),
                    low=low, high=high)


def interval(low: float, high: float, settings: Settings, over: tuple[float, float] | None = None) -> str:
    """An interval as text, e.g. "95% CI 77–84%"; with ``over`` (the lowest and highest bound over
    the n scenarios) also that range, when it prints differently."""
    lang = settings.lang
    fields = {"level": labels.level(settings.confidence, lang), "low": number(low, lang), "high": number(high, lang)}
    if over is not None and (number(over[0], lang), number(over[1], lang)) != (fields["low"], fields["high"]):
        return sentence("interval_scenarios", lang, scenario_low=number(over[0], lang),
                        scenario_high=number(over[1], lang), **fields)
    return sentence("interval", lang, **fields)


def over_scenarios(survey: data.Survey, question_id: str, option_ids: list[str],
                   settings: Settings) -> tuple[float, float]:
    """The lowest lower and highest upper interval bound of a combined share over every n scenario."""
    bounds = [stats.combined_share(survey, question_id, option_ids, dataclasses.replace(settings, n_scenario=s))
              for s in survey.scenarios]
    return min(float(b["ci_low"]) for b in bounds), max(float(b["ci_high"]) for b in bounds)


def share_interval(survey: data.Survey, question_id: str, option_ids: list[str], settings: Settings) -> tuple:
    """:func:`helpers.inference.stats.combined_share` of the options and its text: the count and n with
    the status of that n (:func:`counted`), the share's range over every compatible count, the
    interval (with the scenario range) and, for an item answered by fewer than all, the nonresponse
    bounds. The share to show is the record's ``share_count`` (:func:`share_number`)."""
    lang = settings.lang
    result = stats.combined_share(survey, question_id, option_ids, settings)
    low, high = share_number(result["share_count_low"], lang), share_number(result["share_count_high"], lang)
    counts = counted(result, survey, question_id, settings)
    if (low, high) != (share_number(result["share_count"], lang),) * 2:
        counts = sentence("counts_range", lang, counts=counts, low=low, high=high)
    text = sentence("counts_interval", lang, counts=counts, interval=interval(
        result["ci_low"], result["ci_high"], settings, over_scenarios(survey, question_id, option_ids, settings)))
    if n_assumed(survey, question_id, settings) is None and (
            bounds := stats.nonresponse_bounds(survey, question_id, option_ids, settings)) is not None:
        text = sentence("nonresponse", settings.lang, interval=text, total=bounds["total"],
                        missing=bounds["missing"], low=labels.number(bounds["low"], settings.lang, 1),
                        high=labels.number(bounds["high"], settings.lang, 1))
    return result, text


def base(settings: Settings, survey: data.Survey | None = None, question_id: str | None = None) -> str:
    """Who the share is of, as actually used: all respondents; with ``dont_know == "exclude"``, those
    with an opinion when the question has a don't-know share, else all respondents (nothing removed)."""
    if settings.dont_know != "exclude":
        return sentence("base_all", settings.lang)
    if survey is not None and question_id is not None:
        kinds = set(data.options(survey, question_id)["kind"].astype(str))
        if "dont_know" not in kinds:
            return sentence("base_no_dont_know", settings.lang)
    return sentence("base_opinion", settings.lang)


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


CAVEATED = ("depends_on_reading", "undetermined", "contradicted")  # verdicts a key number must carry


def caveats(survey: data.Survey, question_id: str, settings: Settings,
            records=None) -> tuple[str, tuple[str, ...]]:
    """The caveats a key number on ``question_id`` carries: for each claim of the article on that
    question whose verdict (:func:`helpers.audit.verdicts.verdicts`) is ``depends_on_reading`` (with
    each reading's estimate and outcome), ``undetermined`` or ``contradicted`` (with its declared
    hypothesis), one
    sentence; claims sharing one hypothesis are named once. Returns the text (empty, or starting with
    a space, to follow the sentence) and the claim ids."""
    lang = settings.lang
    records = audit_verdicts.verdicts(survey, settings) if records is None else records
    claims = survey.claims.set_index("claim_id")
    texts, ids, seen = [], [], set()
    for _, record in records.iterrows():
        claim_id = record["claim_id"]
        if (record["outcome"] not in CAVEATED
                or str(claims.at[claim_id, "question_id"]) != question_id
                or (record["hypothesis_id"] or claim_id) in seen):
            continue
        seen.add(record["hypothesis_id"] or claim_id)
        ids.append(claim_id)
        name = claim_name(claims.loc[claim_id], lang)
        if record["outcome"] == "depends_on_reading":
            readings = "; ".join(sentence("caveat.reading", lang, name=verdict_text.text(f"reading.{reading}", lang),
                                          estimate=share_number(estimate, lang),
                                          unit="%" if quantity not in ("difference", "balance")
                                          else verdict_text.text("unit.points", lang),
                                          outcome=verdict_text.outcome_label(outcome, lang))
                                 for reading, outcome, estimate, _low, _high, quantity in record["readings"])
            texts.append(sentence("caveat.depends_on_reading", lang, claim=name, readings=readings))
        elif not record["hypothesis_id"]:  # a printed figure the chart's own figures contradict
            texts.append(sentence("caveat.figure_contradicted", lang, claim=name))
        else:
            texts.append(sentence(f"caveat.{record['outcome']}", lang, claim=name,
                                  rule=verdict_text.hypothesis_text(record.to_dict(), lang)))
    return "".join(f" {t}" for t in texts), tuple(ids)


def _with_caveats(text: str, survey, question_id, settings, records, questions, options, shares) -> Sentence:
    """A key-number sentence followed by its claim's caveats (:func:`caveats`)."""
    caveat, ids = caveats(survey, question_id, settings, records)
    return Sentence(text + caveat, questions, options, shares, ids)


def _pole_sentence(survey, key, question_id, settings, records=None, **extra) -> Sentence:
    """A sentence about the headline share (:func:`helpers.core.data.headline_options`, the positive pole)
    with its interval, and the negative pole's share (if any), both as the counts give them, followed
    by the caveats of the claims on the item (:func:`caveats`)."""
    lang = settings.lang
    headline = data.headline_options(survey, question_id)
    share, text = share_interval(survey, question_id, headline, settings)
    negative_ids = data.pole_options(survey, question_id, "negative")
    shown = [share]
    if negative_ids and "{negative}" in TEMPLATES[key][lang]:  # the shares the sentence shows
        shown.append(stats.combined_share(survey, question_id, negative_ids, settings))
    elif negative_ids:
        negative_ids = []
    negative = share_counted(shown[1], lang) if negative_ids else sentence("share_counted", lang, share=0, count=0,
                                                                              n=int(share["n"]))
    return _with_caveats(sentence(key, lang, share=share_number(share["share_count"], lang), negative=negative,
                                  base=base(settings, survey, question_id), interval=text, **extra),
                         survey, question_id, settings, records, (question_id,), {question_id: headline}, shown)


def sample(survey: data.Survey, settings: Settings) -> list[Sentence]:
    """Who answered: size, gender, ICT work, and what the sample can represent."""
    lang = settings.lang
    n = data.n_for(survey, "gender", settings.n_scenario)
    in_ict, in_ict_interval = share_interval(survey, "ict_work", ["fully", "partly"], settings)
    rules = data.rules(survey)
    limit = float(rules.loc["small_group", "upper"])
    verdict = sentence("sample.ict_small" if in_ict["share_count"] <= limit else "sample.ict_not_small", lang,
                       limit=labels.number(limit, lang, trim=True))
    return [
        Sentence(sentence("sample.size", lang, n=n, woman=percent_of(survey, "gender", "woman", lang),
                          man=percent_of(survey, "gender", "man", lang)), ("gender",)),
        Sentence(sentence("sample.ict", lang, fully=percent_of(survey, "ict_work", "fully", lang),
                          partly=percent_of(survey, "ict_work", "partly", lang),
                          other=percent_of(survey, "ict_work", "other", lang),
                          total=data.published_total(survey, "ict_work"),
                          total_note=total_note(survey, "ict_work", lang)), ("ict_work",)),
        # not the headline (the largest option, "other fields"): the sentence names the options it sums
        _with_caveats(sentence("sample.ict_in", lang, share=share_number(in_ict["share_count"], lang),
                               interval=in_ict_interval, verdict=verdict),
                      survey, "ict_work", settings, None, ("ict_work",), {"ict_work": ("fully", "partly")}, [in_ict]),
        Sentence(sentence("sample.representativeness", lang, n=n), ("gender",)),
    ]


def skills(survey: data.Survey, settings: Settings) -> list[Sentence]:
    """Self-assessed skills and training."""
    training, training_interval = share_interval(survey, "training_courses", ["no"], settings)
    records = audit_verdicts.verdicts(survey, settings)
    return [
        _pole_sentence(survey, "skills.sufficient", "skills_sufficient", settings, records),
        # not the headline ("yes"): the sentence names its option, no courses, as the article's claim does
        _with_caveats(sentence("skills.training", settings.lang,
                               share=share_number(training["share_count"], settings.lang),
                               base=base(settings, survey, "training_courses"), interval=training_interval),
                      survey, "training_courses", settings, records, ("training_courses",),
                      {"training_courses": ("no",)}, [training]),
    ]


def security(survey: data.Survey, settings: Settings) -> list[Sentence]:
    """AVG awareness, instructions, employer's effort, changed behaviour, and the gap between them.

    The gap is a joint statement: its bases are checked first (:func:`helpers.inference.paired.bases`), and
    the Fréchet bounds and McNemar test are stated under the named common-base assumption unless
    both n are known and equal.

    Long: the section's sentences in reading order, each filling its template from the data.
    """
    lang = settings.lang
    comparison = paired.marginal_comparison(survey, ("avg_awareness", ["yes"]), ("handles_differently", ["yes"]),
                                           settings)
    bases = comparison["bases"]
    low, high = comparison["subset_a_not_b_bounds"]  # the larger item bounded in the common group first
    p_value = tables.pvalue(comparison["mcnemar_p_max_over_counts"], lang)
    p_value = p_value if p_value.startswith("<") else f"= {p_value}"
    significant = comparison["difference_significant_at_all_joints_and_counts"]
    if bases["same_base"]:
        known = sentence("security.bases_same", lang, n_a=bases["n_a"])
    elif bases["only_one_at_least"] is not None:
        known = sentence("security.bases_differ", lang, n_a=bases["n_a"], n_b=bases["n_b"],
                         only_one=bases["only_one_at_least"])
    else:
        described = {}
        for side, question_id in (("a", "avg_awareness"), ("b", "handles_differently")):
            status = str(data.question(survey, question_id)["n_status"])
            key = "n.known" if bases[f"known_{side}"] else ("n.assumed" if status == "unknown" else "n.scenario")
            described[f"n_{side}"] = sentence(key, lang, n=bases[f"n_{side}"])
            if key == "n.known" and data.n_basis(survey, question_id, settings.n_scenario) == "shared_caption":
                described[f"n_{side}"] = sentence("n.status", lang, n=bases[f"n_{side}"],
                                                  status=n_status(survey, question_id, settings))
        known = sentence("security.bases_unknown", lang, **described)
    rounding = stats.rounding_of(settings)
    records = audit_verdicts.verdicts(survey, settings)
    handles = stats.combined_share(survey, "handles_differently", ["yes"], dataclasses.replace(settings, dont_know="keep"))
    pair = ("avg_awareness", "handles_differently")
    avg_items = ("avg_awareness", "privacy_instructions")
    # one n for both items when they share it (they do in every scenario), else each named
    assumed_avg = "; ".join(dict.fromkeys(a for q in avg_items if (a := n_assumed(survey, q, settings))))
    assumed_pair = "".join(f"; {a}" for q in pair if (a := n_assumed(survey, q, settings)))
    return [
        Sentence(sentence("security.avg", lang, avg=percent_of(survey, "avg_awareness", "yes", lang),
                          instructions=percent_of(survey, "privacy_instructions", "yes", lang),
                          assumed=assumed_avg or sentence("n.known", lang, n=data.n_for(
                              survey, "avg_awareness", settings.n_scenario)),
                          smallest_avg=stats.smallest_n(survey, "avg_awareness", rounding),
                          smallest_instructions=stats.smallest_n(survey, "privacy_instructions", rounding)),
                 avg_items, {"avg_awareness": ("yes",), "privacy_instructions": ("yes",)}),
        _pole_sentence(survey, "security.knowledge", "employer_increased_knowledge", settings, records),
        _pole_sentence(survey, "security.handles", "handles_differently", settings, records),
        Sentence(known, pair),
        *[Sentence(sentence("security.subset", lang, share=share_counted(handles, lang),
                            n_full=subset["n_full"], n=comparison["n_paired"],
                            status=n_status(survey, "handles_differently", settings), low=subset["count_range"][0],
                            high=subset["count_range"][1],
                            low_pct=number(100 * subset["count_range"][0] / comparison["n_paired"], lang),
                            high_pct=number(100 * subset["count_range"][1] / comparison["n_paired"], lang)),
                   ("handles_differently",), shares=[{**handles, "dont_know": "keep"}])
          for side, subset in comparison["subsets"].items() if side == "b"],
        Sentence(sentence("security.frechet", lang, n=comparison["n_paired"], low=number(low, lang),
                          high=number(high, lang), assumed=assumed_pair), pair),
        Sentence(sentence("security.mcnemar" if significant else "security.mcnemar_not", lang, p=p_value), pair),
    ]


def trust(survey: data.Survey, settings: Settings) -> list[Sentence]:
    """Can government keep up, how prepared people feel, would more ICT specialists help."""
    records = audit_verdicts.verdicts(survey, settings)
    return [
        _pole_sentence(survey, "trust.keeps_up", "government_keeps_up", settings, records),
        _pole_sentence(survey, "trust.prepared", "prepared_digital", settings, records),
        _pole_sentence(survey, "trust.specialists", "more_ict_specialists", settings, records,
                       total=data.published_total(survey, "more_ict_specialists"),
                       total_note=total_note(survey, "more_ict_specialists", settings.lang)),
    ]


def education(survey: data.Survey, settings: Settings) -> list[Sentence]:
    """More digital skills in higher education, and at the expense of subject courses."""
    lang = settings.lang
    headline = data.headline_options(survey, "education_at_expense")
    expense_yes, expense_interval = share_interval(survey, "education_at_expense", headline, settings)
    expense_no = stats.combined_share(survey, "education_at_expense", data.pole_options(
        survey, "education_at_expense", "negative"), settings)
    records = audit_verdicts.verdicts(survey, settings)
    return [
        _pole_sentence(survey, "education.more", "education_more_digital", settings, records,
                       missing=100 - data.published_total(survey, "education_more_digital")),
        _with_caveats(sentence("education.expense", lang, yes=share_number(expense_yes["share_count"], lang),
                               no=share_counted(expense_no, lang), base=base(settings, survey, "education_at_expense"),
                               interval=expense_interval),
                      survey, "education_at_expense", settings, records, ("education_at_expense",),
                      {"education_at_expense": headline}, [expense_yes, expense_no]),
    ]


SECTIONS = {"sample": sample, "skills": skills, "security": security, "trust": trust, "education": education}


def section(name: str, survey: data.Survey, settings: Settings) -> list[Sentence]:
    """The findings of one article section by name."""
    if name not in SECTIONS:
        raise KeyError(f"unknown section {name!r}; allowed: {', '.join(SECTIONS)}")
    return SECTIONS[name](survey, settings)


def as_markdown(sentences: list[str]) -> str:
    """Sentences as a Markdown bullet list for display in a notebook; each escaped (they quote data text)."""
    return "\n".join(f"- {escape_markdown(text)}" for text in sentences)
