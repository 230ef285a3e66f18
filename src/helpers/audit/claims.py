"""The claim checks: every row of ``claims.csv`` recomputed from ``results.csv`` and given a status.

The yardstick is the article's own base (all respondents, don't-know included), because that is
the base its percentages use. Ranges come from :mod:`helpers.audit.ranges` (the tables' compatible
counts, under ``settings.rounding``).

Statuses (:data:`helpers.words.audit_text.STATUSES`)
    * ``transcription``: the claim repeats a printed figure (a ``single`` share, the sample size):
      it only checks that the data were copied correctly, and stays out of the headline counts;
    * ``consistent``: the claim holds exactly (the printed parts give the printed number) or, for
      tests and comparisons, for *every* share in the rounding range;
    * ``consistent within rounding``: the printed parts give another number, but the claim's own
      rounding interval meets the range of compatible shares; or a test/comparison holds for
      *some* shares in the range but not all;
    * ``depends on reading``: a plausible second reading of the claim (``claims.csv``
      ``alt_reading``: per group instead of summed, the chart title's polarity instead of the
      text's; or, for claims about the balance of a scale, the positive-minus-negative difference
      and its confidence interval) flips the verdict; both readings are in the note;
    * ``inconsistent``: the claim fails for every share in the range (under every reading);
    * ``not verifiable``: aggregate percentages cannot decide it (causal and qualitative claims,
      or a claim lacking what it needs).

Sampling uncertainty (``share``, ``ci_low``, ``ci_high``, ``holds_in_ci``) is informational for
one-share claims; for the balance of a scale it is the second reading (the ``confidence`` level
then matters).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from ..core import data
from ..words import labels
from ..inference import stats
from .ranges import (POLE_TESTS, SHARE_TESTS, STATUS_OF_EXTENT, evaluate, extent, point_share,
                           printed_share, rule_text, share_range)
from ..words.audit_text import (DASH, MINUS, STATUSES, _numbers, claim_name, claim_note, claim_wording, clause, n_assumed,
                         question_wording, text)
from ..core.params import Settings
from ..words import verdict_text
from . import verdicts as verdict_records

CLAIM_COLUMNS = [
    "claim_id", "section", "phrase_nl", "claim_en", "method", "question_id", "options", "n", "rule_id",
    "rule", "published", "value", "range_low", "range_high", "recomputed", "status", "note", "share",
    "ci_low", "ci_high", "holds_in_ci", "hypothesis_id", "level", "counted", "shares_with",
]


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
    row: dict  # a row of claims.csv (column -> value)
    settings: Settings

    @property
    def lang(self) -> str:
        """The output language of notes and rules."""
        return self.settings.lang

    @property
    def rounding(self) -> str:
        """The rounding model of the run."""
        return stats.rounding_of(self.settings)

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

    def range(self, options: list[str] | None = None) -> tuple[float, float, str]:
        """:func:`share_range` of the claim's options (or ``options``) at the claim's n."""
        return share_range(self.survey, self.question_id, self.options if options is None else options, self.n,
                           self.lang, self.rounding)

    def point(self, options: list[str] | None = None) -> float:
        """:func:`point_share` of the claim's options (or ``options``): inside :meth:`range`."""
        return point_share(self.survey, self.question_id, self.options if options is None else options, self.n,
                           self.rounding)


def value_and_range(value: float, low: float, high: float, lang: str) -> str:
    """A point with its range, as the ``recomputed`` column prints it: "68.7 (68.6–68.8)".

    One decimal throughout (whole numbers without), so the point printed lies in the range printed.
    """
    value, low, high = (labels.number(x, lang, trim=True) for x in (value, low, high))
    return f"{value} ({low}{DASH}{high})"


