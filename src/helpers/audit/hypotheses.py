"""Declared hypotheses (``data/hypotheses.csv``) decided by their deciding interval: numbers only.

A hypothesis names a quantity (a share, a sum of options, a difference of two items' shares, the
balance of a scale's poles, the largest option), a comparator (at least, at most, more than,
between, equivalent within a margin) with its threshold or margin, and the test that decides it.
:func:`evaluate` returns its :class:`Decision`: the point estimate, the deciding interval, the
p-values of both directions and the outcome:

* ``supported``: the deciding interval lies wholly on the claim's side;
* ``contradicted``: it lies wholly on the other side;
* ``undetermined``: it reaches both sides. Absence of evidence never counts as support: an
  equivalence claim is supported only when its equivalence interval lies inside the margin.

Every interval ranges over every share the printed figures allow (:func:`share_bounds`: each
figure +/- half its rounding width, the options summing to 100): a superset of the compatible
counts at any n that does not depend on n, so a smaller n can only widen the deciding interval
and no verdict gets stronger as n falls. Units:
shares in percent, differences and balances in percentage points. Tests:

* ``share_interval``: the share's interval under ``settings.ci_method`` at ``settings.confidence``
  (statsmodels ``proportion_confint``), lowest lower and highest upper bound over the compatible
  counts; p-values: the score test (:func:`helpers.inference.multiplicity.score_p`) at the least
  favourable compatible count, doubled one-sided (so p < alpha exactly when the interval decides);
* ``tost_share``: statsmodels ``proportions_ztost`` (two one-sided Wald tests) at every compatible
  count, the largest p; its interval is the Wald interval at level 1 - 2 alpha (their duality);
* ``balance_interval`` / ``tost_balance``: positive minus negative share of all respondents with the
  multinomial variance ``(p1 + p2 - (p1 - p2)^2) / n`` (as :func:`helpers.inference.intervals.balance_interval`),
  over every pair of compatible pole counts; Wald interval at 1 - alpha, or TOST at 1 - 2 alpha;
* ``difference_interval``: a share of one item minus a share of another, its standard error the
  *sum* of the two Wald standard errors: an upper bound whatever the unknown overlap of the two
  items' respondents (correlation -1), so the interval holds without a common base;
* ``largest_interval``: every substantive option's ``share_interval``; "at most t" is supported
  when every option's interval lies at or below t, contradicted when some option's lies above;
* ``poles_interval``: each pole's (positive, negative) ``share_interval`` against the band
  ``threshold``..``upper``: supported when both lie in it, contradicted when one lies wholly
  outside (an intersection-union test: its p of holding is the larger of the two).

At a design effect ``deff`` every variance is that of ``n / deff`` respondents (a sensitivity
assumption, not a known property of this survey).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import Sequence

import numpy as np
from scipy.special import ndtr
from statsmodels.stats.proportion import proportions_ztost

from ..core import data
from ..core.params import Settings
from ..inference import counts, intervals, multiplicity, stats
from .bands import balance_grid, decide

OUTCOMES = ("supported", "contradicted", "undetermined")


@dataclasses.dataclass(frozen=True)
class Decision:
    """One hypothesis decided at one n: estimate and deciding interval (percent or points), the
    interval's level, p of the claim holding / failing, and the outcome (:data:`OUTCOMES`)."""

    estimate: float
    low: float
    high: float
    level: float
    p_holds: float
    p_fails: float
    outcome: str
    n: int


def _options(cell: str) -> list[str]:
    return [option for option in str(cell).split(";") if option]


def share_bounds(survey: data.Survey, question_id: str, options: Sequence[str]) -> tuple[float, float]:
    """Smallest and largest share (percent) of ``options`` together that the printed figures allow:
    each figure +/- half its rounding width (a merged figure twice that; a figure in words and an
    unpublished remainder anything), the options summing to 100. It contains the compatible shares
    at every n, and does not depend on n: so a smaller n can only widen a deciding interval built on
    it (no verdict gets stronger as n falls). Raises KeyError for an unknown option."""
    key = ("share_bounds", question_id, tuple(options))
    if key not in survey.views:
        question = stats.question_counts(survey, question_id)
        members = [question.index(option) for option in options]
        percents, parts, words = stats.evidence(survey, question_id)
        ranges = [(0.0, 100.0) if word else (max(p - m / 2, 0.0), min(p + m / 2, 100.0))
                  for p, m, word in zip(percents, parts, words)]
        ranges += [(0.0, 100.0)] * (len(question.rows) - len(ranges))
        low, high = counts.subset_range(ranges, members, 100.0, complete=True)
        survey.views[key] = (float(low), float(high))
    return survey.views[key]


