"""scripts/bench.py's own arithmetic (its timings are measured by `make bench`, never by a test)."""

from __future__ import annotations

import importlib.util
import json
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


def test_a_floor_notebook_keeps_the_real_parameters_cell_and_draws_one_chart(tmp_path):
    real = ROOT / "notebooks" / "07_multiverse.ipynb"
    stand_in = nbformat.read(bench.floor_notebook(real, tmp_path), as_version=4)
    parameters = next(c for c in nbformat.read(real, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
    assert [cell.source for cell in stand_in.cells] == [parameters.source, bench.FLOOR_CELL]
    assert stand_in.cells[0].metadata["tags"] == ["parameters"]
