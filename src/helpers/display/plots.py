"""The article's charts, redrawn from a ``stats.share_table`` frame, plus an interval view.

* :func:`diverging_bar` draws the article's view: one horizontal bar centred on the neutral option
  (half of it on each side of x = 0; without a neutral option the centre lies between the poles),
  the positive pole to the right. "Don't know" and an unpublished remainder are not opinions on
  the scale, so they are drawn apart, in a narrow panel to the right on the same scale.
* :func:`interval_plot` is the second view: per option the share, its confidence interval, the
  interval's envelope over all counts compatible with the rounded percentages, and the
  simultaneous interval.

Both functions return the Figure without showing it. Layout is computed in inches from the
content (title lines, legend rows, options), never from the screen, and the style is applied
through ``rc_context`` at creation time, so a figure looks the same whatever the global rcParams
or backend. Patches and texts carry a ``gid`` (``segment:<option>``, ``value:<option>``,
``caption``) so tests and the SVG output can find them.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from contextlib import contextmanager
from typing import Iterable, Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter, MultipleLocator

from ..words import labels

# ColorBrewer "BrBG" (brown-blue/green) is one of ColorBrewer's colour-blind-safe diverging schemes:
# negative options brown, positive options blue-green, darker further from the centre.
PALETTE = "BrBG"
QUALITATIVE = "colorblind"  # Okabe-Ito-like seaborn palette, for options without a pole
NEUTRAL_COLOUR = "#b3b3b3"
DONT_KNOW_COLOUR = "#dedede"
UNPUBLISHED_COLOUR = "#ffffff"
UNPUBLISHED_HATCH = "////"
NEGATIVE_HATCH = ".."  # pole is not told by colour alone: negative options are dotted
EDGE_COLOUR = "#8c8c8c"
SEGMENT_EDGE = "#262626"  # a dark edge between adjacent segments (WCAG 1.4.11: a visible boundary)
LABEL_SIZES = (9.0, 7.5)  # font sizes (pt) tried for a value label, largest first; none fits -> legend
LABEL_PAD = 1.0  # pt of opaque box around a value label (hides the centre line behind the digits)
LABEL_MARGIN = 2.0  # pt of free segment left on each side of a value label's box
APART_KINDS = ("dont_know", "unpublished")

WIDTH = 9.0  # inches, for every chart as exported (figures/*.png, *.svg)
NARROW_WIDTH = 3.6  # inches, the variant drawn for phones (shown, never exported: see helpers.display.report)
STACKED_BELOW = 6.0  # inches: a chart narrower than this draws the don't-know panel under the bars
DPI = 100
TITLE_WRAP = 80  # characters per title line (at WIDTH; proportionally fewer on a narrower chart)
CAPTION_WRAP = 120
LABEL_WRAP = 30  # characters per option label in the interval view
# Longest title and option label drawn, in characters (the data's longest: a 225-character title, a 38-character
# label). Longer text is cut at a space with an ellipsis and a LongLabelWarning naming the question, so a figure's
# height stays bounded whatever the data hold (100 kB of wording drew a 41,694-px chart in 23 s).
TITLE_MAX = 400
LABEL_MAX = 120
HASHSALT = "digivaardig"

STYLE: dict[str, object] = {
    **sns.axes_style("white"),
    "font.family": "DejaVu Sans",  # shipped with matplotlib: same glyphs on every machine
    "text.parse_math": False,  # data text is never markup: a '$' in a label is a dollar sign, not mathtext
    "font.size": 9.0,
    "axes.edgecolor": "#4d4d4d",
    "axes.linewidth": 0.8,
    "xtick.bottom": True,
    "xtick.color": "#4d4d4d",
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 9.0,
    "legend.fontsize": 8.5,
    "figure.dpi": DPI,
    "savefig.dpi": 150,
    "svg.hashsalt": HASHSALT,
    "path.simplify": True,
    "hatch.linewidth": 0.6,
}

# interval view colours (Okabe-Ito blue and vermillion: distinguishable with colour-vision deficiency)
INTERVAL_COLOUR = "#0072b2"
RANGE_COLOUR = "#9ecae1"
SIMULTANEOUS_COLOUR = "#d55e00"


# ---------------------------------------------------------------- style

@contextmanager
def style() -> Iterator[None]:
    """Matplotlib's defaults plus :data:`STYLE`, whatever the global rcParams (seaborn themes,
    the inline backend, a user's matplotlibrc); restored on exit. The backend is left alone."""
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update(STYLE)
        yield


