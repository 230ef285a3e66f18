"""Time ``make reports`` against the floor of the stack on this machine, in one run (``make bench``).

Three timings, each of the same number of notebook renders (every notebook x every parameter set of
``reports.yml``), all written into a temporary folder (the committed ``reports/`` is never touched):

* reports: ``python -m helpers.build.runner`` on ``notebooks/``, exactly what ``make reports`` runs.
* floor:   the same runner, workers, config and HTML step on stand-in notebooks, one per notebook,
  that import the stack (pandas, matplotlib, seaborn, statsmodels.stats.proportion) and, with plain
  matplotlib/seaborn, draw as many charts as that notebook's committed report shows, at the same
  pixel sizes, each saved as PNG and SVG and shown inline, and write as many tables. Everything
  but the statistics and layout is shared, so ``reports / floor`` and the per-notebook excess
  isolate what our notebooks cost beyond kernel start, imports, charts, tables and HTML.
* naive:   one ``papermill`` CLI call per render in a sequential shell loop (no HTML at all), the
  way one would do it without the runner.
* no-change: the runner again on the reports it has just rendered, nothing changed: what
  ``make reports`` costs on an unchanged tree (it checks every report's inputs and renders none).

The machine's speed drifts, so compare ratios from one run, not absolute times. The last line is
``ratio X``: reports time / floor time with two decimals (medians over ``--repeat`` rounds). The
line before it gives the same ratio in CPU seconds of all processes (runner, workers, kernels),
which other work on a shared machine disturbs much less than wall-clock time.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout even without the editable install

from helpers.build.cli import DEFAULT_CONFIG, load_config, positive_int  # noqa: E402
from helpers.core import paths  # noqa: E402

FLOOR_CELL = """\
import io
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
import statsmodels.stats.proportion as proportion
from IPython.display import Image, display
from helpers.core import paths

CHART_SIZES = {sizes!r}  # (width, height) in pixels at 150 dpi, as the report's own charts
TABLES = {tables!r}
STEM = {stem!r}  # exports carry the notebook's name, as the reports' own names are unique within a set
figures, tables = paths.output_dir() / "figures", paths.output_dir() / "tables"
figures.mkdir(parents=True, exist_ok=True)
tables.mkdir(parents=True, exist_ok=True)
low, high = proportion.proportion_confint(46, 100, alpha=0.05, method="wilson")
frame = pd.DataFrame({{"answer": ["a", "b", "c", "d", "e"], "share": [0.46, 0.35, 0.04, 0.14, 0.01]}})
for index, (width, height) in enumerate(CHART_SIZES):
    fig, ax = plt.subplots(figsize=(width / 150, height / 150), dpi=150)
    sns.barplot(data=frame, x="share", y="answer", ax=ax)
    ax.errorbar([0.46], [0], xerr=[[0.46 - low], [high - 0.46]], fmt="none", color="black")
    for fmt in ("png", "svg"):
        fig.savefig(figures / f"floor_{{STEM}}_{{index}}.{{fmt}}", format=fmt, dpi=150)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    plt.close(fig)
    display(Image(data=buffer.getvalue(), width=900))
