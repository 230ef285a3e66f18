"""What a section notebook shows for one question: its wording, chart, table and comparison.

These functions compose ``stats``, ``plots``, ``labels`` and ``export`` so that a notebook cell is
one line. Charts and tables are also exported (figures as PNG and SVG, tables as CSV) into
``paths.output_dir()``, which the batch runner points at each report's folder.
"""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Image, Markdown

from . import data, export, labels, paths, plots, stats
from .markup import escape_markdown
from .params import DEFAULTS, Settings

VIEWS = ("bar", "intervals")
SCREEN_DPI = 100  # the exported PNG (150 dpi) is shown at the figure's size on a 100-dpi screen


def setup(settings: Settings) -> None:
    """Display options and chart style for a notebook run (stable text output, one style).

    Also names the run's interactive output folder after the notebook and its parameters
    (:func:`helpers.paths.set_run`; the batch runner's ``$DIGIVAARDIG_OUTPUT`` takes precedence).
    """
    paths.set_run(asdict(settings), DEFAULTS)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.width", 200)
    plots.setup(settings.lang)


def title(survey: data.Survey, question_id: str, lang: str) -> str:
    """The item's wording in ``lang``: the chart title in the article, or our translation of it."""
    return str(data.question(survey, question_id)[f"wording_{lang}"])


def caption(survey: data.Survey, question_id: str, settings: Settings) -> str:
    """The chart caption: n under the chosen scenario and how that n is known."""
    row = data.question(survey, question_id)
    n = data.n_for(survey, question_id, settings.n_scenario)
    default = settings.n_scenario == survey.scenarios[0]  # the reading that questions.csv records
    status = row["n_status"] if default or row["n_status"] == "stated" else "scenario"
    text = labels.text("caption", settings.lang, n=n, status=labels.text(f"n_status.{status}", settings.lang))
    if (data.options(survey, question_id)["label_source"] == "ours").any():
        text = f"{text}; {labels.text('caption.ours', settings.lang)}"
    return text


def chart_title(survey: data.Survey, question_id: str, lang: str) -> str:
    """The chart's title: the item's wording, and for an item whose wording and the article's text
    point different ways (``questions.csv`` ``drawn_reading``) which reading the chart draws."""
    wording = title(survey, question_id, lang)
    if data.question(survey, question_id)["drawn_reading"]:
        return f"{wording} {labels.text(f'chart.reading.{question_id}', lang)}"
    return wording


def question(survey: data.Survey, question_id: str, settings: Settings) -> Markdown:
    """The item's wording and its n, as Markdown above the chart."""
    wording, shown_caption = title(survey, question_id, settings.lang), caption(survey, question_id, settings)
    return Markdown(f"> {escape_markdown(wording)}\n\n{escape_markdown(shown_caption)}")  # data text is never markup


def chart(survey: data.Survey, question_id: str, settings: Settings, view: str = "bar") -> Image:
    """Draw one question's chart (the article's diverging bar, or the interval view) and export it.

    The chart is rendered once: the PNG written to ``figures/`` is also the image the notebook shows
    (so what a reader sees is exactly the file a paper reuses), next to an SVG. Returning an
    ``Image`` rather than the figure keeps matplotlib reprs out of the output; to restyle a chart,
    call :func:`plots.diverging_bar` or :func:`plots.interval_plot` directly.
    """
    if view not in VIEWS:
        raise ValueError(f"view={view!r} is not allowed; allowed: {', '.join(VIEWS)}")
    table = stats.share_table(survey, question_id, settings)
    draw = plots.diverging_bar if view == "bar" else plots.interval_plot
    figure = draw(table, title=chart_title(survey, question_id, settings.lang),
                  caption=caption(survey, question_id, settings), lang=settings.lang)
    try:
        files = export.save_figure(figure, question_id if view == "bar" else f"{question_id}_intervals")
        width = round(figure.get_figwidth() * SCREEN_DPI)
    finally:
        plt.close(figure)
    return Image(data=files["png"].read_bytes(), format="png", width=width)


def interval_chart(survey: data.Survey, question_id: str, settings: Settings) -> Image | None:
    """The interval view of one question when ``settings.interval_charts`` is on, else nothing.

    The table beside every chart always carries the same intervals; the chart is opt-in because
    it doubles a report's drawing time (measured by ``make bench``).
    """
    return chart(survey, question_id, settings, view="intervals") if settings.interval_charts else None


def table(survey: data.Survey, question_id: str, settings: Settings) -> pd.DataFrame:
    """One question's shares and intervals with headings in ``settings.lang``; exported as CSV too."""
    shares = stats.share_table(survey, question_id, settings)
    export.save_table(shares, question_id)
    shown = labels.display_table(shares, settings.lang)
    return shown.set_index(labels.text("col.option", settings.lang))


def comparison(survey: data.Survey, a: tuple[str, list[str]], b: tuple[str, list[str]],
               settings: Settings) -> pd.DataFrame:
    """Two marginals of the same respondents side by side, with the Fréchet bounds and McNemar tests."""
    result = stats.marginal_comparison(survey, a, b, settings)
    return labels.comparison_table(result, settings.lang)