def _with_range(claim: _Claim, value: float, low: float, high: float, extra: str = "") -> dict:
    """The fields of a point checked against its rounding range: value, range, ``recomputed`` and a
    note of ``extra`` (e.g. how a words option was recomputed) followed by the range at n."""
    range_note = text("note.range", claim.lang, n=claim.n, assumed=n_assumed(claim.survey, claim.question_id, claim.lang),
                      **_numbers(claim.lang, low=low, high=high))
    return {"n": claim.n, "value": value, "range_low": low, "range_high": high,
            "recomputed": value_and_range(value, low, high, claim.lang),
            "note": "; ".join(note for note in (extra, range_note) if note)}


def _not_verifiable(claim: _Claim) -> dict:
    """A causal or qualitative claim: marginal shares cannot decide it; the note says why.

    The claim's own note (in the report's language) is added when it says more than the standard reason.
    """
    method, reason = claim.row["method"], claim_note(claim.row, claim.lang)
    why = text(f"note.{method}", claim.lang)
    letters = lambda value: "".join(ch for ch in value.lower() if ch.isalpha())  # noqa: E731
    if reason and letters(reason) not in letters(why):
        why = f"{why}. {reason}"
    return {"status": "not verifiable", "note": why}


def _single(claim: _Claim) -> dict:
    """A printed share of an option: a transcription check (the figure against itself), or
    inconsistent if the claim prints another number than the option's printed share."""
    lang, printed = claim.lang, printed_share(claim.survey, claim.question_id, claim.options)
    low, high, extra = claim.range()
    fields = _with_range(claim, claim.point(), low, high, extra)
    same = printed == claim.published
    verdict = text("note.single_equal", lang) if same else text(
        "note.single_differs", lang, **_numbers(lang, value=printed, published=claim.published))
    return {**fields, "rule": text("rule.transcription" if same else "rule.single", lang),
            "status": "transcription" if same else "inconsistent", "note": f"{verdict}; {fields['note']}"}


def _sum_or_remainder(claim: _Claim) -> dict:
    """A printed sum of options ("46 and another 35") or remainder ("the other 69%").

    The verdict follows from the range of compatible shares, not from the plain arithmetic: the
    claim holds if its number's rounding interval (+/- 0.5) meets the range; exactly
    (``consistent``) if the printed parts also give the number, else ``consistent within
    rounding``; ``inconsistent`` if the interval misses the range.
    """
    lang, method, options = claim.lang, claim.row["method"], claim.options
    table = data.options(claim.survey, claim.question_id)
    low, high, extra = claim.range()
    if method == "sum":
        parts = [int(p) for p in table.loc[table["option_id"].isin(options), "percent"]]
        arithmetic = float(sum(parts))
    else:
        parts = [int(p) for p in table.loc[~table["option_id"].isin(options), "percent"]]
        arithmetic = float(100 - sum(parts))
    target = claim.published
    if target is None:  # a remainder printed without a number ("the rest"): compare with the table's share
        target = printed_share(claim.survey, claim.question_id, options)
    meets = target - 0.5 <= high and target + 0.5 >= low
    if meets and arithmetic == target:
        status, key = "consistent", f"note.{method}_equal"
    elif meets:
        status, key = "consistent within rounding", f"note.{method}_within"
    else:
        status, key = "inconsistent", f"note.{method}_off"
    joined = (" + " if method == "sum" else f" {MINUS} ").join(str(p) for p in parts)
    verdict = text(key, lang, parts=joined, total=int(table["percent"].sum()),
                   **_numbers(lang, value=arithmetic, published=target))
    fields = _with_range(claim, claim.point(), low, high, extra)
    return {**fields, "rule": text(f"rule.{method}", lang), "status": status, "note": f"{verdict}; {fields['note']}"}


