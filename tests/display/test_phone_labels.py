"""On a phone every chart names what it shows where it shows it (issue 20, part 1; new-user review).

Property over every charted item, in both languages, at the phone width: the don't-know panel stacked
under the bars carries its options' labels (it read as a stray axis before), and a value written
beside an outermost segment (one too narrow for its label, such as the 14% of the skills chart) sits
outside every segment, inside the figure, and says the segment's rounded share.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.core import params  # noqa: E402
from helpers.display import bars, plots  # noqa: E402
from helpers.inference import stats  # noqa: E402
from helpers.words import tables  # noqa: E402


def _charts(survey, lang):
    for question_id in survey.questions.dropna(subset=["chart"])["question_id"]:
        table = stats.share_table(survey, question_id, params.validate(lang=lang))
        fig = bars.diverging_bar(table, title=question_id, caption="n", lang=lang, width=plots.NARROW_WIDTH,
                                 name=question_id)
        yield question_id, table, fig
        plt.close(fig)


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_the_stacked_dont_know_panel_names_its_options(survey, lang):
    named = 0
    for question_id, table, fig in _charts(survey, lang):
        apart = table[table["kind"].isin(bars.APART_KINDS)]
        said = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == "apart-label"]
        if not len(apart):
            assert said == [], question_id
            continue
        assert len(said) == 1, (question_id, said)
        labels_ = dict(zip(table["option"], tables.option_labels(table, lang)))
        for option in apart["option"]:
            assert labels_[option] in said[0], (question_id, option, said)
        named += 1
    assert named >= 3  # not vacuous: several charts have a don't-know panel


@pytest.mark.parametrize("lang", params.LANGUAGES)
def test_a_value_beside_its_segment_is_outside_every_segment_and_inside_the_figure(survey, lang):
    beside = 0
    for question_id, table, fig in _charts(survey, lang):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        segments = [p.get_window_extent(renderer) for ax in fig.axes for p in ax.patches
                    if (p.get_gid() or "").startswith("segment:")]
        shares = dict(zip(table["option"].astype(str), table["share"]))
        whole = fig.bbox
        for ax in fig.axes:
            for text in ax.texts:
                gid = text.get_gid() or ""
                if not gid.startswith("beside:"):
                    continue
                option = gid.split(":", 1)[1]
                box = text.get_window_extent(renderer)
                assert text.get_text() == plots.value_text(shares[option]), (question_id, option)
                assert not any(box.overlaps(segment) for segment in segments), (question_id, option)
                assert whole.x0 <= box.x0 and box.x1 <= whole.x1, (question_id, option)
                assert text.get_fontsize() >= 7.5
                beside += 1
    assert beside >= 1  # the skills chart's negative pole at least
