"""Is every committed file under ``reports/`` what the runner wrote? (issue 17, kind 9)

nbval re-runs each executed notebook and compares its outputs, but a hand edit of a page, an export
or a landing page passed ``make test``. Each good run's notebook records the SHA-256 of the page and
of every export it put in place with it (:func:`helpers.build.inputs.record_report`); the site's pages
are derived from what is on disk (:func:`helpers.build.site.write`). So:

* a report's page or export whose bytes differ from the digest its notebook recorded was edited;
* a file in a set's folder that no report recorded (and that is not a site page, a notebook or a
  failed run's files) was not written by this runner;
* a site page (``index.html``, ``<set>/index.html``, ``<set>/runs.html``) that differs from the one
  the site would write now from the committed reports was edited, or is stale.

:func:`committed_problems` names each, as a sentence; an empty list means every file checks out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import site
from .inputs import folder_records
from .jobs import FAILED_SUFFIX

SITE_PAGES = ("index.html", "runs.html")
UNCHECKED = {"interactive"}  # make lab's own outputs (git-ignored), not the runner's
BOOKKEEPING = {"state.json", "durations.json"}  # the runner's own records (state.json: see publish.read_index)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def report_problems(folder: Path) -> list[str]:
    """The edited, missing and unrecorded files of one set's folder (see the module docstring)."""
    problems = []
    known = {name for failed in folder.glob(f"*{FAILED_SUFFIX}.ipynb")
             for name in (failed.name, failed.with_suffix(".html").name)}
    for notebook, files in folder_records(folder).items():
        known.add(notebook.name)
        if files is None:
            problems.append(f"{notebook}: records no digests of its page and exports (render it again)")
            continue
        for name, digest in files.items():
            known.add(name)
            path = folder / name
            if not path.is_file():
                problems.append(f"{path}: missing (its report {notebook.name} wrote it)")
            elif _sha256(path) != digest:
                problems.append(f"{path}: differs from what its report {notebook.name} wrote (edited by hand?)")
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name not in known and name not in SITE_PAGES and not path.name.startswith("."):
            problems.append(f"{path}: written by no report of this folder (left over, or added by hand)")
    return problems


def committed_problems(out: Path) -> list[str]:
    """Every problem of the reports folder ``out``: each set's files against its notebooks' digests, and the
    site's pages against the pages the site writes from them now. Empty when everything checks out."""
    problems = []
    sets = sorted(folder for folder in out.iterdir() if folder.is_dir() and any(folder.glob("*.ipynb")))
    for folder in sets:
        problems += report_problems(folder)
    pages: dict[Path, str] = {}
    site.write(out, pages.__setitem__)
    for path, text in sorted(pages.items()):
        if not path.is_file():
            problems.append(f"{path}: missing (run `make reports`)")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path}: differs from the page the site writes from the reports (edited, or stale: "
                            "run `make reports`)")
    for path in sorted(p for p in out.iterdir() if p.is_file()):
        if path.name not in BOOKKEEPING and path not in pages:
            problems.append(f"{path}: written by no report or site page")
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and p not in sets and p.name not in UNCHECKED):
        problems += [f"{path}: in a folder that holds no report (left over, or added by hand)"
                     for path in sorted(folder.rglob("*")) if path.is_file()]
    return problems
