"""What a section notebook shows for one question: its wording, chart, table and comparison.

These functions compose ``stats``, ``plots``, ``labels`` and ``export`` so that a notebook cell is
one line. Charts and tables are also exported (figures as PNG and SVG, tables as CSV) into
``paths.output_dir()``, which the batch runner points at each report's folder.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import asdict

import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import HTML, Image, Markdown

from ..core import data, paths
from . import bars, export, interval_plots, plots
from ..words import labels, tables
from ..inference import paired, stats
from ..words.audit_text import question_wording
from ..words.markup import escape_markdown
from ..core.params import DEFAULTS, Settings

VIEWS = ("bar", "intervals")
SCREEN_DPI = 100  # the exported PNG (150 dpi) is shown at the figure's size on a 100-dpi screen


def setup(settings: Settings, notebook: str | None = None) -> None:
    """Display options and chart style for a notebook run (stable text output, one style).

    Also names the run's interactive output folder after the notebook and its parameters
    (:func:`helpers.core.paths.set_run`; the batch runner's ``$DIGIVAARDIG_OUTPUT`` takes precedence).
    ``notebook`` is the calling notebook's own name, used when the kernel cannot tell which
    notebook it runs (papermill started directly sets no ``$JPY_SESSION_NAME``), so that two
    notebooks run with the same parameters never write into one folder.
    """
    paths.set_run(asdict(settings), DEFAULTS, fallback=notebook)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.width", 200)
    plots.setup(settings.lang)


def title(survey: data.Survey, question_id: str, lang: str) -> str:
    """The item's wording in ``lang``: the chart title in the article, or our translation of it."""
    return question_wording(survey, question_id, lang)


def caption(survey: data.Survey, question_id: str, settings: Settings) -> str:
    """The chart caption: n under the chosen scenario and how that n is known."""
    row = data.question(survey, question_id)
    n = data.n_for(survey, question_id, settings.n_scenario)
    default = settings.n_scenario == survey.scenarios[0]  # the reading that questions.csv records
    status = row["n_status"] if default or row["n_status"] == "stated" else "scenario"
    if default and data.n_basis(survey, question_id, settings.n_scenario) == "shared_caption":
        status = "shared_caption"  # no caption of its own: not shown like a printed n (issue 19 kind 9)
    text = labels.text("caption", settings.lang, n=n, status=labels.text(f"n_status.{status}", settings.lang))
    if (data.options(survey, question_id)["label_source"] == "ours").any():
        text = f"{text}; {labels.text('caption.ours', settings.lang)}"
    return text


def chart_title(survey: data.Survey, question_id: str, lang: str) -> str:
    """The chart's title: the item's wording, and for an item whose wording and the article's text
    point different ways (``questions.csv`` ``drawn_reading``) which reading the chart draws."""
    row = data.question(survey, question_id)
    wording = str(row[f"wording_{lang}"])  # the long note below replaces the short one title() carries
    if row["drawn_reading"]:
        return f"{wording} {labels.text(f'chart.reading.{question_id}', lang)}"
    return wording


def question(survey: data.Survey, question_id: str, settings: Settings) -> Markdown:
    """For a question without a chart: its wording, marked as a quote, and its n and source once."""
    quote = labels.text("quote", settings.lang)
    wording, shown_caption = title(survey, question_id, settings.lang), caption(survey, question_id, settings)
    return Markdown(f"> {quote}: {escape_markdown(wording)}\n\n{escape_markdown(shown_caption)}")  # data text is never markup


def chart(survey: data.Survey, question_id: str, settings: Settings, view: str = "bar") -> Image:
    """Draw one question's chart (the article's diverging bar, or the interval view) and export it.

    The chart is rendered once: the PNG written to ``figures/`` is also the image the notebook shows
    (so what a reader sees is exactly the file a paper reuses), next to an SVG. A narrow variant
    for phones is drawn too (:data:`plots.NARROW_WIDTH`) and carried in the output's metadata
    only (see :func:`chart_image`): the exports and the alt text stay one chart. Returning an
    ``Image`` rather than the figure keeps matplotlib reprs out of the output; to restyle a chart,
    call :func:`bars.diverging_bar` or :func:`interval_plots.interval_plot` directly.
    """
    if view not in VIEWS:
        raise ValueError(f"view={view!r} is not allowed; allowed: {', '.join(VIEWS)}")
    table = stats.share_table(survey, question_id, settings)
    draw = bars.diverging_bar if view == "bar" else interval_plots.interval_plot
    figures = [draw(table, title=chart_title(survey, question_id, settings.lang),
                    caption=caption(survey, question_id, settings), lang=settings.lang, width=width, name=question_id)
               for width in (plots.WIDTH, plots.NARROW_WIDTH)]
    alt = tables.alt_text(table, title(survey, question_id, settings.lang),
                          caption(survey, question_id, settings), settings.lang)
    return chart_image(*figures, question_id if view == "bar" else f"{question_id}_intervals", alt,
                       title(survey, question_id, settings.lang))


def chart_image(figure: plt.Figure, narrow: plt.Figure, name: str, alt: str, chart_title: str) -> Image:
    """Export ``figure`` as ``figures/<name>.png`` and ``.svg`` and return it as the Image a notebook shows,
    with ``narrow`` (the same chart drawn for a phone) in the output's metadata; both figures are closed.

    Metadata (``image/png``): ``alt`` and ``title`` (the offline template writes them into the
    ``<img>``), ``figure`` (the exported name: the landing page's thumbnail), ``narrow`` (the phone variant's PNG, base64) with ``narrow_width`` and
    ``narrow_height`` (CSS pixels at :data:`SCREEN_DPI`): the template offers it through
    ``<picture><source media=...>``. nbval ignores output metadata; ``tests/test_chart_images.py``
    checks the narrow PNG against a fresh render too.
    """
    try:
        files = export.save_figure(figure, name)
        width = round(figure.get_figwidth() * SCREEN_DPI)
        small = export.figure_bytes(narrow, "png")
        small_size = [round(inches * SCREEN_DPI) for inches in narrow.get_size_inches()]
    finally:
        plt.close(figure)
        plt.close(narrow)
    return Image(data=files["png"].read_bytes(), format="png", width=width,
                 metadata={"alt": alt, "title": chart_title, "figure": name,
                           "narrow": base64.b64encode(small).decode("ascii"),
                           "narrow_width": small_size[0], "narrow_height": small_size[1]})


def interval_chart(survey: data.Survey, question_id: str, settings: Settings) -> Image | None:
    """The interval view of one question when ``settings.interval_charts`` is on, else nothing.

    The table beside every chart always carries the same intervals; the chart is opt-in because
    it doubles a report's drawing time (measured by ``make bench``).
    """
    return chart(survey, question_id, settings, view="intervals") if settings.interval_charts else None


def table(survey: data.Survey, question_id: str, settings: Settings) -> HTML:
    """One question's compact table (answer, share, respondents, intervals) with its legend.

    The full share table, every column, is exported as ``tables/<question_id>.csv``.
    """
    shares = stats.share_table(survey, question_id, settings)
    export.save_table(shares, question_id)
    shown = tables.compact_table(shares, settings.lang, settings.confidence)
    legend = tables.compact_legend(shares, settings.lang, settings.confidence, settings.ci_method, question_id)
    return HTML(html_table(shown) + f'\n<p class="table-legend">{inline_markdown(legend)}</p>')


def html_table(frame: pd.DataFrame, css_class: str = "report-table",
               row_attributes: list[dict[str, str]] | None = None) -> str:
    """A frame as an HTML table in a scroll box: no row numbers, missing values empty, text escaped.

    Cells wrap (the stylesheet of the offline template), so nothing is cut; a table wider than the
    screen scrolls inside its box instead of widening the page. Each cell carries its column's
    heading (``data-label``), so a ``wide`` table can show each row as a card on a phone.
    ``row_attributes`` (one dict per row) gives rows attributes, e.g. a claim row's ``id`` (its anchor)
    and ``data-outcome`` (its verdict code), from which the runner writes the ClaimReview markup.
    """
    heads = [html.escape(str(column)) for column in frame.columns]
    rows = []
    extra = row_attributes or [{} for _ in range(len(frame))]
    for values, attributes in zip(frame.itertuples(index=False), extra):
        cells = "".join(f'<td data-label="{head}">{html.escape(cell_text(value))}</td>'
                        for head, value in zip(heads, values))
        shown = "".join(f' {html.escape(name)}="{html.escape(str(value))}"' for name, value in attributes.items())
        rows.append(f"<tr{shown}>{cells}</tr>")
    header = "".join(f"<th>{head}</th>" for head in heads)
    return (f'<div class="table-scroll">\n<table class="{html.escape(css_class)}">\n<thead><tr>{header}</tr></thead>\n'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")


def cell_text(value: object) -> str:
    """A cell as text: missing values empty, whole floats without decimals."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def inline_markdown(text: str) -> str:
    """Escape ``text`` for HTML, then render *emphasis* and `code` (the only markup our legends use)."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", escaped)


def comparison(survey: data.Survey, a: tuple[str, list[str]], b: tuple[str, list[str]],
               settings: Settings) -> HTML:
    """Two marginals of the same respondents side by side, with the Fréchet bounds and McNemar tests."""
    result = paired.marginal_comparison(survey, a, b, settings)
    names = {question_id: title(survey, question_id, settings.lang) for question_id in (a[0], b[0])}
    return HTML(html_table(tables.comparison_table(result, settings.lang, names)))


# ---------------------------------------------------------------- the audit as a report


def detail_table(frame: pd.DataFrame, survey: data.Survey, settings: Settings) -> HTML:
    """A detail table of the audit in ``settings.lang``: known headings and values translated,
    question ids shown as the question's wording, the index as a first column, nothing cut."""
    lang = settings.lang
    question_ids = set(survey.questions["question_id"])
    table = frame.reset_index() if frame.index.name is not None else frame.reset_index(drop=True)
    words = {}
    for column in table.columns:
        key = f"detail.{column}"
        words[column] = (labels.text(key, lang) if key in labels.TEXTS else
                         title(survey, column, lang) if column in question_ids else str(column))

    def cell(value: object) -> object:
        if isinstance(value, str) and f"value.{value}" in labels.TEXTS:
            return labels.text(f"value.{value}", lang)
        if isinstance(value, bool):
            return labels.text(f"value.{value}", lang)
        if isinstance(value, float):
            return labels.number(value, lang, 1, trim=True)
        if isinstance(value, str) and (match := re.fullmatch(r"(\d+) of (\d+)", value)):
            return labels.text("value.x_of_y", lang, x=labels.count(int(match.group(1)), lang),
                               y=labels.count(int(match.group(2)), lang))
        if isinstance(value, str) and value in question_ids:
            return title(survey, value, lang)
        return value

    table = table.astype(object).where(table.notna(), "")
    shown = table.map(cell).rename(columns=words)
    return HTML(html_table(shown, "report-table wide"))


