"""The article's view of a question: one horizontal bar centred on the neutral option (half of it on each
side of x = 0; without a neutral option the centre lies between the poles), the positive pole to the
right. "Don't know" and an unpublished remainder are not opinions on the scale, so they are drawn
apart, in a narrow panel to the right on the same scale. Colours (ColorBrewer BrBG, colour-blind safe),
value labels that fit their segment, and the figure drawn on :class:`helpers.display.plots.Frame`.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter, MultipleLocator

from ..words import labels, tables
from .plots import LABEL_MAX, STACKED_BELOW, STYLE, TITLE_MAX, WIDTH, Frame, check_table, legend_columns, nice_limit, capped, style, value_text


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
    return bool((check_table(table)["pole"] != "").any())


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
    table = check_table(table)
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
    table = check_table(table)
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


def _abs_percent(value: float, _position: int) -> str:
    """Tick label of the diverging axis: distances from the centre, without a minus sign."""
    return f"{abs(value):.0f}"


def _tick_step(span: float) -> float:
    """Tick spacing for an axis covering ``span`` percent."""
    return 10.0 if span <= 120 else 20.0


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

    Long: one figure drawn top to bottom (layout measures, marks, labels, legend, caption), each step using
    the measures of the ones before; split, the parts would pass the half-built figure around.
    """
    labels.check_lang(lang)
    table = check_table(table)
    title = capped(title, TITLE_MAX, "title", name)
    layout = diverging_layout(table)
    colours = option_colours(table)
    body = layout[layout["part"] == "diverging"]
    apart = layout[layout["part"] == "apart"]
    diverging = is_diverging(table)
    if diverging:
        reach = max(-body["left"].min() if len(body) else 0.0, (body["left"] + body["width"]).max() if len(body) else 0.0)
        low, high = -nice_limit(reach), nice_limit(reach)
    else:
        low, high = 0.0, nice_limit((body["left"] + body["width"]).max() if len(body) else 0.0)
    side = nice_limit(apart["width"].sum()) if len(apart) else 0.0

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
    drawn_labels = dict(zip(table["option"], chart_labels(table, lang, name)))
    entries = [_legend_label(drawn_labels[option], share, lang, sizes[option] is not None)
               for option, share in zip(table["option"], table["share"])]
    ncol = legend_columns(entries, width)
    apart_h = 0.4  # the stacked don't-know panel's bar
    frame = Frame(title, caption, plot_height=0.75, legend_rows=math.ceil(len(entries) / ncol), width=width,
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
        _label_ends(ax, body, sizes, kinds, (low, high), per_percent)
        if side and stacked:  # under the bars, the apart panel names what it shows
            _name_apart(axes["apart"], apart, drawn_labels, sizes, side)
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


def _label_ends(ax, body: pd.DataFrame, sizes: dict, kinds: dict, limits: tuple[float, float],
                per_percent: float) -> None:
    """Write the value of an outermost segment too narrow for its label just beyond the bar's end, where
    the axis has room (on a phone the negative pole's "14%" would else be only in the legend, which
    keeps it as well). Gid ``beside:<option>``."""
    if not len(body):
        return
    first, last = body.iloc[0], body.iloc[-1]
    for row, outward in ((first, -1), (last, 1)):
        option = row["option"]
        if sizes[option] is not None or float(row["width"]) <= 0:
            continue
        end = float(row["left"]) + (float(row["width"]) if outward > 0 else 0.0)
        room = (limits[1] - end if outward > 0 else end - limits[0]) * per_percent * 72.0
        label = value_text(float(row["width"]))
        bold = kinds[option] == "substantive"
        if text_width(label, LABEL_SIZES[-1], bold) + 2 * (LABEL_PAD + LABEL_MARGIN) <= room:
            ax.text(end + outward * (LABEL_PAD + LABEL_MARGIN) / 72.0 / per_percent, 0, label,
                    ha="left" if outward > 0 else "right", va="center", fontsize=LABEL_SIZES[-1],
                    fontweight="bold" if bold else "normal", gid=f"beside:{option}")


def _name_apart(ax, apart: pd.DataFrame, names: dict[str, str], sizes: dict, side: float) -> None:
    """Write the apart options' labels (and each value not already on its bar) to the right of the
    stacked don't-know panel, so on a phone it does not read as a stray axis."""
    end = float((apart["left"] + apart["width"]).max())
    said = " \u00b7 ".join(names[o] if sizes[o] is not None else f"{names[o]} {value_text(w)}"
                           for o, w in zip(apart["option"], apart["width"]))
    ax.text(end + 0.03 * side, 0, said, ha="left", va="center", fontsize=LABEL_SIZES[-1], gid="apart-label",
            clip_on=False)


def chart_labels(table: pd.DataFrame, lang: str, name: str) -> list[str]:
    """The options' labels as drawn: :func:`helpers.words.tables.option_labels`, each capped at :data:`LABEL_MAX`."""
    return [capped(label, LABEL_MAX, f"option label {option!r}", name)
            for option, label in zip(table["option"], tables.option_labels(table, lang))]