def _bases(survey, question_id: str, options: Sequence[str], n: int, settings: Settings) -> tuple[float, float, float, float]:
    """(lowest share, highest share, point share, base n) of ``options``: :func:`share_bounds`, re-based on
    the opinion-holders when ``settings.dont_know == "exclude"`` (an outer bound), and the point share
    at the tables' point counts at ``n``."""
    question = stats.question_counts(survey, question_id, n=n, rounding=stats.rounding_of(settings))
    members = [question.index(option) for option in options]
    low, high = share_bounds(survey, question_id, options)
    dont_know = question.dont_know if settings.dont_know == "exclude" else []
    base = n - sum(question.point[i] for i in dont_know)
    point = 100.0 * sum(question.point[i] for i in members) / base
    if dont_know:
        dk_low, dk_high = share_bounds(survey, question_id, [question.rows[i] for i in dont_know])
        low, high = 100 * low / (100 - dk_low), min(100.0, 100 * high / (100 - dk_high))
    return low, high, point, float(base)


def _wald(share: float, base: float, deff: float) -> float:
    """Wald standard error (proportion) of a share (percent) of ``base`` at ``base / deff`` respondents."""
    p = share / 100
    return math.sqrt(max(p * (1 - p), 0.0) / (base / deff))


def _share_ends(survey, row, options, n, settings: Settings) -> tuple:
    """What a share's deciding interval is built from: ``(low share, high share, point share, base,
    method, alpha, (low count, high count))``; an exact method gets whole counts (the outer ones)."""
    low_share, high_share, estimate, base = _bases(survey, row["question_id"], options, n, settings)
    method = "normal" if row["test"] == "tost_share" else settings.ci_method
    alpha = min(2 * settings.alpha, 0.999) if row["test"] == "tost_share" else settings.alpha
    if method in intervals.EXACT_METHODS:
        counts_ = (math.floor(low_share * base / 100), math.ceil(high_share * base / 100))
    else:
        counts_ = (low_share * base / 100, high_share * base / 100)
    return low_share, high_share, estimate, base, method, alpha, counts_


def interval_requests(survey: data.Survey, hypothesis_id: str, settings: Settings, n: int | None = None,
                      options: Sequence[str] | None = None) -> list[tuple]:
    """Every ``(count, base, method, alpha, deff)`` proportion interval that :func:`evaluate` computes for
    this hypothesis (empty for balances and differences, which use no proportion interval): so that
    :func:`helpers.inference.intervals.prime` can compute many intervals at once. Same
    arguments and errors as :func:`evaluate`."""
    row = hypothesis_row(survey, hypothesis_id)
    if row["quantity"] not in ("share", "sum", "largest_share", "poles"):
        return []
    n = int(n) if n is not None else data.n_for(survey, row["question_id"], settings.n_scenario)
    settings = _used_settings(row, settings)  # memoised on what the intervals read, as evaluate is
    key = ("interval_requests", hypothesis_id, n, tuple(options) if options is not None else None, settings)
    if key not in survey.views:
        survey.views[key] = tuple(_interval_requests(survey, row, settings, n, options))
    return list(survey.views[key])


def _interval_requests(survey: data.Survey, row: dict, settings: Settings, n: int,
                       options: Sequence[str] | None) -> list[tuple]:
    """:func:`interval_requests`, computed."""
    if row["quantity"] == "largest_share":
        groups = [[option] for option in data.kind_options(survey, row["question_id"], "substantive")]
        row = {**row, "test": "share_interval"}
    elif row["quantity"] == "poles":
        groups = [data.pole_options(survey, row["question_id"], pole) for pole in data.POLES]
        row = {**row, "test": "share_interval"}
        settings = dataclasses.replace(settings, dont_know="keep")
    else:
        groups = [list(options) if options is not None else _options(row["options"])]
    out = []
    for group in groups:
        *_, base, method, alpha, counts_ = _share_ends(survey, row, group, n, settings)
        out += [(count, base, method, alpha, settings.deff) for count in counts_]
    return out


