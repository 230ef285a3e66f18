"""Charts, labels and export, checked on the article's real values (``stats.share_table``).

Charts are checked through their artists: every segment is a ``Rectangle`` with gid
``segment:<option>``, every value label a ``Text`` with gid ``value:<option>``; the interval view's
error bars are ``ErrorbarContainer``s labelled ``_ci``, ``_ci_range`` and ``_sim``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import errno  # noqa: E402
import os  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from helpers.core import atomic, data, params  # noqa: E402
from helpers.display import bars, export, interval_plots, plots
from helpers.inference import paired, stats
from helpers.words import labels, tables
from oracles import count_range, point
from transcription_key import TRANSCRIPTION

CHARTS = ["skills_sufficient", "government_keeps_up", "prepared_digital", "education_more_digital",
          "employer_increased_knowledge", "training_courses", "handles_differently"]
LANGS = ["nl", "en"]
APART = ("dont_know", "unpublished")


@pytest.fixture(autouse=True)
def close_figures():
    """Every test leaves no open figure behind."""
    yield
    plt.close("all")


def share_table(survey, question_id, lang="en", dont_know="keep"):
    return stats.share_table(survey, question_id, params.validate(lang=lang, dont_know=dont_know))


def caption(survey, question_id, lang):
    n = data.n_for(survey, question_id)
    status = data.question(survey, question_id)["n_status"]
    return labels.text("caption", lang, n=n, status=labels.text(f"n_status.{status}", lang))


def draw(survey, question_id, lang="en", dont_know="keep", view=bars.diverging_bar):
    table = share_table(survey, question_id, lang, dont_know)
    title = data.question(survey, question_id)[f"wording_{lang}"]
    return table, view(table, title=title, caption=caption(survey, question_id, lang), lang=lang)


def axes_by_gid(fig):
    return {ax.get_gid(): ax for ax in fig.axes}


def segments(fig):
    """option id -> (axes gid, x0, width, facecolor) of every bar segment."""
    found = {}
    for ax in fig.axes:
        for patch in ax.patches:
            gid = patch.get_gid() or ""
            if gid.startswith("segment:"):
                found[gid.split(":", 1)[1]] = (ax.get_gid(), patch.get_x(), patch.get_width(),
                                               to_rgb(patch.get_facecolor()))
    return found


def value_labels(fig):
    return {t.get_gid().split(":", 1)[1]: t.get_text() for ax in fig.axes for t in ax.texts
            if (t.get_gid() or "").startswith("value:")}


def one_line(text):
    return " ".join(text.split())


def synthetic(poles, kinds=None, shares=None):
    """A share-table-shaped frame for shapes the article does not have (2..6 options, no neutral, ...)."""
    k = len(poles)
    kinds = kinds or ["neutral" if p == "" else "substantive" for p in poles]
    shares = shares or [100 / k] * k
    options = [f"o{i}" for i in range(k)]
    return pd.DataFrame({
        "option": pd.Categorical(options, categories=options, ordered=True), "label_nl": [f"optie {i}" for i in range(k)],
        "label_en": [f"option {i}" for i in range(k)],
        "kind": kinds, "pole": poles, "percent": [round(s) for s in shares], "share": shares, "n": 100,
    })


# ---------------------------------------------------------------- the seven charts: diverging bar

def test_the_seven_charts_are_the_articles_charts(survey):
    charted = survey.questions.dropna(subset=["chart"])
    assert sorted(charted["question_id"]) == sorted(CHARTS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("question_id", CHARTS)
def test_diverging_bar_draws_the_real_shares(survey, question_id, lang):
    table, fig = draw(survey, question_id, lang)
    found = segments(fig)
    assert list(found) and set(found) == set(table["option"].astype(str))
    for row in table.itertuples():
        part, x0, width, _ = found[str(row.option)]
        assert width == pytest.approx(row.share)
        # don't know and an unpublished remainder sit apart, never in the diverging bar
        assert part == ("apart" if row.kind in APART else "diverging")
    body = table[~table["kind"].isin(APART)]
    assert sum(found[str(o)][2] for o in body["option"]) == pytest.approx(body["share"].sum())

    # x = 0 halves the neutral option, or (without one) lies between the poles
    neutral = body[body["kind"] == "neutral"]
    if len(neutral):
        _, x0, width, _ = found[str(neutral["option"].iloc[0])]
        assert x0 == pytest.approx(-width / 2)
    for row in body.itertuples():
        _, x0, width, _ = found[str(row.option)]
        if row.pole == "positive":
            assert x0 >= -1e-9
        elif row.pole == "negative":
            assert x0 + width <= 1e-9
    if not len(neutral):
        edges = {round(x0, 9) for _, x0, _, _ in found.values()} | {round(x0 + w, 9) for _, x0, w, _ in found.values()}
        assert 0 in edges


@pytest.mark.parametrize("question_id", CHARTS)
def test_segment_labels_are_the_published_percents_and_the_others_go_to_the_legend(survey, question_id):
    table, fig = draw(survey, question_id)
    shown = value_labels(fig)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    table = table.assign(label=tables.option_labels(table, "en"))
    for row, entry in zip(table.itertuples(), legend):
        if str(row.option) in shown:
            assert shown[str(row.option)] == f"{row.percent:.0f}%" if row.kind != "unpublished" \
                else shown[str(row.option)] == f"{row.share:.0f}%"
            assert entry == row.label
        else:
            assert entry == f"{row.label} ({row.percent:.0f}%)"
    assert len(shown) >= 2  # the wide segments keep their values on the bar


@pytest.mark.transcription
def test_article_labels_on_the_skills_chart(survey):
    """The article prints 46, 35, 4 and 14 on its bar; the 4 % neutral segment is too narrow for
    its label here (it would cross the centre line and the neighbours), so its value is in the legend."""
    _, fig = draw(survey, "skills_sufficient", "nl")
    printed = {option.id: option.percent for option in TRANSCRIPTION["skills_sufficient"]}  # the key
    assert value_labels(fig) == {o: f"{printed[o]}%" for o in ("strongly_agree", "agree", "insufficient")}
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["zeer eens", "eens", f"middenpositie ({printed['neutral']}%)", "onvoldoende of zeer onvoldoende",
                      f"weet niet ({printed['dont_know']}%)"]


def label_problems(fig, table, lang) -> list[str]:
    """Every value label of a drawn diverging bar that does not lie inside its segment with a margin,
    that the centre line runs through, or whose value is neither on the bar nor in the legend.

    Measured on the renderer (window extents in pixels, at the saved files' 150 dpi): the label's
    text and its box must keep at least 1 pt of its segment free on each side (the segment's dark
    edge takes 0.4 pt of it); where the centre line crosses a label, the label's box must be opaque
    and drawn above the line.
    """
    fig.set_dpi(150)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    point = fig.dpi / 72
    patches = {p.get_gid().split(":", 1)[1]: p for ax in fig.axes for p in ax.patches
               if (p.get_gid() or "").startswith("segment:")}
    texts = {t.get_gid().split(":", 1)[1]: t for ax in fig.axes for t in ax.texts
             if (t.get_gid() or "").startswith("value:")}
    centre = [line for ax in fig.axes for line in ax.lines if line.get_gid() == "centre"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    problems = []
    for (option, share), name, entry in zip(table[["option", "share"]].itertuples(index=False),
                                            tables.option_labels(table, lang), legend):
        option, value = str(option), plots.value_text(share)
        if option not in texts:
            if entry != f"{name} ({value})":
                problems.append(f"{option}: value {value} neither on the bar nor in the legend ({entry!r})")
            continue
        text = texts[option]
        if text.get_text() != value or entry != name:
            problems.append(f"{option}: label {text.get_text()!r}, legend {entry!r}; expected {value!r}, {name!r}")
        if text.get_fontsize() < 7.5:
            problems.append(f"{option}: label at {text.get_fontsize()} pt, below 7.5 pt")
        extents = [text.get_window_extent(renderer)]
        if text.get_bbox_patch() is not None:
            extents.append(text.get_bbox_patch().get_window_extent(renderer))
        box = extents[0].union(extents)
        segment = patches[option].get_window_extent(renderer)
        gaps = (box.x0 - segment.x0, segment.x1 - box.x1, box.y0 - segment.y0, segment.y1 - box.y1)
        if min(gaps) < 1 * point:
            problems.append(f"{option}: label {value} box {[round(float(v), 1) for v in box.bounds]} not inside "
                            f"segment {[round(float(v), 1) for v in segment.bounds]} with 1 pt margin "
                            f"(gaps {[round(float(g) / point, 2) for g in gaps]} pt)")
        for line in centre:
            x = line.get_window_extent(renderer).x0
            if line.axes is text.axes and box.x0 < x < box.x1:
                patch = text.get_bbox_patch()
                if patch is None or patch.get_facecolor()[3] < 1 or text.get_zorder() <= line.get_zorder():
                    problems.append(f"{option}: the centre line runs through label {value}")
    return problems


@pytest.mark.parametrize("dont_know", ["keep", "exclude"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_label_lies_inside_its_segment_or_its_value_is_in_the_legend(survey, lang, dont_know):
    """For every question's chart (all of questions.csv, not only the article's seven), in both
    languages, with and without don't know: each value on the bar fits in its segment, measured by
    the renderer, and each value not on the bar is in the legend."""
    drawn = 0
    for question_id in survey.questions["question_id"]:
        table, fig = draw(survey, question_id, lang, dont_know)
        assert label_problems(fig, table, lang) == [], question_id
        plt.close(fig)
        drawn += 1
    assert drawn == len(survey.questions) >= 9


@pytest.mark.parametrize("shares", [
    [1.0, 2.0, 4.0, 5.0, 88.0],          # narrow segments side by side
    [30.0, 4.5, 3.5, 12.0, 50.0],        # a narrow neutral under the centre line
    [45.0, 10.0, 45.0],                  # a wide neutral: its label sits on the centre line
    [8.0, 92.0],
])
def test_labels_fit_or_move_to_the_legend_on_made_up_scales(shares):
    """The same property on scales the article does not have: many narrow segments, narrow and wide neutrals."""
    poles = {5: ["positive", "positive", "", "negative", "negative"], 3: ["positive", "", "negative"],
             2: ["positive", "negative"]}[len(shares)]
    table = synthetic(poles, shares=shares)
    fig = bars.diverging_bar(table, title="t", caption="n = 100", lang="en")
    assert label_problems(fig, table, "en") == []
    on_bar = value_labels(fig)
    assert "o0" in on_bar or len(shares) == 5  # a wide segment keeps its label
    assert all(option in on_bar for option, share in zip(table["option"], shares) if share >= 12)
    assert not any(option in on_bar for option, share in zip(table["option"], shares) if share <= 2)


def test_a_label_that_would_not_fit_is_caught():
    """The check itself: a label squeezed into a narrow segment (as before the fix) is reported."""
    table = synthetic(["positive", "", "negative"], shares=[49.0, 2.0, 49.0])
    fig = bars.diverging_bar(table, title="t", caption="n = 100", lang="en")
    ax = axes_by_gid(fig)["diverging"]
    ax.text(0, 0, "2%", ha="center", va="center", fontsize=9, gid="value:o1")
    problems = label_problems(fig, table, "en")
    assert any(p.startswith("o1: label 2% box") for p in problems)
    assert any(p == "o1: the centre line runs through label 2%" for p in problems)


def test_label_size_is_the_largest_that_fits():
    width = bars.text_width("35%", 9, bold=True)
    need = width + 2 * (bars.LABEL_PAD + bars.LABEL_MARGIN)
    assert bars.label_size("35%", need / 72, bold=True) == 9
    assert bars.label_size("35%", (need - 0.5) / 72, bold=True) == 7.5
    assert bars.label_size("35%", 0.1, bold=True) is None
    assert bars.text_width("35%", 9, bold=True) > bars.text_width("35%", 9, bold=False) > 0
    assert bars.text_width("35%", 18, bold=False) == pytest.approx(2 * bars.text_width("35%", 9, bold=False))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("question_id", CHARTS)
def test_title_caption_legend_and_axis_are_in_the_chosen_language(survey, question_id, lang):
    table, fig = draw(survey, question_id, lang)
    question = data.question(survey, question_id)
    assert one_line(fig.get_suptitle()) == one_line(question[f"wording_{lang}"])
    captions = [t.get_text() for t in fig.texts if t.get_gid() == "caption"]
    assert len(captions) == 1 and f"n = {data.n_for(survey, question_id)}" in one_line(captions[0])
    assert ("bron" if lang == "nl" else "source") in captions[0]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert [entry.split(" (")[0] if entry.endswith("%)") else entry for entry in legend] == tables.option_labels(table, lang)
    assert axes_by_gid(fig)["diverging"].get_xlabel() == labels.text("axis.share", lang)


@pytest.mark.parametrize("question_id", CHARTS)
def test_colours_are_the_documented_colour_blind_safe_palette(survey, question_id):
    table, fig = draw(survey, question_id)
    assert bars.PALETTE == "BrBG"
    found = segments(fig)
    negative = (table["pole"] == "negative").sum()
    positive = (table["pole"] == "positive").sum()
    k = max(negative, positive)
    brewer = [tuple(c) for c in sns.color_palette("BrBG", 2 * k + 2)]
    for row in table.itertuples():
        colour = found[str(row.option)][3]
        if row.pole in ("positive", "negative"):
            assert colour in [pytest.approx(c) for c in brewer]
            red, _, blue = colour
            assert (blue > red) if row.pole == "positive" else (red > blue)
        elif row.kind == "substantive":  # a unipolar scale, drawn from zero without poles
            unpoled = int(((table["kind"] == "substantive") & (table["pole"] == "")).sum())
            assert colour in [pytest.approx(tuple(c)) for c in sns.color_palette(bars.QUALITATIVE, unpoled)]
        else:
            expected = {"neutral": bars.NEUTRAL_COLOUR, "dont_know": bars.DONT_KNOW_COLOUR,
                        "unpublished": bars.UNPUBLISHED_COLOUR}[row.kind]
            assert colour == pytest.approx(to_rgb(expected))
    # darker further from the centre: the outermost positive option is the darkest of its side
    shades = [sum(found[str(o)][3]) for o in table.loc[table["pole"] == "positive", "option"]]
    assert shades == sorted(shades)


def test_unpublished_remainder_is_hatched_and_apart(survey):
    table, fig = draw(survey, "education_more_digital")
    apart = axes_by_gid(fig)["apart"]
    hatched = [p for p in apart.patches if p.get_gid() == "segment:unpublished"]
    assert len(hatched) == 1 and hatched[0].get_hatch() and hatched[0].get_width() == pytest.approx(40)
    assert value_labels(fig)["unpublished"] == "40%"


def test_training_chart_without_dont_know_has_no_apart_panel(survey):
    _, fig = draw(survey, "training_courses")
    assert set(axes_by_gid(fig)) == {"diverging"}
    found = segments(fig)
    assert found["no"][1:3] == pytest.approx((-67, 67)) and found["yes"][1:3] == pytest.approx((0, 33))


@pytest.mark.parametrize("question_id", ["skills_sufficient", "employer_increased_knowledge", "handles_differently"])
def test_rebased_shares_without_dont_know(survey, question_id):
    table, fig = draw(survey, question_id, dont_know="exclude")
    found = segments(fig)
    assert "dont_know" not in found and "apart" not in axes_by_gid(fig)
    assert sum(width for _, _, width, _ in found.values()) == pytest.approx(100)
    for row in table.itertuples():
        assert found[str(row.option)][2] == pytest.approx(row.share)


@pytest.mark.parametrize("poles", [
    ["positive", "negative"],
    ["positive", "", "negative"],
    ["positive", "positive", "negative", "negative"],
    ["positive", "positive", "", "negative", "negative"],
    ["positive", "positive", "positive", "negative", "negative", "negative"],
    ["negative", "", "positive"],  # a scale listed negative-first still puts the positive pole right
])
def test_diverging_bar_handles_2_to_6_options(poles):
    table = synthetic(poles)
    fig = bars.diverging_bar(table, title="t", caption="n = 100", lang="en")
    found = segments(fig)
    assert len(found) == len(poles)
    for option, pole in zip(table["option"], poles):
        _, x0, width, _ = found[option]
        assert width == pytest.approx(100 / len(poles))
        assert (x0 >= -1e-9) if pole == "positive" else (x0 + width <= 1e-9) if pole == "negative" \
            else x0 == pytest.approx(-width / 2)
    positive = [found[o][1] for o, p in zip(table["option"], poles) if p == "positive"]
    # the first-listed (most extreme) positive option is the outermost one
    listed = positive if poles[0] == "positive" else positive[::-1]
    assert listed == sorted(listed, reverse=True)


def test_nominal_options_are_stacked_from_zero_and_mixed_poles_are_refused():
    table = synthetic(["a", "b", "c"], kinds=["substantive"] * 3, shares=[50.0, 30.0, 20.0])
    table["pole"] = ""
    layout = bars.diverging_layout(table)
    assert list(layout["left"]) == [0, 50, 80]
    mixed = synthetic(["positive", "", "negative"], kinds=["substantive"] * 3)
    with pytest.raises(ValueError, match="o1"):
        bars.diverging_layout(mixed)


def test_chart_functions_refuse_a_bad_language_and_an_incomplete_table(survey):
    table = share_table(survey, "training_courses")
    with pytest.raises(ValueError, match=r"lang='de'.*nl, en"):
        bars.diverging_bar(table, title="t", caption="c", lang="de")
    with pytest.raises(ValueError, match="share"):
        bars.diverging_bar(table.drop(columns="share"), title="t", caption="c", lang="en")
    with pytest.raises(ValueError, match="sim_low"):
        interval_plots.interval_plot(table.drop(columns="sim_low"), title="t", caption="c", lang="en")


def test_figure_size_does_not_depend_on_global_style(survey):
    table = share_table(survey, "prepared_digital")
    first = bars.diverging_bar(table, title="t", caption="c", lang="en")
    with plt.rc_context({"figure.figsize": (3, 3), "font.size": 20, "figure.dpi": 72}):
        second = bars.diverging_bar(table, title="t", caption="c", lang="en")
    assert tuple(first.get_size_inches()) == tuple(second.get_size_inches())
    assert first.get_size_inches()[0] == plots.WIDTH


@pytest.mark.parametrize("view", [bars.diverging_bar, interval_plots.interval_plot])
def test_files_do_not_depend_on_global_rcparams_or_the_seaborn_theme(survey, view):
    table = share_table(survey, "government_keeps_up", "nl")
    plain = export.figure_bytes(view(table, title="t", caption="c", lang="nl"), "svg")
    with plt.rc_context():
        sns.set_theme(context="talk", style="darkgrid")
        matplotlib.rcParams.update({"font.size": 20, "savefig.bbox": "tight", "savefig.facecolor": "red",
                                    "figure.dpi": 72, "svg.hashsalt": None})
        themed = export.figure_bytes(view(table, title="t", caption="c", lang="nl"), "svg")
    assert plain == themed


# ---------------------------------------------------------------- interval view

@pytest.mark.parametrize("question_id", CHARTS + ["avg_awareness", "gender", "more_ict_specialists"])
def test_interval_plot_error_bars_are_the_table_intervals(survey, question_id):
    table, fig = draw(survey, question_id, "nl", view=interval_plots.interval_plot)
    ax = axes_by_gid(fig)["intervals"]
    assert ax.get_xlim() == (0, 100)
    containers = {c.get_label(): c for c in ax.containers}
    assert set(containers) == {"_ci", "_ci_range", "_sim"}
    for name, low, high in (("_ci", "ci_low", "ci_high"), ("_ci_range", "ci_low_range", "ci_high_range"),
                            ("_sim", "sim_low", "sim_high")):
        ends = np.array([[s[0][0], s[1][0]] for s in containers[name].lines[2][0].get_segments()])
        assert ends == pytest.approx(table[[low, high]].to_numpy(dtype=float))
    assert [t.get_text() for t in ax.get_yticklabels()] == [plots.wrap(x, plots.LABEL_WRAP) for x in tables.option_labels(table, "nl")]
    assert one_line(fig.get_suptitle()) == one_line(data.question(survey, question_id)["wording_nl"])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [labels.text(k, "nl") for k in ("legend.share", "legend.ci", "legend.ci_range",
                                                     "legend.simultaneous")]


def test_interval_plot_skips_rows_without_an_interval(survey):
    table = share_table(survey, "education_more_digital")
    table.loc[table["kind"] == "unpublished", ["sim_low", "sim_high"]] = np.nan
    fig = interval_plots.interval_plot(table, title="t", caption="c", lang="en")
    sim = next(c for c in fig.axes[0].containers if c.get_label() == "_sim")
    assert len(sim.lines[2][0].get_segments()) == len(table) - 1


# ---------------------------------------------------------------- export

def test_save_figure_is_deterministic_and_leaves_no_temporary_files(survey, tmp_path):
    table = share_table(survey, "government_keeps_up")
    written = []
    for folder in ("a", "b"):  # two separately drawn figures, saved into two folders
        fig = bars.diverging_bar(table, title="t", caption="c", lang="nl")
        paths = export.save_figure(fig, "02_government", tmp_path / folder)
        assert set(paths) == {"png", "svg"}
        assert paths["png"] == tmp_path / folder / "figures" / "02_government.png"
        written.append({fmt: path.read_bytes() for fmt, path in paths.items()})
        assert sorted(p.name for p in (tmp_path / folder / "figures").iterdir()) == \
            ["02_government.png", "02_government.svg"]
    export.save_figure(fig, "02_government", tmp_path / "b")  # overwriting gives the same bytes again
    assert written[0] == written[1] == {fmt: (tmp_path / "b" / "figures" / f"02_government.{fmt}").read_bytes()
                                        for fmt in ("png", "svg")}
    png, svg = written[0]["png"], written[0]["svg"].decode("utf-8")
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"matplotlib" not in png.lower()
    assert "<dc:date>" not in svg and "</svg>" in svg


def test_save_figure_uses_the_output_dir_by_default(survey, tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path / "report"))
    _, fig = draw(survey, "training_courses")
    paths = export.save_figure(fig, "training")
    assert paths["svg"] == tmp_path / "report" / "figures" / "training.svg" and paths["svg"].exists()


def test_a_failing_save_leaves_nothing_behind(survey, tmp_path, monkeypatch):
    _, fig = draw(survey, "training_courses")
    blocker = tmp_path / "blocked"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OSError):
        export.save_figure(fig, "training", blocker)
    assert blocker.read_text() == "a file, not a folder"

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        export.save_figure(fig, "training", tmp_path / "out")
    with pytest.raises(OSError, match="disk full"):
        export.save_table(pd.DataFrame({"a": [1]}), "table", tmp_path / "out")
    assert [p for p in (tmp_path / "out").rglob("*") if p.is_file()] == []


def test_a_failing_render_writes_no_file(survey, tmp_path, monkeypatch):
    _, fig = draw(survey, "training_courses")
    original = export.figure_bytes

    def svg_fails(figure, fmt):
        if fmt == "svg":
            raise RuntimeError("renderer failed")
        return original(figure, fmt)

    monkeypatch.setattr(export, "figure_bytes", svg_fails)
    with pytest.raises(RuntimeError):
        export.save_figure(fig, "training", tmp_path)
    assert not (tmp_path / "figures" / "training.png").exists()


def test_save_table_round_trips(survey, tmp_path):
    table = share_table(survey, "education_more_digital", "nl")
    path = export.save_table(table, "education_more_digital", tmp_path)
    assert path == tmp_path / "tables" / "education_more_digital.csv"
    back = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])
    assert list(back.columns) == list(table.columns)
    expected = table.astype({"option": str})
    for column in table.columns:
        if pd.api.types.is_numeric_dtype(table[column]):
            assert back[column].to_numpy(dtype=float) == pytest.approx(table[column].to_numpy(dtype=float), nan_ok=True)
        else:
            assert back[column].fillna("").astype(str).tolist() == expected[column].fillna("").astype(str).tolist()
    assert ",unpublished," in path.read_text(encoding="utf-8")  # the remainder's id and kind; stats has no words
    assert path.read_bytes() == export.table_bytes(table)


@pytest.mark.parametrize("name", ["", "a b", "../escape", "x/y", "naïve", "_hidden", "-dash", "name.png", 7, None])
def test_bad_names_are_refused_with_the_allowed_pattern(name, tmp_path):
    with pytest.raises(ValueError) as error:
        export.save_table(pd.DataFrame({"a": [1]}), name, tmp_path)
    message = str(error.value)
    assert f"name={name!r}" in message and export.NAME_PATTERN.pattern in message
    assert not (tmp_path / "tables").exists()


@pytest.mark.parametrize("name", ["skills_sufficient", "01_sample", "Fig-2", "a"])
def test_good_names_are_accepted(name):
    assert export.check_name(name) == name


# ---------------------------------------------------------------- labels

def test_every_label_key_exists_in_both_languages_with_the_same_fields():
    for key, entry in labels.TEXTS.items():
        assert set(entry) == set(labels.LANGUAGES), key
        assert all(entry[lang].strip() for lang in labels.LANGUAGES), key
        fields = [{f for _, f, _, _ in __import__("string").Formatter().parse(entry[lang]) if f}
                  for lang in labels.LANGUAGES]
        assert fields[0] == fields[1], key


def test_label_keys_cover_tables_axes_legends_and_captions():
    needed = ["col.option", "col.percent", "col.share", "col.n", "col.count_range", "col.ci_low", "col.ci_high",
              "col.interval", "col.interval_range", "col.simultaneous", "axis.share", "kind.dont_know",
              "kind.unpublished", "kind.neutral", "caption", "n_status.stated", "n_status.inferred",
              "n_status.unknown", "n_status.scenario"]
    assert [key for key in needed if key not in labels.TEXTS] == []
    for column in tables.COLUMNS:
        assert f"col.{column}" in labels.TEXTS


def test_text_in_both_languages():
    assert labels.text("axis.share", "en") == "Share of respondents (%)"
    assert labels.text("axis.share", "nl") == "Aandeel respondenten (%)"
    assert labels.text("kind.dont_know", "nl") == "weet niet"
    status = labels.text("n_status.inferred", "en")
    assert labels.text("caption", "en", n=517, status=status) == \
        "n = 517 (inferred from the chart captions); source: Publiek Denken / Overheid in Nederland"


def test_text_errors_name_the_value_and_what_is_allowed():
    with pytest.raises(ValueError, match=r"lang='fr'.*allowed: nl, en"):
        labels.text("axis.share", "fr")
    with pytest.raises(KeyError, match=r"'axis\.shares'.*axis\.share"):
        labels.text("axis.shares", "en")
    with pytest.raises(KeyError, match=r"'nonsense'.*col\.option"):
        labels.text("nonsense", "nl")
    with pytest.raises(KeyError, match=r"caption.*status"):
        labels.text("caption", "en", n=5)


def test_display_table_translates_headings_and_formats_numbers(survey):
    table = share_table(survey, "skills_sufficient", "nl")
    shown = tables.display_table(table, "nl")
    assert list(shown.columns) == [labels.text(f"col.{c}", "nl") for c in tables.DEFAULT_COLUMNS]
    assert shown.map(lambda v: isinstance(v, str)).all().all()
    first = shown.iloc[0]
    row = table.iloc[0]
    assert first["Antwoord"] == "zeer eens" and first["Gepubliceerd %"] == "46" and first["Aandeel %"] == "46,0"
    assert first["Verenigbare aantallen"] == f"{row.count_min}–{row.count_max}"
    low, high = (f"{v:.1f}".replace(".", ",") for v in (row.ci_low, row.ci_high))
    assert first["Betrouwbaarheidsinterval %"] == f"{low}–{high}"
    english = tables.display_table(table, "en", columns=["option", "share", "sim_low", "kind"])
    assert list(english.columns) == ["Option", "Share %", "Simultaneous lower bound %", "Kind"]
    assert english.iloc[0]["Simultaneous lower bound %"] == f"{row.sim_low:.1f}"
    assert english["Kind"].iloc[-1] == "don't know"


def test_display_table_of_an_unpublished_remainder_and_rebased_shares(survey):
    shown = tables.display_table(share_table(survey, "education_more_digital", "en"), "en")
    assert shown.iloc[-1]["Option"] == "not published" and shown.iloc[-1]["Published %"] == ""
    assert shown.iloc[-1]["Share %"] == f"{100 - data.published_total(survey, 'education_more_digital'):.1f}"
    rebased = tables.display_table(share_table(survey, "skills_sufficient", "en", "exclude"), "en")
    printed = data.options(survey, "skills_sufficient").set_index("option_id")["percent"].astype(int)
    assert rebased.iloc[0]["Published %"] == str(printed["strongly_agree"])
    assert rebased.iloc[0]["Share %"] == f"{100 * printed['strongly_agree'] / (100 - printed['dont_know']):.1f}"


def test_display_table_refuses_unknown_columns_and_languages(survey):
    table = share_table(survey, "training_courses")
    with pytest.raises(ValueError, match=r"'pct'.*allowed: option"):
        tables.display_table(table, "en", columns=["option", "pct"])
    with pytest.raises(ValueError, match=r"lang='EN'"):
        tables.display_table(table, "EN")
    with pytest.raises(ValueError, match="sim_low"):
        tables.display_table(table.drop(columns="sim_low"), "en")


def test_numbers_never_print_minus_zero():
    assert labels.number(-0.04, "nl") == "0,0" and labels.span(-0.04, 2.71, "en") == "0.0–2.7"
    assert labels.number(float("nan"), "en") == "" and labels.span(3, 3.04, "en") == "3.0"


def test_comparison_table_of_the_paired_comparison(survey):
    result = paired.marginal_comparison(survey, ("avg_awareness", ["yes"]), ("handles_differently", ["yes"]),
                                       params.validate(lang="nl"))
    shown = tables.comparison_table(result, "nl")
    assert list(shown.columns)[0] == "Grootheid" and "p-waarde" in shown.columns
    (aware, n_a), (_, n_b) = point(survey, "avg_awareness", "yes"), point(survey, "handles_differently", "yes")
    assert shown.iloc[0]["Grootheid"] == f"A: aandeel (avg_awareness, n = {n_a})"
    assert shown.iloc[0]["Aandeel %"] == f"{100 * aware / n_a:.1f}".replace(".", ",")
    # one McNemar row: the largest p over every count and joint table the bounds allow (B bounded in the group of
    # n_a first; issue 19 kind 3): where the discordant cells can be equal, the test finds nothing (p = 1)
    aware_low, aware_high = count_range(survey, "avg_awareness", ["yes"], n_a)
    yes_low, yes_high = count_range(survey, "handles_differently", ["yes"], n_b)
    held = {k for c in range(yes_low, yes_high + 1) for k in range(0, n_a + 1) if k <= c and n_a - k <= n_b - c}
    assert list(shown["p-waarde"])[:6] == [""] * 6
    if set(range(aware_low, aware_high + 1)) & held:  # equal marginals possible: equal discordant cells
        assert list(shown["p-waarde"])[6:] == ["1,000"]
    first = max(0, aware_low - max(held)), min(aware_high, n_a - min(held))
    assert (shown.iloc[3]["Ondergrens %"], shown.iloc[3]["Bovengrens %"]) == tuple(
        f"{100 * c / n_a:.1f}".replace(".", ",") for c in first)
    assert tables.pvalue(0.0123, "en") == "0.012" and tables.pvalue(1e-9, "nl") == "< 0,001"


def test_setup_applies_the_style_and_checks_the_language():
    with plt.rc_context():
        plots.setup("en")
        assert matplotlib.rcParams["svg.hashsalt"] == plots.HASHSALT
    with pytest.raises(ValueError, match="lang='xx'"):
        plots.setup("xx")


def test_exported_files_get_the_ordinary_file_mode(tmp_path):
    """Atomic writes go through mkstemp (mode 0600); the exported files must still be readable by
    others as any new file would be under the umask (0644 with the usual 022)."""
    old = os.umask(0o022)
    os.umask(old)
    fig, ax = plt.subplots(figsize=(2, 1))
    try:
        paths_written = export.save_figure(fig, "mode_check", tmp_path)
    finally:
        plt.close(fig)
    table_path = export.save_table(pd.DataFrame({"option": ["yes"], "percent": [33]}), "mode_check", tmp_path)
    for path in [*paths_written.values(), table_path]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~old


@pytest.mark.parametrize("step", ["mkstemp", "fdopen", "fsync", "replace"])
@pytest.mark.parametrize("code, kind", [(errno.ENOSPC, OSError), (errno.EACCES, PermissionError)])
def test_a_failed_export_names_its_file_and_keeps_the_error_kind(survey, tmp_path, monkeypatch, step, code, kind):
    """A full disk (ENOSPC) or a refused write met at any step of an export names the file that could
    not be written (the system's message for a failed write names none), with the same errno and class."""
    _, fig = draw(survey, "training_courses")
    module = atomic.tempfile if step == "mkstemp" else atomic.os

    def fails(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(module, step, fails)
    with pytest.raises(kind) as failure:
        export.save_figure(fig, "training", tmp_path)
    target = tmp_path / "figures" / "training.png"
    assert failure.value.errno == code and failure.value.filename == str(target)
    assert str(target) in str(failure.value) and os.strerror(code) in str(failure.value)
    if step != "replace":
        assert "no file of this export was changed" in str(failure.value)
    assert [p.name for p in (tmp_path / "figures").iterdir()] == []


# ---------------------------------------------------------------- issue 17 kind 11: a label of any length

LONG = ("lange vraagtekst " * 6000)[:100_000]  # 100 kB of wording: drew a 41,694-px chart in 23 s
HEIGHT_CAP = 1_500  # px, at the export's resolution (savefig.dpi), of any chart of one short question


@pytest.mark.parametrize("view", [bars.diverging_bar, interval_plots.interval_plot], ids=["bar", "intervals"])
@pytest.mark.parametrize("width", [plots.WIDTH, plots.NARROW_WIDTH], ids=["wide", "narrow"])
def test_100_kb_of_wording_draws_a_chart_of_bounded_height_and_warns_naming_the_question(survey, view, width):
    import time
    import warnings

    table = stats.share_table(survey, "skills_sufficient", params.validate(lang="en")).copy()
    first = table["option"].iloc[0]
    table.loc[table.index[0], "label_en"] = LONG
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = view(table, title=LONG, caption="n = 577", lang="en", width=width, name="skills_sufficient")
    took = time.perf_counter() - started
    height = fig.get_figheight() * plots.STYLE["savefig.dpi"]  # pixels of the exported PNG
    assert height < HEIGHT_CAP, height
    assert took < 5, took
    messages = [str(warning.message) for warning in caught if issubclass(warning.category, plots.LongLabelWarning)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", plots.LongLabelWarning)
        title, label = plots.capped(LONG, plots.TITLE_MAX, "title"), plots.capped(LONG, plots.LABEL_MAX, "label")
    assert messages == [
        f"chart of skills_sufficient: its title has {len(LONG.strip()):,} characters; drawn are the first "
        f"{len(title) - 1}, ending in '\u2026' (at most {plots.TITLE_MAX})",
        f"chart of skills_sufficient: its option label {first!r} has {len(LONG.strip()):,} characters; drawn are the "
        f"first {len(label) - 1}, ending in '\u2026' (at most {plots.LABEL_MAX})",
    ], messages
    drawn = " ".join(text.get_text() for text in fig.findobj(matplotlib.text.Text))
    assert title.replace(" ", "") in drawn.replace("\n", "").replace(" ", ""), drawn[:300]  # the cut title, whole
    assert len(drawn) < 2 * (plots.TITLE_MAX + 10 * plots.LABEL_MAX), len(drawn)


@pytest.mark.parametrize("text, limit, shown", [
    ("short enough", 12, "short enough"),
    ("a  b\n c", 5, "a b c"),  # runs of white space are one space (as the wrapped title always was)
    ("one two three four", 10, "one two\u2026"),  # cut at a space
    ("x" * 30, 10, "x" * 9 + "\u2026"),  # a word longer than the limit: cut inside it
])
def test_capped_cuts_at_a_space_and_warns_only_when_it_cuts(text, limit, shown):
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert plots.capped(text, limit, "title", "q1") == shown
    assert len(shown) <= limit
    assert [str(w.message).startswith("chart of q1: its title") for w in caught] == ([True] if shown != text and
                                                                                      "\u2026" in shown else [])


@pytest.mark.parametrize("lang", LANGS)
def test_no_title_or_label_of_the_data_is_cut(survey, lang):
    """The caps leave every real chart as it was: over every question and both languages, the title the
    report draws and every option label are shorter than the caps (no warning, nothing cut)."""
    import warnings

    from helpers.display import report

    with warnings.catch_warnings():
        warnings.simplefilter("error", plots.LongLabelWarning)
        for question_id in survey.questions["question_id"]:
            title = report.chart_title(survey, question_id, lang)
            assert plots.capped(title, plots.TITLE_MAX, "title", question_id) == " ".join(title.split())
            table = stats.share_table(survey, question_id, params.validate(lang=lang))
            for label in tables.option_labels(table, lang):
                assert plots.capped(label, plots.LABEL_MAX, "label", question_id) == label
