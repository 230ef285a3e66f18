"""Every committed chart equals a fresh render: the check nbval cannot make.

nbval compares a re-executed notebook's text outputs but skips ``image/png``, so a report whose
chart was swapped for another chart's would pass it. Here every image output of every committed
report is traced to the one-line call that drew it (``report.chart`` / ``report.interval_chart``),
that call is made again with the report's own parameters, and the SHA-256 of the fresh PNG must
equal that of the committed output and of the committed ``figures/<name>.png``; the fresh SVG must
equal the committed ``.svg`` byte for byte, and the phone variant the output carries in its metadata
(``narrow``, never exported) must equal a fresh one. Charts are deterministic (fixed fonts, SVG hash salt,
no timestamps), so any difference is a real one.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest

from helpers.core import data, params, paths
from helpers.display import audit_report, multiverse_report, report
from helpers.build.cli import declared_parameters

pytestmark = pytest.mark.reports  # every test here reads the committed reports/

CALL = re.compile(r'report\.(chart|interval_chart)\(survey, "(\w+)", settings\)')
# 07_multiverse's charts: the cell's call -> (function of multiverse_report, exported figure)
MULTIVERSE_CALLS = {"multiverse_report.multiverse_chart(survey, settings)": ("multiverse_chart", "07_multiverse"),
                    "multiverse_report.tipping_chart(survey, settings)": ("tipping_chart", "07_tipping")}
# 06_audit's overview chart (audit_report.overview_chart): the call -> (function of audit_report, exported figure)
REPORT_CALLS = {"audit_report.overview_chart(survey, settings)": ("overview_chart", "overview")}
REPORTS = sorted((folder.name, path.stem) for folder in paths.REPORTS_DIR.iterdir() if folder.is_dir()
                 for path in folder.glob("*.ipynb") if not path.name.endswith(".failed.ipynb")) \
    if paths.REPORTS_DIR.is_dir() else []


def sha256(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def images(notebook: nbformat.NotebookNode) -> list[tuple[int, str, str, bytes]]:
    """``(cell index, function, question id, PNG bytes)`` of every image output of a notebook."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if "image/png" not in output.get("data", {}):
                continue
            png = base64.b64decode(output.data["image/png"])
            if cell.source.strip() in MULTIVERSE_CALLS or cell.source.strip() in REPORT_CALLS:
                function, figure = {**MULTIVERSE_CALLS, **REPORT_CALLS}[cell.source.strip()]
                found.append((index, function, figure, png))
                continue
            call = CALL.fullmatch(cell.source.strip())
            assert call, f"cell {index} shows an image but is not a report.chart/interval_chart call: {cell.source!r}"
            found.append((index, call.group(1), call.group(2), png))
    return found


def report_settings(source: Path, notebook: nbformat.NotebookNode) -> params.Settings:
    """The settings the report ran with: the notebook's declared defaults and papermill's injected values."""
    effective = {**declared_parameters(source),
                 **notebook.metadata.get("papermill", {}).get("parameters", {})}
    return params.validate(**effective)


def test_the_committed_reports_hold_charts():
    counted = sum(len(images(nbformat.read(paths.REPORTS_DIR / set_name / f"{stem}.ipynb", as_version=4)))
                  for set_name, stem in REPORTS)
    assert counted >= 14  # the article's seven charts, in both languages


def chart_problems(notebook: nbformat.NotebookNode, set_name: str, stem: str, scratch: Path) -> list[str]:
    """Every image of a report (and its exported figure) that differs from a fresh render."""
    problems = []
    settings = report_settings(paths.NOTEBOOKS_DIR / f"{stem}.ipynb", notebook)
    survey = data.load_survey()
    report.setup(settings)
    try:
        for index, function, question_id, committed in images(notebook):
            multiverse_functions = {function for function, _ in MULTIVERSE_CALLS.values()}
            report_functions = {function for function, _ in REPORT_CALLS.values()}
            if function in multiverse_functions:
                image = getattr(multiverse_report, function)(survey, settings)
            elif function in report_functions:
                image = getattr(audit_report, function)(survey, settings)
            else:
                image = getattr(report, function)(survey, question_id, settings)
            fresh = image.data
            where = f"{set_name}/{stem}, cell {index} ({function} of {question_id})"
            if sha256(fresh) != sha256(committed):
                problems.append(f"{where}: the image is not a fresh render")
            shown = next(output for output in notebook.cells[index].outputs if "image/png" in output.get("data", {}))
            if shown.get("metadata", {}).get("image/png", {}).get("narrow") != image.metadata["narrow"]:
                problems.append(f"{where}: the phone variant is not a fresh render")
            name = question_id if function in ("chart", *multiverse_functions, *report_functions) else f"{question_id}_intervals"
            for suffix in ("png", "svg"):
                exported = (paths.REPORTS_DIR / set_name / "figures" / f"{name}.{suffix}").read_bytes()
                if sha256((scratch / "figures" / f"{name}.{suffix}").read_bytes()) != sha256(exported):
                    problems.append(f"{where}: figures/{name}.{suffix} differs from a fresh render")
    finally:
        plt.close("all")
    return problems


def with_charts() -> list[tuple[str, str]]:
    """The committed reports that show at least one chart (01_sample shows none)."""
    return [(set_name, stem) for set_name, stem in REPORTS if any(
        "image/png" in output.get("data", {}) for cell in nbformat.read(
            paths.REPORTS_DIR / set_name / f"{stem}.ipynb", as_version=4).cells for output in cell.get("outputs", []))]


@pytest.mark.parametrize("set_name, stem", with_charts())
def test_every_committed_chart_equals_a_fresh_render(set_name, stem, tmp_path, monkeypatch):
    notebook = nbformat.read(paths.REPORTS_DIR / set_name / f"{stem}.ipynb", as_version=4)
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))  # the fresh exports
    assert chart_problems(notebook, set_name, stem, tmp_path) == []


def test_a_swapped_chart_is_caught(tmp_path, monkeypatch):
    """The check is not vacuous: another chart's image in a report is reported, naming the cell."""
    notebook = nbformat.read(paths.REPORTS_DIR / "en" / "02_skills.ipynb", as_version=4)
    (first, _, first_question, _), (second, *_) = images(notebook)[:2]
    notebook.cells[first].outputs[0].data["image/png"] = notebook.cells[second].outputs[0].data["image/png"]
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    assert chart_problems(notebook, "en", "02_skills", tmp_path) == [
        f"en/02_skills, cell {first} (chart of {first_question}): the image is not a fresh render"]
