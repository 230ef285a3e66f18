"""The article's seven charts in the rendered reports, and the notebooks under other parameters.

The committed reports are checked against ``data/`` and statsmodels: each chart cell has an inline
image, each chart is exported as PNG and SVG, and its exported table holds the published shares,
the n of the scenario and the interval bounds statsmodels gives. A second test renders every
notebook with ``lang=en, confidence=0.9, dont_know=exclude`` and checks the same numbers there.
"""

from __future__ import annotations

import nbformat
import papermill
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from helpers.build import runner
from helpers.core import data, params, paths
from helpers.inference import stats
from helpers.build.cli import DEFAULT_CONFIG, load_config

CHARTS = {  # question -> the section notebook that draws it (chart numbers as in questions.csv)
    "skills_sufficient": "02_skills",
    "government_keeps_up": "04_trust",
    "prepared_digital": "04_trust",
    "education_more_digital": "05_education",
    "employer_increased_knowledge": "03_security",
    "training_courses": "02_skills",
    "handles_differently": "03_security",
}
SETS = load_config(DEFAULT_CONFIG)  # every set of reports.yml, shipped or added


def test_the_seven_charts_are_the_articles(survey):
    charted = survey.questions.dropna(subset=["chart"]).set_index("question_id")["chart"]
    assert sorted(charted.items(), key=lambda item: item[1]) == [
        ("skills_sufficient", 1), ("government_keeps_up", 2), ("prepared_digital", 3),
        ("education_more_digital", 4), ("employer_increased_knowledge", 5), ("training_courses", 6),
        ("handles_differently", 7)]
    assert set(CHARTS) == set(charted.index)


def chart_cell_outputs(notebook: nbformat.NotebookNode, question_id: str) -> list:
    """Outputs of the cell that draws the diverging bar of ``question_id``."""
    source = f'report.chart(survey, "{question_id}", settings)'
    cells = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith(source)]
    assert len(cells) == 1, f"no single chart cell for {question_id}"
    return cells[0].outputs


def interval_cell_outputs(notebook: nbformat.NotebookNode, question_id: str) -> list:
    """Outputs of the cell that draws the interval view of ``question_id`` (when switched on)."""
    source = f'report.interval_chart(survey, "{question_id}", settings)'
    cells = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source == source]
    assert len(cells) == 1, f"no single interval cell for {question_id}"
    return cells[0].outputs


def check_table(table: pd.DataFrame, survey: data.Survey, question_id: str, settings: params.Settings) -> None:
    """The exported share table agrees with data/ and with statsmodels for these settings."""
    published = data.options(survey, question_id)
    n = data.n_for(survey, question_id, settings.n_scenario)
    rows = table[table["kind"] != "unpublished"].set_index("option")
    kept = published if settings.dont_know == "keep" else published[published["kind"] != "dont_know"]
    assert list(rows.index) == list(kept["option_id"])
    assert list(rows["percent"]) == list(kept["percent"])
    total = data.published_total(survey, question_id)
    dont_know = published.loc[published["kind"] == "dont_know", "percent"].sum()
    # Re-based on those with an opinion: the published total (or 100 where options are missing) minus don't know.
    base = 100 if settings.dont_know == "keep" else (total if stats.is_complete(published["percent"]) else 100) - dont_know
    assert rows["share"].to_numpy() == pytest.approx(kept["percent"].to_numpy() * 100 / base)
    if settings.dont_know == "keep":
        assert set(rows["n"]) == {n}
    low, high = proportion_confint(rows["count"].astype(int) / settings.deff, rows["n"].astype(int) / settings.deff,
                                   alpha=1 - settings.confidence, method=settings.ci_method)
    assert rows["ci_low"].to_numpy() == pytest.approx(low.to_numpy() * 100)
    assert rows["ci_high"].to_numpy() == pytest.approx(high.to_numpy() * 100)
    assert (rows["count_min"] <= rows["count"]).all() and (rows["count"] <= rows["count_max"]).all()