def bases_text(survey: data.Survey, question_a: str, question_b: str, scenario: str, lang: str) -> str:
    """What is known about two items' respondents (:func:`helpers.inference.stats.bases`), as a phrase."""
    base = stats.bases(survey, question_a, question_b, scenario)
    if base["same_base"]:
        return text("bases.same", lang, n_a=base["n_a"])
    if base["only_one_at_least"] is not None:
        return text("bases.differ", lang, n_a=base["n_a"], n_b=base["n_b"], only_one=base["only_one_at_least"])
    assumed = text("n.assumed", lang)
    return text("bases.unknown", lang, n_a=base["n_a"], n_b=base["n_b"],
                unknown_a="" if base["known_a"] else assumed, unknown_b="" if base["known_b"] else assumed)


def _comparison(claim: _Claim) -> dict:
    """One share above (or below) another, for all, some or no shares in both rounding ranges.

    Each share is read on its own base, so the comparison needs no common base. ``frechet`` claims
    add the joint (Fréchet) bounds of the overlap, which do need one: the note states what is known
    about the two bases and names the common-base assumption the bounds rest on.
    """
    survey, lang, method, operator = claim.survey, claim.lang, claim.row["method"], claim.row["operator"]
    other_id, other_options = claim.row["other_question_id"], _split(claim.row["other_options"])
    other_n = data.n_for(survey, other_id, claim.settings.n_scenario)
    a_low, a_high, _ = claim.range()
    b_low, b_high, _ = share_range(survey, other_id, other_options, other_n, lang, claim.rounding)
    a, b = claim.point(), point_share(survey, other_id, other_options, other_n, claim.rounding)
    if operator == ">":
        reach = extent(a_low > b_high, a_high > b_low)
    else:
        reach = extent(a_high < b_low, a_low < b_high)
    note = text("note.comparison", lang, **_numbers(lang, a=a, b=b, a_low=a_low, a_high=a_high,
                                                     b_low=b_low, b_high=b_high))
    if method == "frechet":
        base = stats.bases(survey, claim.question_id, other_id, claim.settings.n_scenario)
        both_low, both_high = stats.frechet_bounds(a, b)
        note = "; ".join([note, text("note.frechet", lang, bases=bases_text(survey, claim.question_id, other_id,
                                                                         claim.settings.n_scenario, lang),
                                     n=base["n_common"],
                                     **_numbers(lang, a=a, b=b, both_low=both_low, both_high=both_high,
                                                only_low=a - both_high, only_high=a - both_low))])
    return {"n": claim.n, "value": a - b, "range_low": a_low - b_high, "range_high": a_high - b_low,
            "rule": text(f"rule.{method}", lang, op=operator), "status": STATUS_OF_EXTENT[reach],
            "recomputed": "{a} {op} {b}".format(op=operator, **_numbers(lang, a=a, b=b)), "note": note}


def _holds(reach: str) -> bool:
    """Does a rule hold for at least part of the range?"""
    return reach in ("all", "some")


def _readings_status(main: str, alternative: str) -> str:
    """The status from two readings' extents: the main one's, unless the other flips the verdict."""
    return "depends on reading" if _holds(main) != _holds(alternative) else STATUS_OF_EXTENT[main]


def _reading_note(lang: str, names: tuple[str, str], verdicts: tuple[tuple[str, str], tuple[str, str]]) -> str:
    """Both readings with their numbers and verdicts: "reading groups summed: 32 → fails; ..."."""
    parts = {}
    for key, name, (value, reach) in zip(("main", "alt"), names, verdicts):
        parts[f"{key}_name"] = text(f"reading.name.{name}", lang)
        parts[key] = text("reading.verdict", lang, value=value,
                          extent=text("holds.yes" if _holds(reach) else "holds.no", lang))
    return text("reading.both", lang, **parts)