def _share(survey, row, options, n, settings: Settings) -> Decision:
    """``share_interval`` / ``tost_share`` of one share or a sum of options."""
    low_share, high_share, estimate, base, method, alpha, counts_ = _share_ends(survey, row, options, n, settings)
    t, upper, margin, comparator = row["threshold"], row["upper"], row["margin"], row["comparator"]
    low = intervals.proportion_interval(counts_[0], base, method, alpha, settings.deff)[0]
    high = intervals.proportion_interval(counts_[1], base, method, alpha, settings.deff)[1]
    if row["test"] == "tost_share":
        band = ((t - margin) / 100, (t + margin) / 100)
        p_holds = max(float(proportions_ztost(c / settings.deff, base / settings.deff, *band)[0]) for c in counts_)
        p_fails = max(_beyond(share, base, *band, settings.deff) for share in (low_share, high_share))
    else:
        p_holds, p_fails = _score_p_values(counts_, base, comparator, t, upper, settings.deff)
    return Decision(estimate, low, high, 1 - alpha, p_holds, p_fails, decide(comparator, t, upper, margin, low, high), n)


def _beyond(share: float, base: float, low_band: float, high_band: float, deff: float) -> float:
    """One-sided p (Wald) that a share (percent) lies beyond the equivalence band, on its nearer side."""
    se, share = _wald(share, base, deff), share / 100
    if se == 0:
        return 0.0 if not low_band <= share <= high_band else 1.0
    return float(min(ndtr((share - low_band) / se), ndtr((high_band - share) / se)))


@functools.lru_cache(maxsize=65536)
def _score_p_values(counts_: tuple[float, float], base: float, comparator: str, t: float, upper: float,
                    deff: float) -> tuple[float, float]:
    """(p holds, p fails) of a one-share comparator: doubled one-sided score tests
    (:func:`helpers.inference.multiplicity.score_p`) at the least favourable end of the share's bounds.
    Memoised (a pure function of numbers: the multiverse's readings that differ only in the interval
    method share them)."""
    low, high = counts_

    def p(count, threshold, larger):
        return min(1.0, 2.0 * multiplicity.score_p(count / deff, base / deff, threshold, larger))
    if comparator in ("at_least", "more_than"):
        return p(low, t, True), p(high, t, False)
    if comparator == "at_most":
        return p(high, t, False), p(low, t, True)
    return max(p(low, t, True), p(high, upper, False)), min(p(high, t, False), p(low, upper, True))


def _balance(survey, row, n, settings: Settings) -> Decision:
    """``balance_interval`` / ``tost_balance``: positive minus negative pole of all respondents."""
    question_id = row["question_id"]
    keep = dataclasses.replace(settings, dont_know="keep")
    (pos_low, pos_high, pos, _), (neg_low, neg_high, neg, _) = (
        _bases(survey, question_id, data.pole_options(survey, question_id, pole), n, keep) for pole in data.POLES)
    diff, se = balance_grid((pos_low, pos_high), (neg_low, neg_high), n, settings.deff)
    estimate = pos - neg
    t, margin, comparator = row["threshold"] / 100, row["margin"] / 100, row["comparator"]
    tost = row["test"] == "tost_balance"
    level = 1 - 2 * settings.alpha if tost else settings.confidence
    z = intervals.normal_quantile(1 - (1 - level) / 2)
    low, high = 100 * float((diff - z * se).min()), 100 * float((diff + z * se).max())
    with np.errstate(divide="ignore", invalid="ignore"):
        if tost:  # H0: balance <= t - m, and H0: balance >= t + m; p of each one-sided test
            p_lower = ndtr(-(diff - (t - margin)) / se)
            p_upper = ndtr((diff - (t + margin)) / se)
            p_holds = float(np.max(np.maximum(p_lower, p_upper)))
            # beyond the band: H0 balance >= t - m (p small when far below), or H0 balance <= t + m
            p_fails = float(np.max(np.minimum(ndtr((diff - (t - margin)) / se), ndtr(((t + margin) - diff) / se))))
        else:
            above, below = ndtr(-(diff - t) / se), ndtr((diff - t) / se)  # one-sided p of "> t", of "< t"
            if comparator == "at_most":
                p_holds, p_fails = float(np.max(2 * below)), float(np.max(2 * above))
            else:
                p_holds, p_fails = float(np.max(2 * above)), float(np.max(2 * below))
    return Decision(estimate, low, high, level, min(p_holds, 1.0), min(p_fails, 1.0),
                    decide(comparator, row["threshold"], row["upper"], row["margin"], low, high), n)