@pytest.mark.reports
@pytest.mark.parametrize("set_name", SETS)
@pytest.mark.parametrize("question_id", CHARTS)
def test_committed_report_shows_and_exports_each_chart(survey, set_name, question_id):
    folder = paths.REPORTS_DIR / set_name
    notebook = nbformat.read(folder / f"{CHARTS[question_id]}.ipynb", as_version=4)
    outputs = chart_cell_outputs(notebook, question_id)
    assert [sorted(output.data) for output in outputs] == [["image/png", "text/plain"]]
    assert outputs[0].data["text/plain"] == "<IPython.core.display.Image object>"
    settings = params.validate(**SETS[set_name])
    for suffix in ("png", "svg"):
        assert (folder / "figures" / f"{question_id}.{suffix}").stat().st_size > 5_000
        # the interval view is opt-in
        assert (folder / "figures" / f"{question_id}_intervals.{suffix}").exists() == settings.interval_charts
    assert (interval_cell_outputs(notebook, question_id) != []) == settings.interval_charts
    check_table(pd.read_csv(folder / "tables" / f"{question_id}.csv"), survey, question_id, settings)


ALTERNATIVE = {"lang": "en", "confidence": 0.9, "dont_know": "exclude", "interval_charts": True, "deff": 2.0}


@pytest.fixture(scope="module")
def alternative_reports(tmp_path_factory):
    """Every notebook rendered once with the alternative parameters, through the runner."""
    out = tmp_path_factory.mktemp("alternative")
    config = out / "sets.yml"
    config.write_text("sets:\n  alternative: {}\n", encoding="utf-8")
    argv = ["--out", str(out / "reports"), "--config", str(config)]
    for name, value in ALTERNATIVE.items():
        argv += ["-p", name, str(value)]
    return runner.main(argv), out / "reports" / "alternative"


@pytest.mark.kernel
def test_every_notebook_runs_with_the_alternative_parameters(alternative_reports):
    code, folder = alternative_reports
    assert code == 0
    assert sorted(path.stem for path in folder.glob("*.ipynb")) == sorted(
        path.stem for path in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    for path in folder.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        injected = [cell for cell in notebook.cells if "injected-parameters" in cell.metadata.get("tags", [])]
        declared = papermill.inspect_notebook(str(paths.NOTEBOOKS_DIR / path.name))
        assert 'lang = "en"' in injected[0].source
        assert ("confidence = 0.9" in injected[0].source) == ("confidence" in declared)  # 07 varies it itself
        assert ("interval_charts = True" in injected[0].source) == (path.stem not in ("06_audit", "07_multiverse"))


@pytest.mark.kernel
def test_deff_reaches_the_precision_tables(survey, alternative_reports):
    """-p deff 2 renders every notebook (above) and every precision table uses n / 2."""
    _, folder = alternative_reports
    overall = pd.read_csv(folder / "tables" / "precision_all.csv")
    assert list(overall["question_id"]) == list(survey.questions["question_id"])
    for section in ("skills", "security", "trust", "education"):
        table = pd.read_csv(folder / "tables" / f"precision_{section}.csv")
        assert (table["n_effective"] == table["n"] / 2).all()
    widening = pd.read_csv(folder / "tables" / "deff_widening.csv")
    assert sorted(set(widening["deff"])) == [1.0, 1.5, 2.0]


@pytest.mark.kernel
@pytest.mark.parametrize("question_id", CHARTS)
def test_alternative_parameters_reach_the_numbers_behind_each_chart(survey, alternative_reports, question_id):
    _, folder = alternative_reports
    table = pd.read_csv(folder / "tables" / f"{question_id}.csv")
    assert "dont_know" not in set(table["kind"])
    check_table(table, survey, question_id, params.validate(**ALTERNATIVE))
    notebook = nbformat.read(folder / f"{CHARTS[question_id]}.ipynb", as_version=4)
    for outputs in (chart_cell_outputs(notebook, question_id), interval_cell_outputs(notebook, question_id)):
        assert [sorted(output.data) for output in outputs] == [["image/png", "text/plain"]]
    for suffix in ("png", "svg"):
        assert (folder / "figures" / f"{question_id}_intervals.{suffix}").stat().st_size > 5_000
