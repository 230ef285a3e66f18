"""A stop while a report with hundreds of exports is being published (issue 17, kind 1).

A report's page, notebook and every export are one unit. The runner is stopped at many points of
publishing a new version (B) of a report over an earlier one (A): ``kill -9`` of the runner and
its worker before the Nth rename, or SIGTERM to the runner (which terminates its workers) while
the Nth rename is due. After any stop the next run must leave the whole unit at version B: it
either finds it complete (and says up to date) or knows it is stale and renders it; never a mix.

The stop is injected by a ``sitecustomize`` hook on ``PYTHONPATH`` (so the spawned worker loads it):
it wraps ``os.replace`` in the worker and fires at the Nth rename into the report folder.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest

from helpers.build import runner
from helpers.build.publish import read_index
from test_runner import arguments, project, write_notebook

EXPORTS = 200  # enough to stop mid-exports; each one costs a write, a link and a rename per run
EXPORT = """\
from helpers.core import paths
tables = paths.output_dir() / "tables"
tables.mkdir(parents=True, exist_ok=True)
for number in range({exports}):
    (tables / f"t{{number:04d}}.csv").write_text("{version},{{}}\\n".format(number), encoding="utf-8")
print("{version}")"""
HOOK = '''\
import os

if os.environ.get("DIGIVAARDIG_STOP_AT"):
    import multiprocessing
    import signal
    import time

    _how, _at = os.environ["DIGIVAARDIG_STOP_AT"].split(":")
    _replace, _count = os.replace, [0]

    def _stopping_replace(source, target, *args, **kwargs):
        if multiprocessing.current_process().name != "MainProcess" and ".staging-" not in str(target):
            _count[0] += 1
            if _count[0] == int(_at):
                if _how == "kill":
                    os.kill(os.getppid(), signal.SIGKILL)
                    os.kill(os.getpid(), signal.SIGKILL)
                os.kill(os.getppid(), signal.SIGTERM)  # the runner then sends SIGTERM to this worker
                time.sleep(1)                           # ... which arrives while this report is half-moved
        return _replace(source, target, *args, **kwargs)

    os.replace = _stopping_replace
'''


def write_version(notebooks: Path, version: str) -> None:
    write_notebook(notebooks, "01_many", EXPORT.format(exports=EXPORTS, version=version))


@pytest.fixture(scope="module")
def version_a(tmp_path_factory) -> Path:
    """A project whose one report (EXPORTS exports) is rendered at version A, its notebook now at B."""
    root = tmp_path_factory.mktemp("stops") / "a"
    notebooks, config, out = project(root, "sets:\n  nl:\n    lang: nl\n")
    write_version(notebooks, "A")
    assert runner.main(arguments(notebooks, config, out)) == 0
    write_version(notebooks, "B")
    hook = root.parent / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent(HOOK), encoding="utf-8")
    return root


def unit_versions(out: Path) -> set[str]:
    """The versions found in the report's notebook, page and every export."""
    folder = out / "nl"
    found = {nbformat.read(folder / "01_many.ipynb", as_version=4).cells[-1].outputs[0].text.strip()}
    page = (folder / "01_many.html").read_text(encoding="utf-8")
    found |= {version for version in "AB" if f"<pre>{version}\n</pre>" in page}
    exports = sorted((folder / "tables").iterdir())
    assert len(exports) == EXPORTS
    found |= {path.read_text(encoding="utf-8").split(",")[0] for path in exports}
    return found


def test_the_fixture_tells_the_versions_apart(version_a):
    assert unit_versions(version_a / "reports") == {"A"}


# before the first export, mid-exports, before the page, before the notebook (the last rename); SIGTERM
# before the first export and before the page
@pytest.mark.parametrize("stop", ["kill:1", f"kill:{EXPORTS // 2}", f"kill:{EXPORTS + 1}", f"kill:{EXPORTS + 2}",
                                  "term:1", f"term:{EXPORTS + 1}"])
