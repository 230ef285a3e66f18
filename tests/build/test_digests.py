"""The incremental render digests the analysis packages, not the build side (issue 18): an edit to the
runner alone makes no report stale; an edit to the statistics makes every report that imports it stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.build import inputs
from helpers.core import paths


def labels() -> set[str]:
    return {path.relative_to(paths.PACKAGE_DIR).as_posix() for path in inputs.package_files()}


def test_the_digested_code_is_the_analysis_and_the_page_template():
    found = labels()
    assert {"inference/stats.py", "core/data.py", "audit/claims.py", "sensitivity/multiverse.py",
            "words/labels.py", "display/report.py", "__init__.py"} <= found
    page_makers = ("build/templates/", "build/chrome.py", "build/claimreview.py")  # they shape every page
    assert not any(label.startswith("build/") and not label.startswith(page_makers) for label in found)
    assert any(label.startswith("build/templates/") for label in found)


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "helpers"
    shutil.copytree(paths.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE_DIR", copy)
    return copy


@pytest.mark.parametrize("module", ["runner.py", "cli.py", "plan.py", "site.py", "lifecycle.py", "inputs.py"])
def test_a_build_only_edit_changes_no_digest(package_copy, module):
    before = inputs.shared_digests()
    with (package_copy / "build" / module).open("a", encoding="utf-8") as handle:
        handle.write("\n# an edit of the runner alone\n")
    assert inputs.changes(before, inputs.shared_digests()) == []


@pytest.mark.parametrize("module", ["inference/stats.py", "core/params.py", "audit/claims.py", "words/labels.py",
                                    "display/plots.py", "build/templates"])
def test_an_analysis_or_template_edit_changes_its_digest(package_copy, module):
    before = inputs.shared_digests()
    target = package_copy / module
    if target.is_dir():
        target = sorted(path for path in target.rglob("*") if path.is_file())[0]
    with target.open("a", encoding="utf-8") as handle:
        handle.write("\n# an edit\n")
    changed = inputs.changes(before, inputs.shared_digests())
    assert changed and all(target.name in label for label in changed), changed


@pytest.mark.parametrize("module", ["chrome.py", "claimreview.py", "templates"])
def test_the_build_code_that_shapes_every_page_counts(module):
    """The page chrome and the ClaimReview markup are written into every page by the worker: an edit to them
    must re-render the reports, as an edit to the template does."""
    from helpers.build import inputs
    from helpers.core import paths

    kept = {path.relative_to(paths.PACKAGE_DIR).parts for path in inputs.package_files()}
    assert any(parts[:2] == ("build", module) for parts in kept), module
    assert not any(parts[:2] == ("build", "runner.py") for parts in kept)
