"""The claim checks: every row of ``claims.csv`` recomputed from ``results.csv``, as language-free facts.

The yardstick is the article's own base (all respondents, don't-know included), because that is
the base its percentages use. Ranges come from :mod:`helpers.audit.ranges` (the tables' compatible
counts, under ``settings.rounding``).

Each check (:data:`CHECKS`, one per ``claims.csv`` method) returns the numbers the claims table
prints and codes naming the note that applies, never a word: the point and its rounding range, the
printed parts of a sum, both shares of a comparison (and the Fréchet bounds of their overlap), a
verbal rule's extent (``all``/``some``/``none`` of the range) under each reading, the balance of a
scale with its interval, a printed n and the rounding rules it fits. The claim's status is its
verdict's outcome (:mod:`helpers.audit.verdicts`); :mod:`helpers.words.claim_table` words the facts
in the report's language next to it.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from ..core import data
from ..core.params import Settings
from ..inference import paired, stats
from .ranges import POLE_TESTS, SHARE_TESTS, evaluate, extent, point_share, printed_share, share_range

CLAIM_COLUMNS = [
    "claim_id", "section", "phrase_nl", "claim_en", "method", "question_id", "options", "n", "rule_id",
    "rule", "published", "value", "range_low", "range_high", "recomputed", "status", "note", "share",
    "ci_low", "ci_high", "holds_in_ci", "hypothesis_id", "level", "counted", "shares_with",
]


def split_options(options: str) -> list[str]:
    """The option ids of a claims.csv cell ("strongly_agree;agree"); an empty cell gives none."""
    return [option for option in options.split(";") if option]


@dataclasses.dataclass(frozen=True)
class _Claim:
    """One row of ``claims.csv`` with the survey and settings it is checked under: what every check needs."""

    survey: data.Survey
    row: dict  # a row of claims.csv (column -> value)
    settings: Settings

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
        return split_options(self.row["options"])

    @property
    def published(self) -> float | None:
        """The number the claim prints, None if it prints none."""
        return None if pd.isna(self.row["published"]) else float(self.row["published"])

    @property
    def n(self) -> int:
        """The question's n under the scenario (a property: causal and qualitative claims need none)."""
        return data.n_for(self.survey, self.question_id, self.settings.n_scenario)

    def ranged(self, options: list[str] | None = None) -> dict:
        """The point (:func:`point_share`) and rounding range (:func:`share_range`) of the claim's options
        (or ``options``) at the claim's n: ``value``, ``low``, ``high`` and the range's ``range_notes``."""
        options = self.options if options is None else options
        low, high, notes = share_range(self.survey, self.question_id, options, self.n, self.rounding)
        value = point_share(self.survey, self.question_id, options, self.n, self.rounding)
        return {"value": value, "low": low, "high": high, "range_notes": notes}


def _with_range(claim: _Claim, found: dict) -> dict:
    """The fields of a point checked against its rounding range at the claim's n (``found`` from
    :meth:`_Claim.ranged`)."""
    return {"n": claim.n, "value": found["value"], "range_low": found["low"], "range_high": found["high"],
            "range_notes": found["range_notes"]}


def _not_verifiable(claim: _Claim) -> dict:
    """A causal or qualitative claim: marginal shares cannot decide it (the note says why)."""
    return {"kind": "not_verifiable"}


def _single(claim: _Claim) -> dict:
    """A printed share of an option: a transcription check (the figure against itself) if the claim
    prints the option's printed share (``same``), else the two figures differ."""
    printed = printed_share(claim.survey, claim.question_id, claim.options)
    return {**_with_range(claim, claim.ranged()), "kind": "single", "printed": printed,
            "same": printed == claim.published}


def _sum_or_remainder(claim: _Claim) -> dict:
    """A printed sum of options ("46 and another 35") or remainder ("the other 69%").

    The outcome (``equal``, ``within``, ``off``) follows from the range of compatible shares, not from
    the plain arithmetic: the claim holds if its number's rounding interval (+/- 0.5) meets the range;
    exactly (``equal``) if the printed parts also give the number, else ``within`` (rounding); ``off``
    if the interval misses the range.
    """
    method, options = claim.row["method"], claim.options
    table = data.options(claim.survey, claim.question_id)
    fields = _with_range(claim, claim.ranged())
    if method == "sum":
        parts = [int(p) for p in table.loc[table["option_id"].isin(options), "percent"]]
        arithmetic = float(sum(parts))
    else:
        parts = [int(p) for p in table.loc[~table["option_id"].isin(options), "percent"]]
        arithmetic = float(100 - sum(parts))
    target = claim.published
    if target is None:  # a remainder printed without a number ("the rest"): compare with the table's share
        target = printed_share(claim.survey, claim.question_id, options)
    meets = target - 0.5 <= fields["range_high"] and target + 0.5 >= fields["range_low"]
    outcome = ("equal" if arithmetic == target else "within") if meets else "off"
    return {**fields, "kind": method, "parts": parts, "arithmetic": arithmetic, "target": target,
            "outcome": outcome, "total": int(table["percent"].sum())}


