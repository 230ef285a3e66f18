"""The runner under faults of the machine and of YAML: a full disk while publishing, a fractional
--timeout, config values YAML reads as text or booleans, and --only on a fresh output folder.

A full disk is simulated without root: :func:`helpers.build.publish._step` (the one point every
step of publishing goes through: mkdir, write, link, rename, unlink) raises ``OSError(ENOSPC)`` on
its Nth call. The property is checked for every N of the publishing sequence: the folder then
holds exactly the earlier report (every file byte for byte, no temporary file), and without a fault
exactly the new one; never a mix.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.build import publish as runner_publish, runner
from helpers.build.cli import EXIT_OK, EXIT_USAGE, timeout_seconds
from helpers.build.jobs import Failure
from helpers.build.plan import NOT_RENDERED
from helpers.build.publish import read_index, write_atomic
from helpers.build.jobs import Job
from test_runner import arguments, project, write_notebook

OLD, NEW = b"earlier good run", b"this run"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but a job's staging folder (hidden ones too: a leftover temporary
    file is a fault): path -> bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and ".staging-" not in path.as_posix()}


def folders(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_dir() and ".staging-" not in path.as_posix())


class FullDisk:
    """Replaces ``runner_publish._step``: the ``fail_at``-th step raises ENOSPC, the others run."""

    def __init__(self, fail_at: int | None) -> None:
        self.fail_at, self.steps = fail_at, 0

    def __call__(self, operation, *args):
        self.steps += 1
        if self.steps == self.fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        return operation(*args)


def notebook_node(text: str):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text)]
    return notebook


def earlier_report(root: Path, failed_beside: bool) -> tuple[Job, Path]:
    """A set folder holding an earlier good report with exports (and a failed run beside it), and the
    staging folder of a new run whose exports replace one, add one and add one in a new subfolder."""
    folder = root / "out" / "en"
    (folder / "figures").mkdir(parents=True)
    (folder / "tables").mkdir()
    runner_publish.write_atomic(folder / "01_sample.ipynb", nbformat.writes(notebook_node("old")) + "\n")
    (folder / "01_sample.html").write_bytes(OLD)
    (folder / "figures" / "q1.png").write_bytes(OLD)
    (folder / "tables" / "q1.csv").write_bytes(OLD)
    (folder / "02_other.html").write_bytes(OLD)  # another report: never touched
    if failed_beside:
        (folder / "01_sample.failed.ipynb").write_bytes(OLD)
        (folder / "01_sample.failed.html").write_bytes(OLD)
    staging = folder / ".staging-01_sample-1"
    for name in ("figures/q1.png", "figures/q2.png", "tables/by_group/q1.csv"):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(NEW + name.encode())
    job = Job(set_name="en", notebook=root / "notebooks" / "01_sample.ipynb", parameters={}, shown_parameters=(),
              folder=folder, input_label="notebooks/01_sample.ipynb", output_label="en/01_sample.ipynb")
    return job, staging


def publish_with(monkeypatch, root: Path, fail_at: int | None, failed: bool, failed_beside: bool):
    """Publish a new run over an earlier report, the ``fail_at``-th step failing; the folder's files
    and subfolders before and after (the staging folder removed as the worker removes it), the
    error (None) and the number of steps."""
    job, staging = earlier_report(root, failed_beside)
    before, before_folders = tree(job.folder), folders(job.folder)
    disk = FullDisk(fail_at)
    monkeypatch.setattr(runner_publish, "_step", disk)
    error = None
    try:
        runner_publish.publish(job, notebook_node("new"), "new page", staging, failed=failed)
    except runner_publish.PublishError as raised:
        error = raised
    shutil.rmtree(staging)  # helpers.build.lifecycle.job_folders removes it after every job
    return (before, before_folders), (tree(job.folder), folders(job.folder)), error, disk.steps


@pytest.mark.parametrize("failed, failed_beside", [(False, True), (False, False), (True, False)],
                         ids=["good-run-over-a-failed-one", "good-run", "failed-run"])
def test_a_full_disk_at_any_step_of_publishing_keeps_the_earlier_report_exactly(tmp_path, monkeypatch,
                                                                              failed, failed_beside):
    (old, old_folders), (new, new_folders), error, steps = publish_with(
        monkeypatch, tmp_path / "clean", None, failed, failed_beside)
    assert error is None
    stem = "01_sample.failed" if failed else "01_sample"
    assert new[f"{stem}.html"] == b"new page" and b'"new"' in new[f"{stem}.ipynb"]
    if failed:  # the good report and its exports stay; the failed run's exports are dropped
        assert {name: new[name] for name in old} == old and "figures/q2.png" not in new
    else:
        assert new["figures/q1.png"] == NEW + b"figures/q1.png" and new["tables/q1.csv"] == OLD
        assert new["tables/by_group/q1.csv"] == NEW + b"tables/by_group/q1.csv"
        assert "01_sample.failed.html" not in new and "01_sample.failed.ipynb" not in new
    assert not [name for name in new if name.rsplit("/", 1)[-1].startswith(".")]  # no temporary file left
    assert steps >= (4 if failed else 10)  # folders, two files written, files kept aside, renames: each a fault position
    for fail_at in range(1, steps + 1):
        (old, old_folders), (after, after_folders), error, _ = publish_with(
            monkeypatch, tmp_path / f"fault{fail_at}", fail_at, failed, failed_beside)
        assert error is not None, fail_at
        assert after == old and after_folders == old_folders, fail_at  # the earlier report, byte for byte
        message = str(error)
        assert message.startswith("No space left on device: " + str(tmp_path / f"fault{fail_at}" / "out" / "en")), \
            message
        named = Path(message.split(": ", 1)[1]).relative_to(tmp_path / f"fault{fail_at}" / "out" / "en").as_posix()
        assert named in {*new, *old, *new_folders}, message  # a file or folder of the report, not a temporary name


def test_a_full_disk_while_writing_the_site_keeps_every_earlier_page(tmp_path, monkeypatch):
    """Index, landing and run pages and durations.json are replaced all together or not at all."""
    out = tmp_path / "out"
    for set_name in ("en", "nl"):
        folder = out / set_name
        folder.mkdir(parents=True)
        notebook = nbformat.v4.new_notebook()
        parameters = nbformat.v4.new_code_cell(f'lang = "{set_name}"')
        parameters.metadata["tags"] = ["parameters"]
        notebook.cells = [nbformat.v4.new_markdown_cell("# Sample"), parameters]
        nbformat.write(notebook, folder / "01_sample.ipynb")
        (folder / "01_sample.html").write_text("page", encoding="utf-8")
    entries = [{"set": set_name, "notebook": "01_sample", "status": "ok", "exports": [], "duration": 1.0,
                "files": [f"{set_name}/01_sample.html"]} for set_name in ("en", "nl")]
    runner_publish.write_index(out, entries, ["en", "nl"])
    old = tree(out)
    assert {"index.html", "durations.json", "en/index.html", "en/runs.html", "nl/runs.html"} <= set(old)
    changed = [{**entry, "duration": 2.0, "status": "failed"} for entry in entries]
    disk = FullDisk(None)
    monkeypatch.setattr(runner_publish, "_step", disk)
    runner_publish.write_index(out, changed, ["en", "nl"])
    new, steps = tree(out), disk.steps
    assert new != old
    for fail_at in range(1, steps + 1):
        for path, payload in old.items():
            (out / path).write_bytes(payload)
        monkeypatch.setattr(runner_publish, "_step", FullDisk(fail_at))
        with pytest.raises(runner_publish.PublishError, match=f"No space left on device: {out}/"):
            runner_publish.write_index(out, changed, ["en", "nl"])
        assert tree(out) == old, fail_at


def test_a_run_not_published_names_the_file_and_whether_the_earlier_report_stays(tmp_path):
    from helpers.build.worker import _not_published

    job, _ = earlier_report(tmp_path, failed_beside=False)
    error = runner_publish.PublishError(f"No space left on device: {job.folder / '01_sample.html'}")
    failure = _not_published(job, None, error)
    assert failure.describe() == (f"OSError: No space left on device: {job.folder / '01_sample.html'}; "
                                  "the earlier report is kept as it was")
    (job.folder / "01_sample.html").unlink()
    assert _not_published(job, None, error).describe().endswith("; nothing was written")
    failed = _not_published(job, Failure("ValueError", "broken", 3, 3, "raise x"), error)
    assert failed.describe() == ("cell 3 (In [3]) `raise x` raised ValueError: broken; its executed notebook "
                                 f"could not be kept: No space left on device: {job.folder / '01_sample.html'}")


# ---------------------------------------------------------------- --timeout


@pytest.mark.parametrize("text, seconds", [("0.5", 1), ("1e-9", 1), ("2", 2), ("2.0", 2), ("2.01", 3),
                                           ("600", 600), ("0", None), ("0.0", None)])
def test_timeout_is_whole_seconds_rounded_up(text, seconds):
    value = timeout_seconds(text)
    assert value == seconds and (value is None or type(value) is int)


def test_help_says_a_fractional_timeout_is_rounded_up(capsys):
    assert runner.main(["--help"]) == EXIT_OK
    assert "a fraction is rounded up (0.5 allows 1 s)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("timeout", ["1.5", "3"])
def test_a_fractional_or_whole_timeout_renders_and_a_fresh_folder_says_not_rendered_yet(tmp_path, capsys, timeout):
    """End to end: nbclient gets whole seconds (a float was a TraitError in every notebook); with a
    fresh --out the reports --only leaves out are 'not rendered yet', not 'out of date'."""
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    write_notebook(notebooks, "01_quick", "x = 1", "print(x)")
    write_notebook(notebooks, "02_other", "y = 2")
    assert runner.main(arguments(notebooks, config, out, "--timeout", timeout, "--only", "01_quick")) == EXIT_OK
    console = capsys.readouterr().out
    assert "1 ok, 0 failed" in console, console
    assert "not rendered yet, left out by --only: nl/02_other" in console and "out of date" not in console, console
    assert read_index(out)["nl/01_quick"]["status"] == "ok"
    assert nbformat.read(out / "nl" / "01_quick.ipynb", as_version=4).cells[-1].outputs[0].text == "1\n"


def test_stale_note_tells_not_rendered_from_out_of_date():
    note = runner.stale_note({"nl/02_a": "changed: notebook", "nl/03_b": NOT_RENDERED,
                              "en/02_a": "its last run failed"})
    assert note == ("; out of date, left out by --only: nl/02_a, en/02_a; not rendered yet, left out by --only: "
                    "nl/03_b (run `make reports` or the runner without --only to render them)")
    assert runner.stale_note({}) == ""
    assert "out of date" not in runner.stale_note({"nl/03_b": NOT_RENDERED})


# ---------------------------------------------------------------- YAML's readings of reports.yml values


@pytest.mark.parametrize("written, hint", [
    ("confidence: 9e-1", "YAML reads 9e-1 as text; write 0.9 or 9.0e-1"),
    ("confidence: 95E-2", "YAML reads 95E-2 as text; write 0.95 or 9.5e-1"),
    ("confidence: 1e3", "YAML reads 1e3 as text; write 1000 or 1.0e+3"),
    ("lang: no", "YAML reads no as false; quote it: 'no'"),
    ("lang: Yes", "YAML reads Yes as true; quote it: 'Yes'"),
    ("lang: off", "YAML reads off as false; quote it: 'off'"),
    ("lang: ON", "YAML reads ON as true; quote it: 'ON'"),
])
def test_a_config_value_yaml_reads_as_text_or_true_false_gets_a_hint(tmp_path, capsys, written, hint):
    notebooks, config, out = project(tmp_path, sets=f"sets:\n  nl:\n    {written}\n")
    write_notebook(notebooks, "01_never_runs", "raise ValueError('must not run')")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    error = capsys.readouterr().err
    name = written.split(":")[0]
    assert f"set 'nl', notebook 01_never_runs: parameter {name}=" in error and f"({hint})" in error, error
    assert not out.exists()
    # the hint's advice works: the value written its way is read as meant
    import yaml

    advice = hint.split("write ")[-1].split(" or ") if "write" in hint else [hint.split("quote it: ")[1]]
    for text in advice:
        value = yaml.safe_load(f"{name}: {text}")[name]
        if "write" in hint:  # a number equal to what was meant
            meant = float(written.split(": ")[1])
            assert isinstance(value, (int, float)) and not isinstance(value, bool) and value == meant, (text, value)
        else:
            assert value == written.split(": ")[1], (text, value)


@pytest.mark.parametrize("written", ["lang: false", "confidence: '12'", "lang: nl_BE", "confidence: 1.5"])
def test_no_yaml_hint_where_yaml_read_what_was_written(tmp_path, capsys, written):
    notebooks, config, out = project(tmp_path, sets=f"sets:\n  nl:\n    {written}\n")
    write_notebook(notebooks, "01_never_runs", "raise ValueError('must not run')")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "is not allowed" in error and "YAML reads" not in error, error


def test_the_site_never_calls_a_report_rendered_or_links_it_when_its_page_is_missing(tmp_path):
    """Whatever subset of a report's files is on disk (a half-written folder of an older runner, a
    deleted page), the run details say 'rendered' only when notebook and page are both there, and
    the landing page links only pages that exist."""
    from itertools import product

    from bs4 import BeautifulSoup

    from helpers.build import site

    names = ("01_sample.ipynb", "01_sample.html", "01_sample.failed.ipynb", "01_sample.failed.html")
    for present in product((False, True), repeat=len(names)):
        if not (present[0] or present[2]):
            continue  # no notebook at all: no report to list
        out = tmp_path / "".join("1" if flag else "0" for flag in present)
        folder = out / "en"
        folder.mkdir(parents=True)
        notebook = nbformat.v4.new_notebook()
        parameters = nbformat.v4.new_code_cell('lang = "en"')
        parameters.metadata["tags"] = ["parameters"]
        notebook.cells = [nbformat.v4.new_markdown_cell("# Sample"), parameters]
        for name, flag in zip(names, present):
            if flag:
                (folder / name).write_text(nbformat.writes(notebook) if name.endswith(".ipynb") else "page",
                                           encoding="utf-8")
        site.write(out, write_atomic)
        runs = BeautifulSoup((folder / "runs.html").read_text(encoding="utf-8"), "html.parser")
        status = runs.select("tbody td")[1].get_text()
        complete = present[0] and present[1]
        assert (status == "rendered") == (complete and not present[2]), (present, status)
        if present[0] and not present[1] and not present[2]:
            assert status == "incomplete: its page is missing", (present, status)
        landing = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        for link in landing.select("a[href]"):
            target = link["href"].split("#")[0]
            assert (folder / target).is_file(), (present, target)


def test_the_index_is_the_same_bytes_whatever_order_the_renders_finished_in(tmp_path):
    # a fresh --out used to list reports in the order they finished: a --force render then differed from the
    # committed index only by that order
    from helpers.build.jobs import Outcome
    from helpers.build.publish import update_index

    names = [(set_name, notebook) for set_name in ("nl", "en") for notebook in ("01_a", "02_b", "03_c")]
    pages = []
    for order, folder in ((names, tmp_path / "forward"), (list(reversed(names)), tmp_path / "backward")):
        for set_name, notebook in names:
            (folder / set_name).mkdir(parents=True, exist_ok=True)
            for suffix in (".ipynb", ".html"):
                (folder / set_name / f"{notebook}{suffix}").write_text("{}", encoding="utf-8")
        outcomes = [Outcome(set_name, notebook, "ok", 1.0, [],
                            files=[f"{set_name}/{notebook}.html", f"{set_name}/{notebook}.ipynb"])
                    for set_name, notebook in order]
        pages.append(update_index(folder, outcomes, {}, ["nl", "en"]).read_bytes())
    assert pages[0] == pages[1]