def test_after_any_stop_during_publishing_the_next_run_leaves_one_whole_unit(version_a, tmp_path, monkeypatch, stop):
    root = tmp_path / "copy"
    shutil.copytree(version_a, root, symlinks=True)
    notebooks, config, out = root / "notebooks", root / "reports.yml", root / "reports"
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(version_a.parent / "hook"),
                                                                 os.environ.get("PYTHONPATH", "")]),
                   "DIGIVAARDIG_STOP_AT": stop}
    stopped = subprocess.run([sys.executable, "-m", "helpers.build.runner", *arguments(notebooks, config, out)],
                             env=environment, capture_output=True, text=True, timeout=300)
    assert stopped.returncode in (-9, 143), (stopped.returncode, stopped.stdout, stopped.stderr)
    assert runner.main(arguments(notebooks, config, out)) in (0,)
    assert unit_versions(out) == {"B"}
    leftovers = [path.name for path in out.rglob(".*")]
    assert not leftovers, leftovers


EXPORTS_BY_PARAMETER = '''import os, pathlib
tables = pathlib.Path(os.environ["DIGIVAARDIG_OUTPUT"]) / "tables"
tables.mkdir(parents=True, exist_ok=True)
(tables / "base.csv").write_text("a\\n1\\n")
if confidence < 0.95:
    (tables / "extra.csv").write_text("b\\n2\\n")
'''


def test_a_runner_killed_after_a_report_was_published_leaves_no_lie_and_no_orphan(tmp_path):
    """The breaker's fault E: kill -9 of the runner after a worker had published a report, before the runner
    rewrote state.json. Simulated exactly: the state file of the earlier run is put back after the run.
    The executed notebook (which goes into place with its exports) names them, so the next run's index
    describes the report on disk, and a later good run removes the export it no longer makes."""
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl, confidence: 0.95}\n")
    write_notebook(notebooks, "01_exports", EXPORTS_BY_PARAMETER)
    assert runner.main(arguments(notebooks, config, out)) == 0
    old_state = (out / "state.json").read_bytes()
    assert read_index(out)["nl/01_exports"]["exports"] == ["tables/base.csv"]
    config.write_text("sets:\n  nl: {lang: nl, confidence: 0.9}\n", encoding="utf-8")
    assert runner.main(arguments(notebooks, config, out)) == 0
    assert (out / "nl" / "tables" / "extra.csv").is_file()
    (out / "state.json").write_bytes(old_state)  # the runner "died" before writing its state
    # an up-to-date run: nothing renders, and the index now describes the report on disk
    assert runner.main(arguments(notebooks, config, out)) == 0
    entry = read_index(out)["nl/01_exports"]
    assert entry["exports"] == ["tables/base.csv", "tables/extra.csv"]
    assert ["confidence", "0.9"] in entry["parameters"]
    assert "confidence = 0.9" in (out / "nl" / "runs.html").read_text(encoding="utf-8")
    # the same stop once more, then a good run that no longer exports extra.csv: it goes
    (out / "state.json").write_bytes(old_state)
    config.write_text("sets:\n  nl: {lang: nl, confidence: 0.95}\n", encoding="utf-8")
    assert runner.main(arguments(notebooks, config, out)) == 0
    assert not (out / "nl" / "tables" / "extra.csv").exists()
    assert read_index(out)["nl/01_exports"]["exports"] == ["tables/base.csv"]


def test_exports_a_killed_run_no_longer_made_are_removed_by_the_next_run(tmp_path):
    """The breaker's fault E': a run that drops an export is killed after its report was published, before
    it tidied up (simulated exactly: the dropped export and the earlier state are put back). The next run,
    even one with nothing to render, removes the file no report records."""
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl, confidence: 0.9}\n")
    write_notebook(notebooks, "01_exports", EXPORTS_BY_PARAMETER)
    assert runner.main(arguments(notebooks, config, out)) == 0
    extra = out / "nl" / "tables" / "extra.csv"
    kept, old_state = extra.read_bytes(), (out / "state.json").read_bytes()
    config.write_text("sets:\n  nl: {lang: nl, confidence: 0.95}\n", encoding="utf-8")
    assert runner.main(arguments(notebooks, config, out)) == 0
    assert not extra.exists()
    extra.write_bytes(kept)  # the runner "died" before removing it and writing its state
    (out / "state.json").write_bytes(old_state)
    assert runner.main(arguments(notebooks, config, out)) == 0  # nothing to render
    assert not extra.exists()
    assert read_index(out)["nl/01_exports"]["exports"] == ["tables/base.csv"]
