"""Issue 17, kind 9: every committed file under reports/ is checked against what its notebook produced.

nbval compares the executed notebooks' outputs; this test compares every other file: a report's page
and exports against the digests its notebook recorded, the site's pages against the pages the site
writes from the reports now. Hand edits of a page, a landing page or an export fail it (planted below).
"""

from __future__ import annotations

import shutil

import pytest

from helpers.build import verify
from helpers.core import paths

pytestmark = pytest.mark.reports

MAKE_REPORTS = "run `make reports` (REPORTS_ARGS=--force if nothing changed) and commit reports/"


def test_every_committed_file_is_what_the_runner_wrote():
    problems = verify.committed_problems(paths.REPORTS_DIR)
    assert problems == [], MAKE_REPORTS + ":\n" + "\n".join(problems[:20])


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """A copy of the committed reports, edited by the tests below one file at a time."""
    target = tmp_path_factory.mktemp("committed") / "reports"
    shutil.copytree(paths.REPORTS_DIR, target)
    return target


@pytest.mark.parametrize("name", ["en/02_skills.html", "en/index.html", "nl/tables/06_audit_claims.csv",
                                  "nl/figures/07_tipping.svg", "index.html", "nl/runs.html"])
def test_a_hand_edit_of_any_committed_file_is_named(copy, name):
    path = copy / name
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"5", b"6", 1))
        assert original != path.read_bytes()
        problems = verify.committed_problems(copy)
        assert any(str(path) in problem for problem in problems), problems
    finally:
        path.write_bytes(original)
    assert verify.committed_problems(copy) == []


def test_a_stray_or_missing_file_is_named(copy):
    stray = copy / "en" / "tables" / "added_by_hand.csv"
    stray.write_text("a\n1\n", encoding="utf-8")
    export = copy / "nl" / "tables" / "tipping_points.csv"
    kept = export.read_bytes()
    export.unlink()
    folder = copy / "xx"
    folder.mkdir()
    (folder / "a.html").write_text("<p>a</p>", encoding="utf-8")
    try:
        problems = verify.committed_problems(copy)
        assert any(str(stray) in p and "written by no report" in p for p in problems), problems
        assert any(str(folder / "a.html") in p and "holds no report" in p for p in problems), problems
        assert any(str(export) in p and "missing" in p for p in problems), problems
    finally:
        stray.unlink()
        export.write_bytes(kept)
        shutil.rmtree(folder)