def setup(lang: str = "nl") -> None:
    """Apply the chart style globally (seaborn theme, fonts, fixed SVG hash salt); call once per notebook.

    The chart functions apply :func:`style` themselves, so this only matters for ad-hoc plots.
    """
    labels.check_lang(lang)
    sns.set_theme(style="white", rc={k: v for k, v in STYLE.items() if k in mpl.rcParams})
    mpl.rcParams["svg.hashsalt"] = HASHSALT


# ---------------------------------------------------------------- pure helpers (tested directly)

REQUIRED = ("option", "label", "kind", "pole", "share")


def _check_table(table: pd.DataFrame, required: Iterable[str] = REQUIRED) -> pd.DataFrame:
    """Return the table with a clean index; raise ValueError naming missing columns."""
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {', '.join(missing)}; a stats.share_table frame has "
                         f"{', '.join(required)}, ...")
    if table.empty:
        raise ValueError("table has no rows; at least one option is needed")
    out = table.reset_index(drop=True).copy()
    out["option"] = out["option"].astype(str)
    out["kind"] = out["kind"].astype(str)
    out["pole"] = out["pole"].fillna("").astype(str)
    out["share"] = out["share"].astype(float)
    return out


def _positive_first(table: pd.DataFrame) -> bool:
    """True if the scale lists its positive pole first (the convention of ``data/results.csv``)."""
    poles = [p for p in table["pole"] if p]
    return not poles or poles[0] == "positive"