def _verbal_share(claim: _Claim, rule: dict) -> dict:
    """A verbal rule on one (combined) share, e.g. "grote meerderheid": >= 66.67%.

    The rule is tested over the share's rounding range. A second reading (``alt_reading``:
    ``per_option``, each named option on its own; ``title_polarity``, the ``alt_options`` that the
    chart title's polarity points at) that flips the verdict makes the status ``depends on
    reading``. The share's sampling interval says how firm the claim is (``holds_in_ci``).
    """
    lang, options = claim.lang, claim.options
    test, lower, upper = rule["test"], rule["lower"], rule["upper"]
    low, high, extra = claim.range()
    reach = evaluate(test, lower, upper, {"share": (low, high)})
    fields = _with_range(claim, claim.point(), low, high, extra)
    notes = [fields["note"], text(f"extent.{reach}", lang)]
    status = STATUS_OF_EXTENT[reach]
    if claim.published is not None and claim.published != printed_share(claim.survey, claim.question_id, options):
        notes.append(text("note.published_differs", lang, **_numbers(
            lang, published=claim.published, value=printed_share(claim.survey, claim.question_id, options))))
    alt = claim.row.get("alt_reading", "")
    main_value = value_and_range(fields["value"], low, high, lang)
    if alt == "per_option":
        singles = {option: claim.range([option])[:2] for option in options}
        reaches = [evaluate(test, lower, upper, {"share": r}) for r in singles.values()]
        alt_reach = "all" if all(r == "all" for r in reaches) else ("none" if "none" in reaches else "some")
        alt_value = " / ".join(value_and_range(claim.point([o]), *singles[o], lang) for o in options)
        status = _readings_status(reach, alt_reach)
        notes.append(_reading_note(lang, ("summed", "per_option"), ((main_value, reach), (alt_value, alt_reach))))
    elif alt == "title_polarity":
        alt_options = _split(claim.row["alt_options"])
        alt_low, alt_high, _ = claim.range(alt_options)
        alt_reach = evaluate(test, lower, upper, {"share": (alt_low, alt_high)})
        alt_value = value_and_range(claim.point(alt_options), alt_low, alt_high, lang)
        status = _readings_status(reach, alt_reach)
        notes.append(_reading_note(lang, ("text_polarity", "title_polarity"),
                                   ((main_value, reach), (alt_value, alt_reach))))
    share, ci_low, ci_high = _sampling(claim.survey, claim.question_id, options, claim.settings)
    return {**fields, "status": status, "note": "; ".join(notes),
            "share": share, "ci_low": ci_low, "ci_high": ci_high,
            "holds_in_ci": evaluate(test, lower, upper, {"share": (ci_low, ci_high)})}


def _verbal_poles(claim: _Claim, rule: dict) -> dict:
    """A verbal rule on the balance of a scale, e.g. "meningen verdeeld" or "weinig bemoedigend".

    First reading: the rule's thresholds over each pole's rounding range. Second reading: the
    positive-minus-negative difference with its confidence interval from the multinomial
    covariance (:func:`helpers.inference.stats.balance`, all respondents, the run's ``confidence``):
    "divided" as *evenly* balanced (the interval includes 0), "discouraging" as a positive side
    statistically significantly below the negative one (the interval lies below 0). If the two
    readings disagree the status is ``depends on reading``. The sampling columns are the
    difference and its interval.
    """
    survey, lang, question_id, n = claim.survey, claim.lang, claim.question_id, claim.n
    ranges, points = {}, {}
    for pole in data.POLES:
        ids = data.pole_options(survey, question_id, pole)
        ranges[pole] = claim.range(ids)[:2]
        points[pole] = claim.point(ids)
    reach = evaluate(rule["test"], rule["lower"], rule["upper"], ranges)
    keep = dataclasses.replace(claim.settings, dont_know="keep")
    balance = stats.balance(survey, question_id, keep)
    if rule["test"] == "divided":
        balanced = balance["low"] <= 0 <= balance["high"]
        name = "balanced"
    else:
        balanced = balance["high"] < 0
        name = "below"
    alt_reach = "all" if balanced else "none"
    note = text("note.poles", lang, **_numbers(lang, pos=points["positive"], neg=points["negative"],
                                              pos_low=ranges["positive"][0], pos_high=ranges["positive"][1],
                                              neg_low=ranges["negative"][0], neg_high=ranges["negative"][1]))
    balance_note = text("note.balance", lang, level=labels.level(keep.confidence, lang), n=balance["n"],
                        assumed=n_assumed(survey, question_id, lang),
                        **_numbers(lang, diff=balance["difference"], low=balance["low"], high=balance["high"]))
    readings = _reading_note(lang, ("threshold", name), (
        ("{positive} / {negative}".format(**_numbers(lang, **points)), reach), (balance_note, alt_reach)))
    return {"n": n, "value": points["positive"], "range_low": ranges["positive"][0],
            "range_high": ranges["positive"][1],
            "recomputed": "{positive} / {negative}".format(**_numbers(lang, **points)),
            "status": _readings_status(reach, alt_reach),
            "note": f"{note}; {text(f'extent.{reach}', lang)}; {readings}",
            "share": balance["difference"], "ci_low": balance["low"], "ci_high": balance["high"],
            "holds_in_ci": alt_reach}