def _comparison(claim: _Claim) -> dict:
    """One share above (or below) another, for all, some or no shares in both rounding ranges.

    Each share is read on its own base, so the comparison needs no common base. ``frechet`` claims
    add the joint (Fréchet) bounds of the overlap (``frechet``), which do need one: the note states
    what is known about the two bases and names the common-base assumption the bounds rest on.
    """
    survey, method, operator = claim.survey, claim.row["method"], claim.row["operator"]
    other_id, other_options = claim.row["other_question_id"], split_options(claim.row["other_options"])
    other_n = data.n_for(survey, other_id, claim.settings.n_scenario)
    a_low, a_high, _ = share_range(survey, claim.question_id, claim.options, claim.n, claim.rounding)
    b_low, b_high, _ = share_range(survey, other_id, other_options, other_n, claim.rounding)
    a = point_share(survey, claim.question_id, claim.options, claim.n, claim.rounding)
    b = point_share(survey, other_id, other_options, other_n, claim.rounding)
    if operator == ">":
        reach = extent(a_low > b_high, a_high > b_low)
    else:
        reach = extent(a_high < b_low, a_low < b_high)
    out = {"kind": "comparison", "n": claim.n, "value": a - b, "range_low": a_low - b_high,
           "range_high": a_high - b_low, "operator": operator, "other_question_id": other_id, "reach": reach,
           "shares": {"a": a, "b": b, "a_low": a_low, "a_high": a_high, "b_low": b_low, "b_high": b_high}}
    if method == "frechet":
        # a share of the larger item is not its share among the smaller item's respondents: its count is
        # bounded within that group first, over every subset and compatible count (issue 19 kind 3)
        keep = dataclasses.replace(claim.settings, dont_know="keep")
        first = stats.combined_share(survey, claim.question_id, claim.options, keep)
        second = stats.combined_share(survey, other_id, other_options, keep)
        found = paired.subset_overlap_bounds(int(first["n"]), (int(first["count_min"]), int(first["count_max"])),
                                            int(second["n"]), (int(second["count_min"]), int(second["count_max"])))
        (both_low, both_high), (only_low, only_high) = found["both_pct"], found["a_not_b_pct"]
        out["frechet"] = {"n": found["n"], "both_low": both_low, "both_high": both_high,
                          "only_low": only_low, "only_high": only_high}
    return out


def _sampling(claim: _Claim, test: str, lower: float, upper: float) -> dict:
    """The sampling interval of the claim's combined share under the run's settings, and for how much of
    it the rule holds (``holds_in_ci``)."""
    result = stats.combined_share(claim.survey, claim.question_id, claim.options, claim.settings)
    share, ci_low, ci_high = float(result["share"]), float(result["ci_low"]), float(result["ci_high"])
    return {"share": share, "ci_low": ci_low, "ci_high": ci_high,
            "holds_in_ci": evaluate(test, lower, upper, {"share": (ci_low, ci_high)})}


def _verbal_share(claim: _Claim, rule: dict) -> dict:
    """A verbal rule on one (combined) share, e.g. "grote meerderheid": >= 66.67%.

    The rule is tested over the share's rounding range (``reach``). A second reading (``alt_reading``:
    ``per_option``, each named option on its own; ``title_polarity``, the ``alt_options`` that the
    chart title's polarity points at) is in ``alternative``: its points and ranges and its reach. The
    share's sampling interval says how firm the claim is (``holds_in_ci``).
    """
    options = claim.options
    test, lower, upper = rule["test"], rule["lower"], rule["upper"]
    found = claim.ranged()
    out = {**_with_range(claim, found), "kind": "verbal_share",
           "reach": evaluate(test, lower, upper, {"share": (found["low"], found["high"])}),
           "printed": printed_share(claim.survey, claim.question_id, options), "alternative": None}
    alt = claim.row.get("alt_reading", "")
    if alt == "per_option":
        singles = [claim.ranged([option]) for option in options]
        reaches = [evaluate(test, lower, upper, {"share": (one["low"], one["high"])}) for one in singles]
        alt_reach = "all" if all(r == "all" for r in reaches) else ("none" if "none" in reaches else "some")
        out["alternative"] = {"names": ("summed", "per_option"), "ranges": singles, "reach": alt_reach}
    elif alt == "title_polarity":
        other = claim.ranged(split_options(claim.row["alt_options"]))
        alt_reach = evaluate(test, lower, upper, {"share": (other["low"], other["high"])})
        out["alternative"] = {"names": ("text_polarity", "title_polarity"), "ranges": [other], "reach": alt_reach}
    return {**out, **_sampling(claim, test, lower, upper)}


