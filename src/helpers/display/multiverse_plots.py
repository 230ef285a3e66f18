"""The multiverse chart: every headline share's interval under every reading, one band per finding.

A specification chart turned sideways: per finding, the intervals of all readings are stacked in
a thin band, sorted by their midpoint (drawn as filled shapes, one per run of readings with the
same outcome), coloured by whether the finding's statement holds in that reading; the reference reading's interval is drawn on top in black, and a vertical line marks 50%.
Returns the Figure without showing it; texts come from the caller (labels layer).
"""

from __future__ import annotations

from typing import Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import plots

HOLDS_COLOUR = "#01665e"  # BrBG's dark blue-green, as the positive side of the article's charts
NOT_SHOWN_COLOUR = "#bf812d"  # BrBG's brown
REFERENCE_COLOUR = "#000000"
KIND_COLOURS = {"verdict": "#8c510a", "finding": HOLDS_COLOUR}  # BrBG's darkest brown and blue-green
BAND = 0.8  # share of a row's height the stacked intervals take


def specification_chart(grid: pd.DataFrame, reference: pd.DataFrame, *, title: str, caption: str,
                        row_labels: dict[str, str], legend: dict[str, str], xlabel: str,
                        width: float = plots.WIDTH) -> Figure:
    """Draw the chart from :func:`helpers.sensitivity.multiverse.findings_grid` rows (``grid``) and the reference rows.

    ``grid`` needs question_id, ci_low, ci_high and holds (one row per finding and reading);
    ``reference`` one row per finding (question_id, ci_low, ci_high), in the order to draw (top first).
    ``row_labels`` maps question ids to the row text; ``legend`` has the keys holds, not_shown,
    reference. ``width`` is the figure's width in inches (:data:`plots.NARROW_WIDTH` for phones: the
    title wraps shorter and the legend stacks; the caller wraps ``row_labels`` to fit).

    Long: one figure drawn top to bottom (layout measures, marks, labels, legend, caption), each step using
    the measures of the ones before; split, the parts would pass the half-built figure around.
    """
    narrow = width < plots.STACKED_BELOW
    order = list(reference["question_id"])
    # rows are evenly spaced: each gets the room of the longest (wrapped) label, at least 0.45 inch;
    # on a phone the label stands above its row's band, so the axis keeps the whole width
    lines = max(str(row_labels.get(q, q)).count("\n") + 1 for q in order)
    caption_text = plots.wrap(caption, plots.chars(plots.CAPTION_WRAP, width))
    if narrow:
        title_text = plots.wrap(title, 40)
        row_h = 0.45 + 0.15 * lines
        legend_h = 0.25 + 0.2 * 3 + 0.13 * (caption_text.count("\n") + 1)
        height = 0.6 + 0.2 * (title_text.count("\n") + 1) + legend_h + len(order) * row_h
        band, centre = 0.32 / row_h, -0.5 + 0.04 / row_h + 0.16 / row_h  # in row units, from the row's middle
    else:
        title_text = plots.wrap(title, 50)
        legend_h = 0.75
        height = 1.2 + len(order) * max(0.45, 0.16 * lines)
        band, centre = BAND, 0.0
    with plots.style():
        figure, axes = plt.subplots(figsize=(width, height), dpi=plots.DPI)
        for row, question_id in enumerate(order):
            part = grid[grid["question_id"] == question_id]
            mid = (part["ci_low"] + part["ci_high"]).to_numpy() / 2
            part = part.iloc[np.lexsort((part["ci_high"].to_numpy(), mid))]
            y = len(order) - 1 - row + centre
            ys = y + np.linspace(-band / 2, band / 2, len(part))
            holds = part["holds"].to_numpy(dtype=bool)
            low, high = part["ci_low"].to_numpy(), part["ci_high"].to_numpy()
            # one filled shape per run of readings with the same outcome, instead of one line per reading
            for mask, colour, name in ((holds, HOLDS_COLOUR, "holds"), (~holds, NOT_SHOWN_COLOUR, "not_shown")):
                if mask.any():
                    axes.fill_betweenx(ys, low, high, where=mask, step="mid", color=colour, alpha=0.75,
                                       linewidth=0, gid=f"band:{question_id}:{name}",
                                       rasterized=True)  # thousands of steps: a bitmap inside the SVG, texts stay text
            ref = reference[reference["question_id"] == question_id].iloc[0]
            axes.hlines([y], [ref["ci_low"]], [ref["ci_high"]], colors=REFERENCE_COLOUR, linewidth=2.0,
                        gid=f"reference:{question_id}")
            if narrow:
                axes.text(1, len(order) - 1 - row + 0.47, row_labels.get(question_id, question_id), ha="left",
                          va="top", fontsize=8.5, linespacing=1.15, gid=f"row:{question_id}", zorder=5,
                          bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 0.5})
        axes.axvline(50, color="#4d4d4d", linewidth=0.8, linestyle="--")
        if narrow:
            axes.set_yticks([])
            for boundary in range(len(order) - 1):
                axes.axhline(boundary + 0.5, color="#e0e0e0", linewidth=0.6)
            figure.suptitle(title_text, x=0.03, ha="left", fontsize=10, fontweight="bold")
        else:
            axes.set_yticks(range(len(order)))
            axes.set_yticklabels([row_labels.get(q, q) for q in reversed(order)], fontsize=8.5)
            axes.set_title(title_text, loc="left")  # the axes start right of the long row labels
        axes.set_ylim(-0.6 if not narrow else -0.5, len(order) - 0.4 if not narrow else len(order) - 0.5)
        axes.set_xlim(0, 100)
        axes.set_xlabel(xlabel)
        handles = [Line2D([], [], color=HOLDS_COLOUR, linewidth=2, label=legend["holds"]),
                   Line2D([], [], color=NOT_SHOWN_COLOUR, linewidth=2, label=legend["not_shown"]),
                   Line2D([], [], color=REFERENCE_COLOUR, linewidth=2, label=legend["reference"])]
        bottom = legend_h / height  # inches for the legend and the caption, as a share of the height
        anchor = 0.45 * bottom if not narrow else (0.1 + 0.13 * (caption_text.count("\n") + 1)) / height
        figure.legend(handles=handles, loc="lower center" if not narrow else "lower left",
                      bbox_to_anchor=(0.5 if not narrow else 0.02, anchor), ncol=1 if narrow else 3, frameon=False)
        figure.text(0.01, 0.005, caption_text, fontsize=7.5, color="#4d4d4d", va="bottom", gid="caption")
        figure.tight_layout(rect=(0, bottom, 1, 1 if not narrow else 1 - 0.08 / height))
    return figure