def _verbal_largest(claim: _Claim, rule: dict) -> dict:
    """A verbal rule on the largest substantive option (of those named, if any), e.g. "no clear majority"."""
    survey, lang, question_id, n = claim.survey, claim.lang, claim.question_id, claim.n
    table = data.options(survey, question_id)
    ids = [option for option in table.loc[table["kind"] == "substantive", "option_id"]
           if not claim.options or option in claim.options]
    option_ranges = {option: claim.range([option])[:2] for option in ids}
    points = {option: claim.point([option]) for option in ids}
    largest = max(points, key=points.get)
    reach = evaluate(rule["test"], rule["lower"], rule["upper"], {"options": list(option_ranges.values())})
    low, high = option_ranges[largest]
    note = text("note.largest", lang, option=table.set_index("option_id").loc[largest, f"option_{lang}"],
                **_numbers(lang, value=points[largest]))
    return {"n": n, "value": points[largest], "range_low": low, "range_high": high,
            "recomputed": value_and_range(points[largest], low, high, lang),
            "status": STATUS_OF_EXTENT[reach], "note": f"{note}; {text(f'extent.{reach}', lang)}"}


VERBAL_CHECKS = {**dict.fromkeys(SHARE_TESTS, _verbal_share), **dict.fromkeys(POLE_TESTS, _verbal_poles),
                 "largest_option_at_most": _verbal_largest}


def _verbal(claim: _Claim) -> dict:
    """A verbal judgement, tested with its rule of ``verbal_rules.csv`` (see :data:`VERBAL_CHECKS`).

    A one-share rule without the options it is about cannot be checked: not verifiable.
    """
    rule = data.rule_row(claim.survey, claim.row["rule_id"])
    fields = {"n": claim.n, "rule": rule_text(claim.survey, rule["rule_id"], claim.lang)}
    if not claim.options and rule["test"] in SHARE_TESTS:
        return {**fields, "status": "not verifiable",
                "note": text("note.missing", claim.lang, needed=text("what.options", claim.lang))}
    return {**fields, **VERBAL_CHECKS[rule["test"]](claim, rule)}


def _sample_size(claim: _Claim) -> dict:
    """A printed n: a transcription check if it is the question's n (whether the shares fit that n
    is the rounding table's business), inconsistent otherwise."""
    lang, question_id = claim.lang, claim.question_id
    row = data.question(claim.survey, question_id)
    if pd.isna(row["n"]):
        return {"n": claim.n, "status": "not verifiable",
                "note": text("note.sample_size_unknown", lang, question=question_wording(claim.survey, question_id, lang))}
    stated = int(row["n"])
    fits = [rule for rule in ("half_up", "half_even") if stats.fits(claim.survey, question_id, stated, rule)]
    same = stated == claim.published
    return {"n": stated, "value": float(stated), "recomputed": str(stated),
            "rule": text("rule.transcription" if same else "rule.sample_size", lang),
            "status": "transcription" if same and fits else "inconsistent",
            "note": text("note.sample_size", lang, question=question_wording(claim.survey, question_id, lang), n=stated,
                         status=labels.text(f"n_status.{row['n_status']}", lang),
                         rules=", ".join(labels.text(f"value.{rule}", lang) for rule in fits) or text("none", lang))}