def _verbal_poles(claim: _Claim, rule: dict) -> dict:
    """A verbal rule on the balance of a scale, e.g. "meningen verdeeld" or "weinig bemoedigend".

    First reading: the rule's thresholds over each pole's rounding range (``reach``). Second reading
    (``alt_name``, ``alt_reach``): the positive-minus-negative difference with its confidence interval
    from the multinomial covariance (:func:`helpers.inference.stats.balance`, all respondents, the
    run's ``confidence``): "divided" as *evenly* balanced (the interval includes 0), "discouraging" as
    a positive side statistically significantly below the negative one (the interval lies below 0).
    The sampling columns are the difference and its interval.
    """
    survey, question_id = claim.survey, claim.question_id
    poles = {pole: claim.ranged(data.pole_options(survey, question_id, pole)) for pole in data.POLES}
    reach = evaluate(rule["test"], rule["lower"], rule["upper"],
                     {pole: (found["low"], found["high"]) for pole, found in poles.items()})
    keep = dataclasses.replace(claim.settings, dont_know="keep")
    balance = stats.balance(survey, question_id, keep)
    if rule["test"] == "divided":
        balanced, name = balance["low"] <= 0 <= balance["high"], "balanced"
    else:
        balanced, name = balance["high"] < 0, "below"
    alt_reach = "all" if balanced else "none"
    positive = poles["positive"]
    return {"kind": "verbal_poles", "n": claim.n, "value": positive["value"], "range_low": positive["low"],
            "range_high": positive["high"], "poles": poles, "reach": reach, "alt_name": name,
            "alt_reach": alt_reach, "balance": balance, "confidence": keep.confidence, "n_scenario": keep.n_scenario,
            "share": balance["difference"], "ci_low": balance["low"], "ci_high": balance["high"],
            "holds_in_ci": alt_reach}


def _verbal_largest(claim: _Claim, rule: dict) -> dict:
    """A verbal rule on the largest substantive option (of those named, if any), e.g. "no clear majority"."""
    table = data.options(claim.survey, claim.question_id)
    ids = [option for option in table.loc[table["kind"] == "substantive", "option_id"]
           if not claim.options or option in claim.options]
    found = {option: claim.ranged([option]) for option in ids}
    largest = max(found, key=lambda option: found[option]["value"])
    reach = evaluate(rule["test"], rule["lower"], rule["upper"],
                     {"options": [(one["low"], one["high"]) for one in found.values()]})
    return {"kind": "verbal_largest", "n": claim.n, "value": found[largest]["value"],
            "range_low": found[largest]["low"], "range_high": found[largest]["high"], "largest": largest,
            "reach": reach}


VERBAL_CHECKS = {**dict.fromkeys(SHARE_TESTS, _verbal_share), **dict.fromkeys(POLE_TESTS, _verbal_poles),
                 "largest_option_at_most": _verbal_largest}


def _verbal(claim: _Claim) -> dict:
    """A verbal judgement, tested with its rule of ``verbal_rules.csv`` (see :data:`VERBAL_CHECKS`).

    A one-share rule without the options it is about cannot be checked (``kind`` ``missing_options``).
    """
    rule = data.rule_row(claim.survey, claim.row["rule_id"])
    if not claim.options and rule["test"] in SHARE_TESTS:
        return {"kind": "missing_options", "n": claim.n, "rule_id": rule["rule_id"]}
    return {"n": claim.n, "rule_id": rule["rule_id"], **VERBAL_CHECKS[rule["test"]](claim, rule)}


def _sample_size(claim: _Claim) -> dict:
    """A printed n: a transcription check if it is the question's n (whether the shares fit that n
    is the rounding table's business), different otherwise; ``fits``: the rounding rules it fits."""
    row = data.question(claim.survey, claim.question_id)
    if pd.isna(row["n"]):
        return {"kind": "sample_size_unknown", "n": claim.n}
    stated = int(row["n"])
    fits = [rule for rule in ("half_up", "half_even") if stats.fits(claim.survey, claim.question_id, stated, rule)]
    return {"kind": "sample_size", "n": stated, "value": float(stated), "same": stated == claim.published,
            "fits": fits, "n_status": row["n_status"]}


# claims.csv method -> how a claim of that method is checked
CHECKS = {"single": _single, "sum": _sum_or_remainder, "remainder": _sum_or_remainder, "comparison": _comparison,
          "frechet": _comparison, "verbal": _verbal, "sample_size": _sample_size, "causal": _not_verifiable,
          "qualitative": _not_verifiable}


def claim_facts(survey: data.Survey, claim: dict, settings: Settings) -> dict:
    """Recompute one claim (a row of ``claims.csv`` as a dict) with the check of its method: its facts,
    language-free (see :data:`CHECKS`; ``kind`` says which check made them)."""
    method = claim["method"]
    if method not in CHECKS:
        raise ValueError(f"method={method!r} is not allowed; allowed: {', '.join(data.CLAIM_METHODS)}")
    return CHECKS[method](_Claim(survey, claim, settings))


def claim_rows(survey: data.Survey) -> dict[str, dict]:
    """``claims.csv`` as plain dicts by claim id, built once per survey: each check reads a claim's fields
    many times, and the multiverse checks a few claims under many settings. Callers pass copies on."""
    if "claim_rows" not in survey.views:
        survey.views["claim_rows"] = {row["claim_id"]: row for row in survey.claims.to_dict("records")}
    return survey.views["claim_rows"]


def headline(checked: pd.DataFrame) -> dict[str, int]:
    """The audit's first-screen numbers from the claims table: each hypothesis counted once.

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