def tipping_chart(rows: pd.DataFrame, *, title: str, caption: str, xlabel: str, never_label: str, limit: float,
                  number: Callable[[float], str], legend: dict[str, str], width: float = plots.WIDTH) -> Figure:
    """The design effect at which each decided verdict or shown finding flips: one bar per item from 1.

    ``rows``: label (the row text, wrapped by the caller), flips_at (the design effect; NaN when it
    does not flip up to ``limit``), kind ("verdict"/"finding"), in the order to draw (top first). A
    bar that does not flip runs to ``limit`` hatched, with ``never_label`` at its end. On a phone
    (``width`` < :data:`plots.STACKED_BELOW`) each label stands above its bar, so the bars keep the
    whole width. ``number`` writes a design effect in the report's language; ``legend`` names the
    kinds ("verdict", "finding"), told apart by colour and by the bar's edge.
    """
    narrow = width < plots.STACKED_BELOW
    lines = max([str(label).count("\n") + 1 for label in rows["label"]] or [1])
    caption_text = plots.wrap(caption, plots.chars(plots.CAPTION_WRAP, width))
    title_text = plots.wrap(title, 40 if narrow else 70)
    row_h = (0.32 + 0.16 * lines) if narrow else max(0.4, 0.16 * lines)
    legend_h = 0.45 if narrow else 0.3
    height = (1.0 + 0.2 * (title_text.count("\n") + 1) + 0.13 * (caption_text.count("\n") + 1) + legend_h
              + len(rows) * row_h)
    with plots.style():
        figure, axes = plt.subplots(figsize=(width, height), dpi=plots.DPI)
        count = len(rows)
        for index, (label, at, kind) in enumerate(zip(rows["label"], rows["flips_at"], rows["kind"])):
            y = count - 1 - index
            never = bool(np.isnan(at))
            end = limit if never else float(at)
            colour = KIND_COLOURS[kind]
            bar_y = y - 0.24 if narrow else y
            axes.barh([bar_y], [end - 1.0], left=1.0, height=0.35 if narrow else 0.6, color="white" if never else colour,
                      edgecolor=colour, hatch="////" if never else None, linewidth=1.0 if kind == "finding" else 2.0,
                      gid=f"tipping:{index}")
            axes.text(end + 0.08, bar_y, never_label if never else number(float(at)), va="center", fontsize=8,
                      gid=f"tipping-value:{index}")
            if narrow:
                axes.text(1.0, y - 0.04, label, ha="left", va="bottom", fontsize=8, linespacing=1.1,
                          gid=f"tipping-row:{index}")
        figure.suptitle(title_text, x=0.01 if not narrow else 0.03, ha="left", fontsize=10 if narrow else 12,
                        fontweight="bold")
        if narrow:
            axes.set_yticks([])
        else:
            axes.set_yticks(range(count))
            axes.set_yticklabels(list(reversed(list(rows["label"]))), fontsize=8.5)
        axes.set_ylim(-0.6, count - 0.4 + (0.3 if narrow else 0))
        axes.set_xlim(1.0, limit + (2.6 if narrow else 1.6))
        axes.set_xlabel(xlabel)
        handles = [Patch(facecolor=KIND_COLOURS[kind], edgecolor=KIND_COLOURS[kind], label=legend[kind])
                   for kind in ("verdict", "finding")]
        caption_h = 0.13 * (caption_text.count("\n") + 1) + 0.1
        figure.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, (caption_h + 0.02) / height),
                      ncol=1 if narrow else 2, frameon=False, fontsize=8)
        figure.text(0.01, 0.005, caption_text, fontsize=7.5, color="#4d4d4d", va="bottom", gid="caption")
        bottom = (caption_h + legend_h) / height
        figure.tight_layout(rect=(0, bottom, 1, 1 - (0.08 + 0.2 * title_text.count("\n")) / height))
    return figure