def _pole_groups(table: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """Option ids of the negative and positive side (each from the centre outward) and the neutral ones."""
    body = table[~table["kind"].isin(APART_KINDS)]
    negative = list(body.loc[body["pole"] == "negative", "option"])
    positive = list(body.loc[body["pole"] == "positive", "option"])
    neutral = list(body.loc[body["kind"] == "neutral", "option"])
    if _positive_first(table):
        positive.reverse()   # listed extreme-first, so reversed = from the centre outward
    else:
        negative.reverse()
    return negative, positive, neutral


def is_diverging(table: pd.DataFrame) -> bool:
    """True if the options have poles (an opinion scale); nominal options are stacked from 0 instead."""
    return bool((_check_table(table)["pole"] != "").any())


def palette_colours(k: int) -> list[tuple[float, float, float]]:
    """The 2k diverging colours for k options per side: ``color_palette(PALETTE, 2k + 2)`` without
    its two palest (middle) colours; the first k are the negative side (darkest first)."""
    palette = [tuple(colour) for colour in sns.color_palette(PALETTE, 2 * k + 2)]
    return palette[:k] + palette[k + 2:]


def option_colours(table: pd.DataFrame) -> dict[str, tuple[float, float, float] | str]:
    """Colour of every option: diverging palette by pole and distance from the centre, greys otherwise.

    With k = the larger number of options on one side, ``color_palette(PALETTE, 2k + 2)`` is split
    in a brown (negative) and a blue-green (positive) half; the palest colour of each half is left
    out (it would be hard to tell from the grey neutral), the option next to the centre gets the
    next palest, the outermost option the darkest: yes/no gets the two darkest colours.
    """
    table = _check_table(table)
    negative, positive, _ = _pole_groups(table)
    k = max(len(negative), len(positive), 1)
    palette = palette_colours(k)
    colours: dict[str, tuple[float, float, float] | str] = {}
    for step, option in enumerate(negative):
        colours[option] = palette[k - 1 - step]
    for step, option in enumerate(positive):
        colours[option] = palette[k + step]
    unpoled = [o for o, kind, pole in table[["option", "kind", "pole"]].itertuples(index=False)
               if kind == "substantive" and not pole]
    qualitative = sns.color_palette(QUALITATIVE, max(len(unpoled), 1))
    for index, option in enumerate(unpoled):
        colours[option] = tuple(qualitative[index % len(qualitative)])
    for option, kind in table[["option", "kind"]].itertuples(index=False):
        if kind == "neutral":
            colours[option] = NEUTRAL_COLOUR
        elif kind == "dont_know":
            colours[option] = DONT_KNOW_COLOUR
        elif kind == "unpublished":
            colours[option] = UNPUBLISHED_COLOUR
    return colours


def diverging_layout(table: pd.DataFrame) -> pd.DataFrame:
    """Where each option's segment goes: ``option``, ``part`` ("diverging"/"apart"), ``left``, ``width``.

    Diverging part, left to right: negative options (outermost first), neutral, positive options
    (centre first), placed so that x = 0 halves the neutral share (or lies between the poles).
    Options without any pole (nominal questions) are stacked from 0 in scale order instead.
    "Don't know" and unpublished rows are stacked from 0 in a separate ``apart`` part.
    Rows come in drawing order; the legend uses the table's (scale) order instead.
    """
    table = _check_table(table)
    width = dict(zip(table["option"], table["share"]))
    body = table[~table["kind"].isin(APART_KINDS)]
    rows: list[tuple[str, str, float, float]] = []
    if is_diverging(table):
        stray = list(body.loc[(body["kind"] == "substantive") & (body["pole"] == ""), "option"])
        if stray:
            raise ValueError(f"substantive option(s) {', '.join(stray)} have no pole while others do; "
                             "allowed: every substantive option positive or negative, or none with a pole")
        negative, positive, neutral = _pole_groups(table)
        order = negative[::-1] + neutral + positive
        x = -(sum(width[o] for o in negative) + sum(width[o] for o in neutral) / 2)
    else:
        order, x = list(body["option"]), 0.0  # nominal: stacked from 0
    for option in order:
        rows.append((option, "diverging", x, width[option]))
        x += width[option]
    x = 0.0
    for option in table.loc[table["kind"].isin(APART_KINDS), "option"]:
        rows.append((option, "apart", x, width[option]))
        x += width[option]
    return pd.DataFrame(rows, columns=["option", "part", "left", "width"])


def value_text(share: float) -> str:
    """The label printed on a segment: the share rounded to a whole percent (the published percent
    when don't-know is kept, since then share == percent)."""
    return f"{share:.0f}%"


def wrap(text: str, width: int) -> str:
    """Wrap at spaces only (never inside words or at hyphens), so joining lines with spaces restores it."""
    return "\n".join(textwrap.wrap(" ".join(str(text).split()), width=width, break_long_words=False,
                                   break_on_hyphens=False)) or str(text)


class LongLabelWarning(UserWarning):
    """A chart's title or option label was longer than the chart draws (:data:`TITLE_MAX`, :data:`LABEL_MAX`)."""


def capped(text: str, limit: int, what: str, name: str = "") -> str:
    """``text`` with runs of white space as one space, cut to at most ``limit`` characters: at the last
    space before the limit (within its last quarter, else mid-word) and ended with an ellipsis. A cut
    warns (:class:`LongLabelWarning`) naming ``what`` was cut, of which chart (``name``, the question id)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    shown = (head[:space] if space >= limit * 3 // 4 else head).rstrip() + "\u2026"
    warnings.warn(LongLabelWarning(f"chart of {name or 'a question'}: its {what} has {len(text):,} characters; "
                                   f"drawn are the first {len(shown) - 1}, ending in '\u2026' (at most {limit})"),
                  stacklevel=3)
    return shown


def _text_colour(colour) -> str:
    """Black or white, whichever reads better on ``colour`` (relative luminance)."""
    r, g, b = mpl.colors.to_rgb(colour)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else "black"


def _legend_label(label: str, share: float, lang: str, on_bar: bool) -> str:
    """Legend entry of an option; an option whose value is not written on its segment shows it here."""
    return label if on_bar else labels.text("legend.small", lang, label=label, value=value_text(share))


_TEXT_TO_PATH = TextToPath()


def text_width(text: str, size: float, bold: bool) -> float:
    """Advance width of ``text`` in points at ``size`` pt in the chart font (DejaVu Sans), from the
    font's metrics (matplotlib's ``TextToPath``), so the same on every backend and screen."""
    prop = FontProperties(family=str(STYLE["font.family"]), size=size, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def label_size(text: str, segment_in: float, bold: bool) -> float | None:
    """Font size (pt) at which the value label ``text`` fits in a segment ``segment_in`` inches wide,
    or None if it does not fit at any of :data:`LABEL_SIZES`.

    Fitting means: the label's box (text plus :data:`LABEL_PAD` on each side) leaves at least
    :data:`LABEL_MARGIN` points of the segment free on either side, so no label touches its
    segment's edges, the neighbouring segment or (for the neutral option) reaches past its own half.
    """
    room = segment_in * 72.0
    for size in LABEL_SIZES:
        if text_width(text, size, bold) + 2 * (LABEL_PAD + LABEL_MARGIN) <= room:
            return size
    return None


def _nice_limit(value: float, step: float = 10.0) -> float:
    """The axis limit: ``value`` rounded up to a multiple of ``step`` (at least one step)."""
    return max(step, math.ceil(value / step - 1e-9) * step)


def chars(per_width: int, width: float) -> int:
    """Characters per line at ``width`` inches for a wrap length ``per_width`` chosen at :data:`WIDTH`."""
    return max(12, round(per_width * width / WIDTH))


def _legend_columns(entries: list[str], width: float) -> int:
    """Legend columns: all entries in one row if they fit in ``width`` inches, else as many equal
    columns as the longest entry allows (about 0.072 in per character at 8.5 pt, 0.5 in per handle)."""
    usable = width - 0.6
    if sum(0.072 * len(e) + 0.5 for e in entries) <= usable:
        return len(entries)
    longest = max(len(e) for e in entries)
    return max(1, min(len(entries), int(usable // (0.072 * longest + 0.5))))


# ---------------------------------------------------------------- figure scaffolding

class _Frame:
    """Vertical layout of a chart in inches: title, plot area, x axis, legend, caption."""

    def __init__(self, title: str, caption: str, plot_height: float, legend_rows: int, width: float = WIDTH,
                 below: float = 0.0, axis_h: float = 0.55):
        self.width = width
        narrow = width < STACKED_BELOW
        self.margin = 0.12 if narrow else 0.3
        self.title_size = 10.0 if narrow else 11.5
        self.title = wrap(title, chars(TITLE_WRAP + 12, width) if narrow else TITLE_WRAP)
        self.caption = wrap(caption, chars(CAPTION_WRAP, width))
        self.title_h = 0.15 + 0.21 * self.title.count("\n") * self.title_size / 11.5 + 0.21 + 0.2
        self.plot_h = plot_height
        self.axis_h = axis_h  # the lowest plot area's tick labels (and axis label)
        self.below_h = below  # a second plot area under the first (with its own axis), inches
        self.legend_h = 0.1 + 0.24 * legend_rows
        self.caption_h = 0.12 + 0.16 * (self.caption.count("\n") + 1) + 0.05
        self.height = round(self.title_h + self.plot_h + self.axis_h + self.below_h + self.legend_h
                            + self.caption_h, 2)

    def figure(self) -> Figure:
        """A new pyplot-managed figure (so the notebook's ``plt.show()`` displays it) with title and caption."""
        fig = plt.figure(figsize=(self.width, self.height), dpi=DPI)
        fig.suptitle(self.title, x=self.margin / self.width, y=1 - 0.12 / self.height, ha="left", va="top",
                     fontsize=self.title_size, fontweight="bold", linespacing=1.25)
        fig.text(self.margin / self.width, 0.1 / self.height, self.caption, ha="left", va="bottom", fontsize=8,
                 color="#595959", gid="caption", linespacing=1.3)
        return fig

    def plot_box(self, left: float, right: float, below: bool = False, height: float | None = None) -> list[float]:
        """``[x, y, w, h]`` in figure fractions for a plot area from ``left`` to ``right`` inches:
        the main one, or (``below``) the one under it, ``height`` inches high."""
        bottom = self.caption_h + self.legend_h + self.axis_h
        if below:
            return [left / self.width, bottom / self.height, (right - left) / self.width,
                    (height or self.plot_h) / self.height]
        bottom += self.below_h
        return [left / self.width, bottom / self.height, (right - left) / self.width, self.plot_h / self.height]

    def legend_anchor(self) -> float:
        """Figure-fraction y of the legend's top edge."""
        return (self.caption_h + self.legend_h) / self.height


def _abs_percent(value: float, _position: int) -> str:
    """Tick label of the diverging axis: distances from the centre, without a minus sign."""
    return f"{abs(value):.0f}"


def _tick_step(span: float) -> float:
    """Tick spacing for an axis covering ``span`` percent."""
    return 10.0 if span <= 120 else 20.0


# ---------------------------------------------------------------- diverging bar

def diverging_bar(table: pd.DataFrame, *, title: str, caption: str, lang: str, width: float = WIDTH,
                  name: str = "") -> Figure:
    """The article's chart of one question as a diverging stacked bar; returns the Figure unshown.

    Segment widths are ``share`` (percent units); "don't know" and an unpublished remainder
    (hatched) in a panel to the right, on the same scale; the legend lists the options in scale
    order; ``caption`` (with n) below.

    Value labels: a segment's value is written on it, centred, only where it fits (see
    :func:`label_size`: the label's box keeps :data:`LABEL_MARGIN` pt free on both sides, at
    9 pt or else 7.5 pt). A value that does not fit is left off the bar and shown in the legend
    instead ("middenpositie (4%)"), next to the option's swatch; the table beside the chart shows
    it too. Each label sits on an opaque box in its segment's colour (white on hatched segments),
    so the centre line through the neutral option never runs through its digits.
    ``width`` (inches) is the figure's width; below :data:`STACKED_BELOW` (the phone variant,
    :data:`NARROW_WIDTH`) the don't-know panel is drawn under the bars, on the same scale.
    A title longer than :data:`TITLE_MAX` characters or an option label longer than :data:`LABEL_MAX`
    is cut with a :class:`LongLabelWarning` naming ``name`` (the question id).
    Raises ValueError for a bad ``lang`` or a table lacking the share-table columns.
    """
    labels.check_lang(lang)
    table = _check_table(table)
    title = capped(title, TITLE_MAX, "title", name)
    layout = diverging_layout(table)
    colours = option_colours(table)
    body = layout[layout["part"] == "diverging"]
    apart = layout[layout["part"] == "apart"]
    diverging = is_diverging(table)
    if diverging:
        reach = max(-body["left"].min() if len(body) else 0.0, (body["left"] + body["width"]).max() if len(body) else 0.0)
        low, high = -_nice_limit(reach), _nice_limit(reach)
    else:
        low, high = 0.0, _nice_limit((body["left"] + body["width"]).max() if len(body) else 0.0)
    side = _nice_limit(apart["width"].sum()) if len(apart) else 0.0

    # same inches per percent in both panels, so the apart bar can be compared with the segments
    stacked = width < STACKED_BELOW
    left_in, gap_in = (0.15, 0.0) if stacked else (0.3, 0.35)
    right_in = width - left_in
    usable = right_in - left_in - (gap_in if side else 0.0)
    per_percent = usable / (max(high - low, side) if stacked else (high - low) + side)
    main_right = left_in + per_percent * (high - low)

    kinds = dict(zip(table["option"], table["kind"]))
    poles = dict(zip(table["option"], table["pole"]))
    sizes = {option: label_size(value_text(width), width * per_percent, kinds[option] == "substantive")
             for option, width in zip(layout["option"], layout["width"])}
    entries = [_legend_label(label, share, lang, sizes[option] is not None)
               for option, label, share in zip(table["option"], _option_labels(table, lang, name), table["share"])]
    ncol = _legend_columns(entries, width)
    apart_h = 0.4  # the stacked don't-know panel's bar
    frame = _Frame(title, caption, plot_height=0.75, legend_rows=math.ceil(len(entries) / ncol), width=width,
                   below=apart_h + 0.6 if stacked and side else 0.0, axis_h=0.35 if stacked and side else 0.55)

    with style():
        fig = frame.figure()
        ax = fig.add_axes(frame.plot_box(left_in, main_right), gid="diverging")
        handles: dict[str, Patch] = {}
        axes = {"diverging": ax}
        if side and stacked:
            axes["apart"] = fig.add_axes(frame.plot_box(left_in, left_in + per_percent * side, below=True,
                                                        height=apart_h), gid="apart")
        elif side:
            axes["apart"] = fig.add_axes(frame.plot_box(main_right + gap_in, right_in), gid="apart")
        for option, part, left, width in layout.itertuples(index=False):
            target = axes[part]
            kind = kinds[option]
            unpublished = kind == "unpublished"
            negative = poles[option] == "negative"
            hatch = UNPUBLISHED_HATCH if unpublished else NEGATIVE_HATCH if negative else None
            bars = target.barh(0, width, left=left, height=0.62, color=colours[option],
                               edgecolor=EDGE_COLOUR if unpublished else SEGMENT_EDGE,
                               linewidth=0.8, hatch=hatch, label=option)
            patch = bars.patches[0]
            patch.set_gid(f"segment:{option}")
            handles[option] = patch
            if sizes[option] is not None:
                target.text(left + width / 2, 0, value_text(width), ha="center", va="center", zorder=4,
                            fontsize=sizes[option], color="black" if hatch else _text_colour(colours[option]),
                            gid=f"value:{option}",
                            fontweight="bold" if kind == "substantive" else "normal",
                            bbox={"facecolor": "white" if hatch else colours[option], "edgecolor": "none",
                                  "pad": LABEL_PAD})
        for name, target in axes.items():
            target.set_ylim(-0.5, 0.5)
            target.set_yticks([])
            for spine in ("top", "right", "left"):
                target.spines[spine].set_visible(False)
            if name == "apart":
                target.set_xlim(0, side)
                target.xaxis.set_major_locator(MultipleLocator(_tick_step(side)))
        ax.set_xlim(low, high)
        ax.xaxis.set_major_locator(MultipleLocator(_tick_step(high - low)))
        ax.xaxis.set_major_formatter(FuncFormatter(_abs_percent))
        ax.xaxis.grid(True, color="#e6e6e6", linewidth=0.6)
        ax.set_axisbelow(True)
        if diverging:
            ax.axvline(0, color="#333333", linewidth=0.9, zorder=2.5, gid="centre")
        ax.set_xlabel(labels.text("axis.share", lang))
        fig.legend([handles[o] for o in table["option"]], entries, loc="upper center",
                   bbox_to_anchor=(0.5, frame.legend_anchor()), ncol=ncol, frameon=False,
                   handlelength=1.6, columnspacing=1.4)
    return fig


# ---------------------------------------------------------------- interval view

INTERVAL_REQUIRED = ("option", "label", "kind", "share", "ci_low", "ci_high", "ci_low_range",
                     "ci_high_range", "sim_low", "sim_high")


def _option_labels(table: pd.DataFrame, lang: str, name: str) -> list[str]:
    """The options' labels as drawn: :func:`helpers.words.labels.option_labels`, each capped at :data:`LABEL_MAX`."""
    return [capped(label, LABEL_MAX, f"option label {option!r}", name)
            for option, label in zip(table["option"], labels.option_labels(table, lang))]


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
    """
    labels.check_lang(lang)
    table = _check_table(table, INTERVAL_REQUIRED)
    title = capped(title, TITLE_MAX, "title", name)
    for column in INTERVAL_REQUIRED[3:]:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
    narrow = width < STACKED_BELOW
    names = [wrap(label, 14 if narrow else LABEL_WRAP) for label in _option_labels(table, lang, name)]
    lines = sum(name.count("\n") + 1 for name in names)
    longest = max(len(line) for name in names for line in name.split("\n"))
    entries = [labels.text(k, lang) for k in ("legend.share", "legend.ci", "legend.ci_range", "legend.simultaneous")]
    ncol = _legend_columns(entries, width)
    frame = _Frame(title, caption, plot_height=0.2 + 0.55 * len(table) + 0.12 * (lines - len(table)),
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
    frame = _Frame(title, caption, plot_height=plot_height, legend_rows=1, width=width)
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