# claims.csv method -> how a claim of that method is checked
CHECKS = {"single": _single, "sum": _sum_or_remainder, "remainder": _sum_or_remainder, "comparison": _comparison,
          "frechet": _comparison, "verbal": _verbal, "sample_size": _sample_size, "causal": _not_verifiable,
          "qualitative": _not_verifiable}

EMPTY_FIELDS = {"n": pd.NA, "rule": "", "value": float("nan"), "range_low": float("nan"), "range_high": float("nan"),
                "recomputed": "", "status": "", "note": "", "share": float("nan"), "ci_low": float("nan"),
                "ci_high": float("nan"), "holds_in_ci": ""}


def _check_one(survey: data.Survey, claim: dict, settings: Settings) -> dict:
    """Recompute one claim with the check of its method; returns the fields beyond those copied from claims.csv."""
    method = claim["method"]
    if method not in CHECKS:
        raise ValueError(f"method={method!r} is not allowed; allowed: {', '.join(data.CLAIM_METHODS)}")
    return {**EMPTY_FIELDS, **CHECKS[method](_Claim(survey, claim, settings))}


def _claim_rows(survey: data.Survey) -> dict[str, dict]:
    """``claims.csv`` as plain dicts by claim id, built once per survey: each check reads a claim's fields
    many times, and the multiverse checks a few claims under many settings. Callers pass copies on."""
    if "claim_rows" not in survey.views:
        survey.views["claim_rows"] = {row["claim_id"]: row for row in survey.claims.to_dict("records")}
    return survey.views["claim_rows"]


