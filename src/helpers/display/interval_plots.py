"""The interval charts: one question's shares with their sampling intervals, rounding envelopes and
simultaneous intervals (the interval view), and the overview of every item's headline share beside the
article's claim. Drawn with the scaffolding and helpers of :mod:`helpers.display.plots`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator

from ..words import labels
from .plots import LABEL_MAX, LABEL_WRAP, STACKED_BELOW, TITLE_MAX, WIDTH, Frame, check_table, legend_columns, capped, style, value_text, wrap
from .bars import chart_labels


# interval view colours (Okabe-Ito blue and vermillion: distinguishable with colour-vision deficiency)
INTERVAL_COLOUR = "#0072b2"
RANGE_COLOUR = "#9ecae1"
SIMULTANEOUS_COLOUR = "#d55e00"

INTERVAL_NUMBERS = ("share", "ci_low", "ci_high", "ci_low_range", "ci_high_range", "sim_low", "sim_high")
INTERVAL_REQUIRED = ("option", "label_nl", "label_en", "kind", *INTERVAL_NUMBERS)


def _finite(*values: float) -> bool:
    """True if every value is a real number (an unpublished remainder may have no interval)."""
    return all(v is not None and v is not pd.NA and np.isfinite(float(v)) for v in values)


def interval_plot(table: pd.DataFrame, *, title: str, caption: str, lang: str, width: float = WIDTH,
                  name: str = "") -> Figure:
    """The second view, one row per option (scale order, top down), x from 0 to 100 %.

    Per option, three horizontal error bars: the confidence interval (thick, dot at the share) in
    the middle, its envelope over all counts compatible with the rounded percentages (thin, light,
    just above) and the simultaneous interval (dashed, diamond at the share, just below). Each is
    an ``ErrorbarContainer`` labelled ``_ci``, ``_ci_range`` or ``_sim`` (hidden from the legend),
    so its segments can be read back. Rows without a finite interval (e.g. an unpublished remainder
    without counts) are skipped for that element. Long titles and labels are cut as in
    :func:`diverging_bar`. Returns the Figure unshown.

    Long: one figure drawn top to bottom (layout measures, marks, labels, legend, caption), each step using
    the measures of the ones before; split, the parts would pass the half-built figure around.
    """
    labels.check_lang(lang)
    table = check_table(table, INTERVAL_REQUIRED)
    title = capped(title, TITLE_MAX, "title", name)
    for column in INTERVAL_NUMBERS:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
    narrow = width < STACKED_BELOW
    names = [wrap(label, 14 if narrow else LABEL_WRAP) for label in chart_labels(table, lang, name)]
    lines = sum(name.count("\n") + 1 for name in names)
    longest = max(len(line) for name in names for line in name.split("\n"))
    entries = [labels.text(k, lang) for k in ("legend.share", "legend.ci", "legend.ci_range", "legend.simultaneous")]
    ncol = legend_columns(entries, width)
    frame = Frame(title, caption, plot_height=0.2 + 0.55 * len(table) + 0.12 * (lines - len(table)),
                   legend_rows=math.ceil(len(entries) / ncol), width=width)
    left_in = min(0.3 + 0.068 * longest, 1.3 if narrow else 3.0)
    y = np.arange(len(table), dtype=float)
    offset = 0.25
    elements = (  # name, low, high, y offset, colour, line width, line style, cap size, share marker
        ("ci_range", "ci_low_range", "ci_high_range", -offset, RANGE_COLOUR, 1.3, "-", 2.5, None),
        ("ci", "ci_low", "ci_high", 0.0, INTERVAL_COLOUR, 2.2, "-", 4.0, "o"),
        ("sim", "sim_low", "sim_high", offset, SIMULTANEOUS_COLOUR, 1.1, "--", 2.5, "D"),
    )
    with style():
        fig = frame.figure()
        ax = fig.add_axes(frame.plot_box(left_in, width - (0.2 if narrow else 0.35)), gid="intervals")
        for name, lo, hi, shift, colour, width, dash, cap, marker in elements:
            ok = np.array([_finite(a, b) for a, b in zip(table[lo], table[hi])], dtype=bool)
            low, high = table.loc[ok, lo].to_numpy(), table.loc[ok, hi].to_numpy()
            container = ax.errorbar((low + high) / 2, y[ok] + shift, xerr=(high - low) / 2, fmt="none",
                                    color=colour, ecolor=colour, elinewidth=width, capsize=cap, capthick=1.1, zorder=3,
                                    label=f"_{name}")
            for collection in container.lines[2]:
                collection.set_linestyle(dash)
                collection.set_gid(name)
            if marker:
                shown = ok & np.array([_finite(v) for v in table["share"]], dtype=bool)
                ax.plot(table.loc[shown, "share"], y[shown] + shift, linestyle="none", marker=marker,
                        zorder=4, markersize=6 if marker == "o" else 4.5, color=colour,
                        markerfacecolor=colour if marker == "o" else "white", gid=f"share_{name}")
        ax.set_xlim(0, 100)
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(MultipleLocator(10))
        ax.xaxis.grid(True, color="#e6e6e6", linewidth=0.6)
        for boundary in y[1:] - 0.5:
            ax.axhline(boundary, color="#f0f0f0", linewidth=0.6, zorder=1)
        ax.set_axisbelow(True)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        ax.set_xlabel(labels.text("axis.share", lang))
        proxies = [
            Line2D([], [], linestyle="none", marker="o", markersize=6, color=INTERVAL_COLOUR),
            Line2D([], [], color=INTERVAL_COLOUR, linewidth=2.2, marker="|", markersize=8),
            Line2D([], [], color=RANGE_COLOUR, linewidth=1.3, marker="|", markersize=6),
            Line2D([], [], color=SIMULTANEOUS_COLOUR, linewidth=1.1, linestyle="--", marker="D",
                   markersize=4.5, markerfacecolor="white"),
        ]
        fig.legend(proxies, entries, loc="upper center", bbox_to_anchor=(0.5, frame.legend_anchor()),
                   ncol=ncol, frameon=False, handlelength=2.2, columnspacing=1.6)
    return fig


OVERVIEW_REQUIRED = ("label", "share", "ci_low", "ci_high", "claim")
OVERVIEW_LABEL_WRAP = 34  # characters per line of a question's label (wide chart)
OVERVIEW_CLAIM_WRAP = 30  # characters per line of the article's claim beside it (wide chart)
OVERVIEW_NARROW_WRAP = 44  # characters per line of label and claim above the interval (phone chart)


def _wrap_lines(text: str, width: int) -> str:
    """Each line of ``text`` wrapped on its own (one claim a line); empty text stays empty."""
    return "\n".join(wrap(line, width) for line in text.split("\n")) if text else ""


def overview_plot(table: pd.DataFrame, *, title: str, caption: str, lang: str, claims_heading: str,
                  width: float = WIDTH, name: str = "overview") -> Figure:
    """Every headline share as a dot with its confidence interval, one row per question in the
    table's order (sort it first), with the article's verbal claim on that question beside it.

    Wide: labels left, intervals in the middle, the claims in a column on the right under
    ``claims_heading`` (one claim a line of ``claim``). Narrow (a phone): per row the label and the claim above the interval, so
    nothing is cut at 390 px. ``claim`` may be empty. Returns the Figure unshown.

    Long: one figure drawn top to bottom (layout measures, marks, labels, legend, caption), each step using
    the measures of the ones before; split, the parts would pass the half-built figure around.
    """
    labels.check_lang(lang)
    missing = [column for column in OVERVIEW_REQUIRED if column not in table.columns]
    if missing:
        raise ValueError(f"the overview table lacks column(s) {', '.join(missing)}; needs {', '.join(OVERVIEW_REQUIRED)}")
    table = table.reset_index(drop=True)
    narrow = width < STACKED_BELOW
    if narrow:
        texts = [(wrap(capped(label, LABEL_MAX, "label", name), OVERVIEW_NARROW_WRAP),
                  _wrap_lines(claim, OVERVIEW_NARROW_WRAP)) for label, claim in zip(table["label"],
                                                                                           table["claim"])]
        heights = [0.34 + 0.15 * (label.count("\n") + 1 + (claim.count("\n") + 1 if claim else 0))
                   for label, claim in texts]
    else:
        texts = [(wrap(capped(label, LABEL_MAX, "label", name), OVERVIEW_LABEL_WRAP),
                  _wrap_lines(claim, OVERVIEW_CLAIM_WRAP)) for label, claim in zip(table["label"],
                                                                                          table["claim"])]
        heights = [0.2 + 0.16 * max(label.count("\n") + 1, claim.count("\n") + 1) for label, claim in texts]
    top = 0.0 if narrow else 0.28  # the wide chart's claims column has a heading
    plot_height = top + sum(heights)
    entries = [labels.text(k, lang) for k in ("legend.share", "legend.ci")]
    frame = Frame(title, caption, plot_height=plot_height, legend_rows=1, width=width)
    left, right = (frame.margin, width - 0.3) if narrow else (3.0, width - 2.55)
    with style():
        fig = frame.figure()
        ax = fig.add_axes(frame.plot_box(left, right), gid="overview")
        ax.set_ylim(plot_height, 0)
        ax.set_xlim(0, 100)
        y = top
        for (label, claim), height, share, low, high in zip(texts, heights, table["share"], table["ci_low"],
                                                              table["ci_high"]):
            centre = y + height - 0.17 if narrow else y + height / 2
            ax.errorbar([share], [centre], xerr=[[share - low], [high - share]], fmt="o", color=INTERVAL_COLOUR,
                        ecolor=INTERVAL_COLOUR, elinewidth=2.2, capsize=3.5, markersize=5.5, zorder=3,
                        label="_ci")
            ax.text(high + 1.5, centre, value_text(share), va="center", ha="left", fontsize=8, color="#262626")
            if narrow:
                ax.text(0, y + 0.05, label, va="top", ha="left", fontsize=8, fontweight="bold", linespacing=1.2)
                if claim:
                    ax.text(0, y + 0.05 + 0.15 * (label.count("\n") + 1), claim, va="top", ha="left", fontsize=8,
                            color="#404040", fontstyle="italic", linespacing=1.2)
            else:
                ax.annotate(label, (0, centre), xycoords=("axes fraction", "data"), xytext=(-8, 0),
                            textcoords="offset points", ha="right", va="center", fontsize=8.5, linespacing=1.2)
                if claim:
                    ax.annotate(claim, (1, centre), xycoords=("axes fraction", "data"), xytext=(10, 0),
                                textcoords="offset points", ha="left", va="center", fontsize=8.5,
                                color="#404040", fontstyle="italic", linespacing=1.2)
            y += height
            ax.axhline(y, color="#f0f0f0", linewidth=0.6, zorder=1)
        if not narrow:
            ax.annotate(claims_heading, (1, top / 2), xycoords=("axes fraction", "data"), xytext=(10, 0),
                        textcoords="offset points", ha="left", va="center", fontsize=8.5, fontweight="bold")
        ax.set_yticks([])
        ax.xaxis.set_major_locator(MultipleLocator(20 if narrow else 10))
        ax.xaxis.grid(True, color="#e6e6e6", linewidth=0.6)
        ax.set_axisbelow(True)
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        ax.set_xlabel(labels.text("axis.share", lang))
        proxies = [Line2D([], [], linestyle="none", marker="o", markersize=5.5, color=INTERVAL_COLOUR),
                   Line2D([], [], color=INTERVAL_COLOUR, linewidth=2.2, marker="|", markersize=8)]
        fig.legend(proxies, entries, loc="upper center", bbox_to_anchor=(0.5, frame.legend_anchor()),
                   ncol=2, frameon=False, handlelength=2.2, columnspacing=1.6)
    return fig