for index in range(TABLES):
    frame.to_csv(tables / f"floor_{{STEM}}_{{index}}.csv", index=False)"""


def report_charts(report: Path) -> list[tuple[int, int]]:
    """(width, height) in pixels of every PNG a committed report shows, in order (from the PNG header)."""
    sizes = []
    for cell in nbformat.read(report, as_version=4).cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                header = base64.b64decode(png)[16:24]
                sizes.append((int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")))
    return sizes


def report_tables(reports: Path, stems: list[str]) -> dict[str, int]:
    """Tables per notebook in a committed report set: those whose name the report mentions
    (``tables/<name>.csv``) or that start with its stem; the few no report names are counted one each
    to the notebooks in order, so the floor writes as many tables in all as the reports."""
    names = {path.name for path in (reports / "tables").glob("*.csv")}
    counts, taken = {}, set()
    for stem in stems:
        text = (reports / f"{stem}.ipynb").read_text(encoding="utf-8")
        own = {name for name in names if f"tables/{name}" in text or name.startswith(stem)} - taken
        counts[stem], taken = len(own), taken | own
    for index, _ in enumerate(sorted(names - taken)):
        counts[stems[index % len(stems)]] += 1
    return counts


def floor_notebook(real: Path, folder: Path, reports: Path | None = None) -> Path:
    """A stand-in for a real notebook: its parameters cell (same checks pass), then plain matplotlib/seaborn
    drawing as many charts as its committed report shows, at the same pixel sizes, each saved as PNG and SVG
    and shown, and writing as many tables (from the first set of reports.yml, ``reports/<set>``)."""
    reports = reports or paths.PROJECT_ROOT / "reports" / next(iter(load_config(DEFAULT_CONFIG)))
    stems = sorted(path.stem for path in reports.glob("*.ipynb"))
    source = nbformat.read(real, as_version=4)
    parameters = next(cell for cell in source.cells if "parameters" in cell.metadata.get("tags", []))
    notebook = nbformat.v4.new_notebook(metadata=source.metadata)
    cell = FLOOR_CELL.format(sizes=report_charts(reports / f"{real.stem}.ipynb"),
                             tables=report_tables(reports, stems).get(real.stem, 0), stem=real.stem)
    notebook.cells = [nbformat.v4.new_code_cell(parameters.source, metadata={"tags": ["parameters"]}),
                      nbformat.v4.new_code_cell(cell)]
    path = folder / real.name
    nbformat.write(notebook, path)
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str] | None = None, expect: str = "") -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one command; stop the benchmark if it fails or its output lacks ``expect``.

    The CPU seconds are those of the command and every process it started and waited for (workers,
    kernels): on a machine shared with other work, the CPU ratio moves much less than the wall-clock one.
    """
    started, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed, used = time.perf_counter() - started, _children_cpu() - cpu
    if result.returncode != 0 or expect not in result.stdout:
        sys.exit(f"bench: {shlex.join(command)} failed with exit code {result.returncode}"
                 f"{f' or did not say {expect!r}' if expect else ''}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, used


def runner_command(notebooks: Path, out: Path, workers: int) -> list[str]:
    """``make reports`` with another notebooks folder and output folder."""
    return [sys.executable, "-m", "helpers.build.runner", "--workers", str(workers),
            "--notebooks", str(notebooks), "--out", str(out)]


def naive_loop(notebooks: list[Path], sets: dict[str, dict], out: Path) -> str:
    """A shell loop running the papermill CLI once per render, one after the other."""
    papermill = Path(sys.executable).with_name("papermill")
    lines = []
    for set_name, values in sets.items():
        folder = out / set_name
        options = " ".join(f"-p {shlex.quote(name)} {shlex.quote(str(value))}" for name, value in values.items())
        lines.append(f"mkdir -p {shlex.quote(str(folder))}")
        lines.append(f"export DIGIVAARDIG_OUTPUT={shlex.quote(str(folder))}")
        names = " ".join(shlex.quote(str(notebook)) for notebook in notebooks)
        lines.append(f"for nb in {names}; do {shlex.quote(str(papermill))} --no-progress-bar \"$nb\" "
                     f"{shlex.quote(str(folder))}/$(basename \"$nb\") {options} || exit 1; done")
    return "set -e\n" + "\n".join(lines)


def notebook_durations(scratch: Path, rounds: int) -> dict[str, tuple[float, float]]:
    """{notebook stem: (reports seconds, floor seconds)}: medians over sets and rounds of the render
    durations each runner recorded in its ``durations.json`` ("<set>/<stem>": seconds)."""
    seconds: dict[str, dict[str, list[float]]] = {}
    for round_ in range(rounds):
        for kind in ("reports", "floor"):
            recorded = json.loads((scratch / f"round-{round_}" / kind / "durations.json").read_text(encoding="utf-8"))
            for key, value in recorded.items():
                seconds.setdefault(key.split("/", 1)[1], {}).setdefault(kind, []).append(float(value))
    return {stem: (statistics.median(kinds.get("reports", [0.0])), statistics.median(kinds.get("floor", [0.0])))
            for stem, kinds in sorted(seconds.items())}


def main(argv: list[str] | None = None) -> int:
    """Time reports, floor and naive loop ``--repeat`` times each and print medians, then ``ratio X``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                        help="runner workers for both the reports and the floor (default: CPUs)")
    parser.add_argument("--repeat", type=positive_int, default=3, help="rounds to run; medians are reported (default 3)")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the slow sequential papermill loop")
    args = parser.parse_args(argv)

    notebooks = sorted(path for path in paths.NOTEBOOKS_DIR.glob("*.ipynb") if not path.name.startswith("."))
    sets = load_config(DEFAULT_CONFIG)
    renders = len(notebooks) * len(sets)
    runs: dict[str, list[tuple[float, float]]] = {"reports": [], "no-change": [], "floor": [], "naive": []}
    with tempfile.TemporaryDirectory(prefix="digivaardig-bench-") as scratch:
        scratch = Path(scratch)
        floor = scratch / "floor-notebooks"
        floor.mkdir()
        for notebook in notebooks:
            floor_notebook(notebook, floor)
        for round_ in range(args.repeat):
            out = scratch / f"round-{round_}"
            runs["reports"].append(timed(runner_command(paths.NOTEBOOKS_DIR, out / "reports", args.workers)))
            runs["no-change"].append(timed(runner_command(paths.NOTEBOOKS_DIR, out / "reports", args.workers),
                                           expect="nothing to render"))
            runs["floor"].append(timed(runner_command(floor, out / "floor", args.workers)))
            if not args.skip_naive:
                env = {**os.environ, "PYTHONWARNINGS": "ignore"}
                runs["naive"].append(timed(["bash", "-c", naive_loop(notebooks, sets, out / "naive")], env=env))
        per_notebook = notebook_durations(scratch, args.repeat)
    times = {key: [wall for wall, _ in values] for key, values in runs.items()}

    rows = [
        ("reports", f"runner on notebooks/, {args.workers} workers, with HTML (make reports)"),
        ("no-change", "the same command again on its own output: inputs unchanged, nothing rendered"),
        ("floor", f"runner on stand-ins drawing the reports' charts and tables, {args.workers} workers, with HTML"),
        ("naive", "papermill CLI per notebook, sequential shell loop, no HTML"),
    ]
    print(f"{renders} renders each ({len(notebooks)} notebooks x {len(sets)} sets), "
          f"median of {args.repeat} round(s)")
    print(f"{'what':<9} {'seconds':>8} {'per render':>10}  how")
    for key, how in rows:
        if times[key]:
            seconds = statistics.median(times[key])
            print(f"{key:<9} {seconds:8.1f} {seconds / renders:10.2f}  {how}")
    full, unchanged = statistics.median(times["reports"]), statistics.median(times["no-change"])
    print(f"no-change / reports = {unchanged / full:.3f}: an unchanged tree costs {unchanged:.1f} s "
          f"instead of {full:.1f} s")
    print("ratio = reports / floor: same runner, workers and HTML step, so it isolates our notebooks' own cost")
    cpu = {key: statistics.median(used for _, used in runs[key]) for key in ("reports", "floor")}
    print(f"cpu seconds (all processes): reports {cpu['reports']:.1f}, floor {cpu['floor']:.1f}, "
          f"cpu ratio {cpu['reports'] / cpu['floor']:.2f} (steadier than wall-clock on a shared machine)")
    print("per notebook, seconds per render in its worker (median over sets and rounds): where the excess is")
    print(f"{'notebook':<16} {'reports':>8} {'floor':>6} {'over floor':>10}")
    for stem, (report_seconds, floor_seconds) in per_notebook.items():
        print(f"{stem:<16} {report_seconds:8.1f} {floor_seconds:6.1f} {report_seconds - floor_seconds:10.1f}")
    print(f"ratio {statistics.median(times['reports']) / statistics.median(times['floor']):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