def check_claims(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Every claim of ``claims.csv`` with its point, range, status and a note on why.

    Columns: see :data:`CLAIM_COLUMNS`. ``value`` is the share at the tables' point counts (for
    comparisons: the difference of two such shares), ``range_low``/``range_high`` its rounding
    range at the scenario's ``n`` (in %), ``recomputed`` both as text (the point inside the
    range). ``share``/``ci_low``/``ci_high`` are the sampling interval of a verbal claim's share
    under ``settings`` (for the balance of a scale: of the positive-minus-negative difference, in
    points) and ``holds_in_ci`` whether its rule holds for all, some or none of it.
    """
    records = verdict_records.verdicts(survey, settings).set_index("claim_id", drop=False)
    names = {row["claim_id"]: claim_name(row, settings.lang) for row in survey.claims.to_dict("records")}
    rows = []
    for claim in map(dict, _claim_rows(survey).values()):  # in file order
        fields = _check_one(survey, claim, settings)
        record = records.loc[claim["claim_id"]].to_dict()
        fields.update(_verdict_fields(survey, claim, record, fields, settings, names))
        own = claim_note(claim, settings.lang)
        if own and claim["method"] not in ("causal", "qualitative") and record["scope"] != "narrower_item":
            fields["note"] = f"{fields['note']}; {clause(own)}"
        base = {column: claim[column] for column in ("claim_id", "section", "phrase_nl", "claim_en", "method",
                                                     "question_id", "options", "rule_id", "published",
                                                     "hypothesis_id")}
        if claim["method"] in ("comparison", "frechet", "causal"):
            other = claim["other_question_id"] + (":" + claim["other_options"] if claim["other_options"] else "")
            base["options"] = " vs ".join(part for part in (claim["options"], other) if part)
        rows.append({**base, **fields})
    table = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    table["section"] = table["section"].astype(str)
    table["n"] = pd.array(table["n"], dtype="Int64")
    for column in ("published", "value", "range_low", "range_high", "share", "ci_low", "ci_high", "level"):
        table[column] = table[column].astype(float)
    table["counted"] = table["counted"].astype(bool)
    bad = set(table["status"]) - set(STATUSES)
    if bad:  # a programming error, never a data problem
        raise AssertionError(f"unknown status(es) {bad}")
    return table


def _verdict_fields(survey: data.Survey, claim: dict, record: dict, fields: dict, settings: Settings,
                    names: dict[str, str]) -> dict:
    """The columns a claim's verdict record decides: status (its outcome code), whether it is counted, and
    for a claim with a declared hypothesis its rule, note and deciding interval (in ``settings.lang``)."""
    out = {"status": record["outcome"], "counted": bool(record["counted"]), "shares_with": ";".join(record["shares_with"]),
           "level": record["level"]}
    if not claim["hypothesis_id"]:
        if record["outcome"] == "transcription":
            out["note"] = "; ".join(part for part in (verdict_text.text("note.transcription", settings.lang),
                                                      fields["note"]) if part)
        return out
    assumed = n_assumed(survey, claim["question_id"], settings.lang)
    numbers = fields["note"] if claim["method"] != "verbal" else ""  # a comparison's two shares and bounds
    if claim["method"] == "verbal" and _split(claim["options"]):  # an option printed in words: how it is recomputed
        numbers = share_range(survey, claim["question_id"], _split(claim["options"]), int(record["n"]),
                              settings.lang, stats.rounding_of(settings))[2]
    note = verdict_text.verdict_note(record, settings.lang, names, assumed, clause(claim_note(claim, settings.lang)))
    rule = verdict_text.hypothesis_text(record, settings.lang)
    if claim["rule_id"]:  # the article's word first: "large majority: share ≥ 66.67%"
        rule = f"{data.rule_row(survey, claim['rule_id'])[f'term_{settings.lang}']}: {rule}"
    return {**out, "rule": rule,
            "note": "; ".join(part for part in (note, numbers) if part),
            "share": record["estimate"], "ci_low": record["ci_low"], "ci_high": record["ci_high"]}


def headline(checked: pd.DataFrame) -> dict[str, int]:
    """The audit's first-screen numbers from :func:`check_claims`: each hypothesis counted once.

    Keys: ``claims`` (all checked rows), ``transcription`` (a printed figure against itself, kept
    out of the rest), ``informative`` (the others), ``counted`` (the informative rows counted: each
    hypothesis once), ``shared`` (claims repeating a hypothesis another claim tests, not counted
    again), and of the counted: ``supported``, ``contradicted``, ``undetermined``, ``depends``
    (depends on reading) and ``unverifiable`` (not verifiable); these five add up to ``counted``.
    """
    status, counted = checked["status"], checked["counted"].astype(bool)
    out = {"claims": int(len(checked)), "transcription": int((status == "transcription").sum())}
    out["informative"] = out["claims"] - out["transcription"]
    out["counted"] = int(counted.sum())
    out["shared"] = out["informative"] - out["counted"]
    for key, code in (("supported", "supported"), ("contradicted", "contradicted"), ("undetermined", "undetermined"),
                      ("depends", "depends_on_reading"), ("unverifiable", "not_verifiable")):
        out[key] = int(((status == code) & counted).sum())
    return out


def headline_text(checked: pd.DataFrame, lang: str = "en") -> str:
    """:func:`headline` as one sentence in ``lang`` (the audit notebook shows it first)."""
    return text("headline", lang, **headline(checked))


def status_counts(checked: pd.DataFrame) -> pd.DataFrame:
    """How many claims per status (every status, zeros included) and per method."""
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
        "claim": claim_wording(checked, lang),
        "method": checked["method"],
        "rule": checked["rule"],
        "published": [labels.number(v, lang, trim=True) for v in checked["published"]],
        "recomputed": checked["recomputed"],
        "status": [text(f"status.{status}", lang) for status in checked["status"]],
        "note": checked["note"],
    })
    return table.reset_index(drop=True)