def _difference(survey, row, options, n, settings: Settings, other_n: int) -> Decision:
    """``difference_interval``: share of one item minus share of another, standard errors added."""
    a_low, a_high, a_point, a_base = _bases(survey, row["question_id"], options, n, settings)
    b_low, b_high, b_point, b_base = _bases(survey, row["other_question_id"], _options(row["other_options"]),
                                            other_n, settings)
    z = intervals.normal_quantile(1 - settings.alpha / 2)
    t = row["threshold"] / 100
    ends = {}
    for name, a, b in (("low", a_low, b_high), ("high", a_high, b_low)):  # the least favourable corners
        se = _wald(a, a_base, settings.deff) + _wald(b, b_base, settings.deff)
        ends[name] = ((a - b) / 100, se)
    (d_low, se_low), (d_high, se_high) = ends["low"], ends["high"]
    low, high = 100 * (d_low - z * se_low), 100 * (d_high + z * se_high)
    p_up = 2 * float(ndtr(-(d_low - t) / se_low)) if se_low > 0 else float(d_low <= t) * 2
    p_down = 2 * float(ndtr((d_high - t) / se_high)) if se_high > 0 else float(d_high >= t) * 2
    p_holds, p_fails = (p_down, p_up) if row["comparator"] == "at_most" else (p_up, p_down)
    return Decision(a_point - b_point, low, high, settings.confidence, min(p_holds, 1.0), min(p_fails, 1.0),
                    decide(row["comparator"], row["threshold"], row["upper"], row["margin"], low, high), n)


def _largest(survey, row, n, settings: Settings) -> Decision:
    """``largest_interval``: every substantive option's share interval against an upper threshold."""
    ids = data.kind_options(survey, row["question_id"], "substantive")
    decided = {option: _share(survey, {**row, "test": "share_interval"}, [option], n, settings) for option in ids}
    largest = max(decided.values(), key=lambda d: d.estimate)
    # the largest share is at least every option's lower bound and at most the highest upper bound
    low = max(d.low for d in decided.values())
    high = max(d.high for d in decided.values())
    p_holds = max(d.p_holds for d in decided.values())
    p_fails = min(d.p_fails for d in decided.values())
    outcome = decide(row["comparator"], row["threshold"], row["upper"], row["margin"], low, high)
    return Decision(largest.estimate, low, high, settings.confidence, p_holds, p_fails, outcome, n)


def _poles(survey, row, n, settings: Settings) -> Decision:
    """``poles_interval``: each pole's share interval (all respondents) against the band; the decision
    shows the pole nearer a bound of the band, the one that decides."""
    keep = dataclasses.replace(settings, dont_know="keep")
    share_row = {**row, "test": "share_interval"}
    decided = [_share(survey, share_row, data.pole_options(survey, row["question_id"], pole), n, keep)
               for pole in data.POLES]
    outcomes = {d.outcome for d in decided}
    outcome = "supported" if outcomes == {"supported"} else (
        "contradicted" if "contradicted" in outcomes else "undetermined")
    t, upper = row["threshold"], row["upper"]
    shown = min(decided, key=lambda d: min(d.low - t, upper - d.high))
    return Decision(shown.estimate, shown.low, shown.high, settings.confidence,
                    max(d.p_holds for d in decided), min(d.p_fails for d in decided), outcome, n)


def hypothesis_row(survey: data.Survey, hypothesis_id: str) -> dict:
    """One row of ``hypotheses.csv`` as a plain dict (built once per survey); KeyError if unknown."""
    rows = _hypothesis_rows(survey)
    if hypothesis_id not in rows:
        raise KeyError(f"unknown hypothesis_id {hypothesis_id!r}; known: {', '.join(rows)}")
    return dict(rows[hypothesis_id])


def _hypothesis_rows(survey: data.Survey) -> dict[str, dict]:
    """Every row of ``hypotheses.csv`` by id, built once per survey (read-only: callers copy a row)."""
    if "hypothesis_rows" not in survey.views:
        survey.views["hypothesis_rows"] = {row["hypothesis_id"]: row for row in survey.hypotheses.to_dict("records")}
    return survey.views["hypothesis_rows"]


