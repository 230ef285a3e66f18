"""scripts/bench.py's own arithmetic (its timings are measured by `make bench`, never by a test)."""

from __future__ import annotations

import importlib.util
import base64
import json
import struct
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_per_notebook_durations_are_medians_over_sets_and_rounds(tmp_path):
    recorded = {("reports", 0): {"nl/07_multiverse": 6.0, "en/07_multiverse": 7.0, "nl/01_sample": 4.0},
                ("floor", 0): {"nl/07_multiverse": 3.0, "en/07_multiverse": 3.5, "nl/01_sample": 3.2},
                ("reports", 1): {"nl/07_multiverse": 9.0, "en/07_multiverse": 6.5, "nl/01_sample": 4.4},
                ("floor", 1): {"nl/07_multiverse": 3.1, "en/07_multiverse": 2.9, "nl/01_sample": 3.0}}
    for (kind, round_), durations in recorded.items():
        folder = tmp_path / f"round-{round_}" / kind
        folder.mkdir(parents=True)
        (folder / "durations.json").write_text(json.dumps(durations), encoding="utf-8")
    result = bench.notebook_durations(tmp_path, rounds=2)
    assert list(result) == ["01_sample", "07_multiverse"]
    assert result["07_multiverse"] == (6.75, 3.05)  # medians of 6, 7, 9, 6.5 and of 3, 3.5, 3.1, 2.9
    assert result["01_sample"] == (4.2, 3.1)


def _png_sizes(report: Path) -> list[tuple[int, int]]:
    """Counted independently of bench.report_charts: PNG width/height from the IHDR chunk via struct."""
    sizes = []
    for cell in json.loads(report.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                sizes.append(struct.unpack(">II", base64.b64decode(output["data"]["image/png"])[16:24]))
    return sizes


def test_each_floor_notebook_draws_as_many_charts_as_its_report_at_the_same_sizes(tmp_path):
    reports = ROOT / "reports" / "nl"
    total_charts = total_tables = 0
    for real in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        stand_in = nbformat.read(bench.floor_notebook(real, tmp_path, reports), as_version=4)
        parameters = next(c for c in nbformat.read(real, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
        assert stand_in.cells[0].source == parameters.source and stand_in.cells[0].metadata["tags"] == ["parameters"]
        namespace: dict = {}
        constants = [line for line in stand_in.cells[1].source.splitlines() if line.startswith(("CHART_SIZES =", "TABLES ="))]
        exec("\n".join(constants), namespace)  # the two constants the cell's loops run over
        assert namespace["CHART_SIZES"] == _png_sizes(reports / f"{real.stem}.ipynb"), real.stem
        assert 'fig.savefig(figures / f"floor_{STEM}_{index}.{fmt}"' in stand_in.cells[1].source  # PNG and SVG each
        total_charts += len(namespace["CHART_SIZES"])
        total_tables += namespace["TABLES"]
    assert total_charts == len(list((reports / "figures").glob("*.png"))) >= 5
    assert total_tables == len(list((reports / "tables").glob("*.csv"))) >= 5
