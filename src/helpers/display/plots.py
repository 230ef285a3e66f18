"""What every chart of the reports shares: the style, the figure scaffolding and the text helpers.

The charts themselves are :func:`helpers.display.bars.diverging_bar` (the article's view),
:func:`helpers.display.interval_plots.interval_plot` (the interval view) and
:func:`helpers.display.interval_plots.overview_plot`; each takes a ``stats.share_table``-like frame.

They return the Figure without showing it. Layout is computed in inches from the
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
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from ..words import labels

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

REQUIRED = ("option", "label_nl", "label_en", "kind", "pole", "share")


def check_table(table: pd.DataFrame, required: Iterable[str] = REQUIRED) -> pd.DataFrame:
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


def nice_limit(value: float, step: float = 10.0) -> float:
    """The axis limit: ``value`` rounded up to a multiple of ``step`` (at least one step)."""
    return max(step, math.ceil(value / step - 1e-9) * step)


def chars(per_width: int, width: float) -> int:
    """Characters per line at ``width`` inches for a wrap length ``per_width`` chosen at :data:`WIDTH`."""
    return max(12, round(per_width * width / WIDTH))


def legend_columns(entries: list[str], width: float) -> int:
    """Legend columns: all entries in one row if they fit in ``width`` inches, else as many equal
    columns as the longest entry allows (about 0.072 in per character at 8.5 pt, 0.5 in per handle)."""
    usable = width - 0.6
    if sum(0.072 * len(e) + 0.5 for e in entries) <= usable:
        return len(entries)
    longest = max(len(e) for e in entries)
    return max(1, min(len(entries), int(usable // (0.072 * longest + 0.5))))


# ---------------------------------------------------------------- figure scaffolding

class Frame:
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


# ---------------------------------------------------------------- diverging bar


# ---------------------------------------------------------------- interval view


