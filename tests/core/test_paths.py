"""Where interactive runs put their outputs, and what ``make clean`` removes.

An interactive run (JupyterLab, papermill by hand) exports into ``reports/interactive/<run name>/``,
named by the notebook and the parameters that differ from the defaults, so two runs with other
parameters never overwrite each other's files; ``make clean`` removes that folder and notebook
checkpoints but never a ``reports/`` set.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import asdict

import pytest

from helpers.core import params, paths


@pytest.fixture
def interactive(monkeypatch):
    """No runner folder, no JupyterLab session: an interactive run as papermill by hand would be."""
    monkeypatch.delenv("DIGIVAARDIG_OUTPUT", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    saved = dict(paths._RUN)
    yield
    paths._RUN.clear()
    paths._RUN.update(saved)


def folder_for(**parameters) -> str:
    settings = params.validate(**parameters)
    paths.set_run(asdict(settings), params.DEFAULTS, notebook="02_skills")
    return paths.output_dir().relative_to(paths.PROJECT_ROOT).as_posix()


def test_interactive_outputs_are_named_by_notebook_and_parameters(interactive):
    assert folder_for() == "reports/interactive/02_skills"
    assert folder_for(lang="en") == "reports/interactive/02_skills--lang=en"
    assert folder_for(lang="en", confidence=0.9, dont_know="exclude") == \
        "reports/interactive/02_skills--confidence=0.9_dont_know=exclude_lang=en"


def test_every_parameter_combination_gets_its_own_folder(interactive):
    """A property over the allowed values: different settings never share a folder."""
    combinations = [dict(lang=lang, confidence=confidence, dont_know=dont_know)
                    for lang in params.LANGUAGES for confidence in (0.9, 0.95, 0.99)
                    for dont_know in params.DONT_KNOW]
    folders = [folder_for(**combination) for combination in combinations]
    assert len(set(folders)) == len(combinations)


def test_jupyterlab_names_the_notebook(interactive, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/somewhere/notebooks/04_trust.ipynb")
    paths.set_run({"lang": "en"}, params.DEFAULTS)
    assert paths.output_dir() == paths.INTERACTIVE_DIR / "04_trust--lang=en"


def test_a_session_name_beats_the_notebooks_own_name_which_beats_nothing(interactive, monkeypatch):
    # papermill started by hand sets no session: the name the notebook gives itself keeps two notebooks apart
    paths.set_run({"lang": "en"}, params.DEFAULTS, fallback="03_security")
    assert paths.output_dir() == paths.INTERACTIVE_DIR / "03_security--lang=en"
    monkeypatch.setenv("JPY_SESSION_NAME", "/somewhere/notebooks/my_copy.ipynb")  # a renamed copy in JupyterLab
    paths.set_run({"lang": "en"}, params.DEFAULTS, fallback="03_security")
    assert paths.output_dir() == paths.INTERACTIVE_DIR / "my_copy--lang=en"


def test_every_notebook_names_itself_in_its_setup_call():
    """A property over notebooks/: the name passed to report.setup is the file's own (a copied notebook
    that kept another's name would write into that notebook's interactive folder)."""
    import nbformat

    for path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        sources = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
        calls = re.findall(r"report\.setup\(settings(?:, \"([^\"]*)\")?\)", sources)
        assert calls == [path.stem], (path.name, calls)


def test_the_runner_folder_wins(interactive, monkeypatch, tmp_path):
    monkeypatch.setenv("DIGIVAARDIG_OUTPUT", str(tmp_path))
    paths.set_run({"lang": "en"}, params.DEFAULTS, notebook="02_skills")
    assert paths.output_dir() == tmp_path


def test_unsafe_values_cannot_leave_the_folder():
    for name in (paths.run_name("../x", {"lang": "../../etc"}), paths.run_name("a/b", {"k": "v/w"}),
                 paths.run_name("..", {})):
        assert "/" not in name and not name.startswith(".") and name, name


def test_make_clean_removes_interactive_outputs_and_checkpoints_not_sets(tmp_path, project_root):
    shutil.copy(project_root / "Makefile", tmp_path / "Makefile")
    keep = [tmp_path / "reports" / "nl" / "02_skills.ipynb", tmp_path / "reports" / "index.html",
            tmp_path / "notebooks" / "02_skills.ipynb"]
    remove = [tmp_path / "reports" / "interactive" / "02_skills--lang=en" / "figures" / "a.png",
              tmp_path / "notebooks" / ".ipynb_checkpoints" / "02_skills-checkpoint.ipynb",
              tmp_path / ".ipynb_checkpoints" / "x.ipynb", tmp_path / ".venv" / "bin" / "python"]
    for path in keep + remove:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory", "clean"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [path for path in keep if not path.exists()] == []
    assert [path for path in remove if path.exists()] == []
    assert not (tmp_path / "reports" / "interactive").exists()
    assert not (tmp_path / "notebooks" / ".ipynb_checkpoints").exists()