def evaluate(survey: data.Survey, hypothesis_id: str, settings: Settings, n: int | None = None,
             options: Sequence[str] | None = None, threshold: float | None = None,
             margin: float | None = None) -> Decision:
    """Decide one declared hypothesis under ``settings`` (see the module docstring for each test).

    ``n`` replaces the item's n of ``settings.n_scenario`` (the other item of a difference keeps
    its own); ``options`` replaces the hypothesis's options (a second reading of the claim);
    ``threshold`` and ``margin`` replace the declared ones (same unit: percent, or points for a
    difference or balance), to find where a verdict tips. Memoised per survey. Raises KeyError for
    an unknown hypothesis or option.
    """
    row = hypothesis_row(survey, hypothesis_id)
    if threshold is not None:
        row["threshold"] = float(threshold)
    if margin is not None:
        row["margin"] = float(margin)
    n, other_n, used = decision_inputs(survey, hypothesis_id, settings, n)
    chosen = tuple(options) if options is not None else tuple(_options(row["options"]))
    key = ("hypothesis", hypothesis_id, n, other_n, chosen, used, row["threshold"], row["margin"])
    if key not in survey.views:
        if row["quantity"] in ("share", "sum"):
            decision = _share(survey, row, list(chosen), n, used)
        elif row["quantity"] == "balance":
            decision = _balance(survey, row, n, used)
        elif row["quantity"] == "difference":
            decision = _difference(survey, row, list(chosen), n, used, other_n)
        elif row["quantity"] == "poles":
            decision = _poles(survey, row, n, used)
        else:
            decision = _largest(survey, row, n, used)
        survey.views[key] = decision
    return survey.views[key]


def decision_inputs(survey: data.Survey, hypothesis_id: str, settings: Settings,
                    n: int | None = None) -> tuple[int, int | None, Settings]:
    """What :func:`evaluate`'s decision reads of ``settings`` besides its options, threshold and margin:
    ``(n, other_n, used settings)``: the item's n (``n``, else the scenario's), the other item's n (a
    difference; else None) and :func:`_used_settings`. Equal inputs, equal decisions."""
    row = _hypothesis_rows(survey)[hypothesis_id]
    n = int(n) if n is not None else data.n_for(survey, row["question_id"], settings.n_scenario)
    other_n = data.n_for(survey, row["other_question_id"], settings.n_scenario) \
        if row["quantity"] == "difference" else None
    return n, other_n, _used_settings(row, settings)


_UNUSED = {name: Settings.__dataclass_fields__[name].default for name in ("lang", "n_scenario", "interval_charts")}


def _used_settings(row: dict, settings: Settings) -> Settings:
    """``settings`` with the choices a hypothesis's decision does not read set to their defaults, so that
    readings which differ only there share one memoised decision (:func:`evaluate`). Never read: the
    language, the chart option and the n scenario (the n of each item is passed on its own). The
    interval method is read only by a share's interval (``share_interval``; ``tost_share`` takes the
    Wald interval, a balance and a difference their own); don't-know not by a balance or the
    poles (all respondents). ``tests/audit/test_hypotheses.py`` checks every reading of the multiverse against
    the decision under its full settings."""
    return _normalised(settings, row["quantity"] in ("balance", "difference") or row["test"] == "tost_share",
                       row["quantity"] in ("balance", "poles"))


@functools.lru_cache(maxsize=4096)
def _normalised(settings: Settings, any_method: bool, any_dont_know: bool) -> Settings:
    """:func:`_used_settings`, on hashable keys (a frozen dataclass and two flags)."""
    unused = dict(_UNUSED)
    if any_method:
        unused["ci_method"] = Settings.__dataclass_fields__["ci_method"].default
    if any_dont_know:
        unused["dont_know"] = Settings.__dataclass_fields__["dont_know"].default
    if all(getattr(settings, name) == value for name, value in unused.items()):
        return settings
    return dataclasses.replace(settings, **unused)


def compatible_n(survey: data.Survey, question_id: str, settings: Settings, largest: int = 577) -> list[int]:
    """Every n from 1 to ``largest`` at which the item's printed figures fit under ``settings.rounding``.
    Memoised per survey (each caller gets its own list)."""
    rounding = stats.rounding_of(settings)
    key = ("compatible_n", question_id, rounding, largest)
    if key not in survey.views:
        survey.views[key] = tuple(n for n in range(1, largest + 1) if stats.fits(survey, question_id, n, rounding))
    return list(survey.views[key])
