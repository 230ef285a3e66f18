"""The locked environment, its conda mirror, and the entry points a user or CI calls."""

from __future__ import annotations

import importlib.util
import os
import re
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s=;]+)$")


def read_pins(path: Path) -> list[tuple[str, str]]:
    """The ``name==version`` lines of a lock file in file order; anything else but comments fails."""
    pins = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}, line {number}: not an exact pin: {line!r}"
        pins.append((match.group(1), match.group(2)))
    return pins


def as_dict(pins: list[tuple[str, str]]) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in pins}


@pytest.fixture(scope="module")
def core_pins(project_root) -> list[tuple[str, str]]:
    return read_pins(project_root / "requirements.lock")


@pytest.fixture(scope="module")
def lab_pins(project_root) -> list[tuple[str, str]]:
    return read_pins(project_root / "requirements-lab.lock")


@pytest.fixture(scope="module")
def pyproject(project_root) -> dict:
    with (project_root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def environment(project_root) -> dict:
    with (project_root / "environment.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# ---------------------------------------------------------------- lock files

@pytest.mark.parametrize("pins_fixture", ["core_pins", "lab_pins"])
def test_lock_files_pin_each_package_once(request, pins_fixture):
    pins = request.getfixturevalue(pins_fixture)
    names = [canonicalize_name(name) for name, _ in pins]
    assert len(pins) > 50
    assert len(names) == len(set(names))
    for _, version in pins:
        Version(version)  # raises on anything that is not a valid version


def test_core_lock_is_a_subset_of_the_lab_lock(core_pins, lab_pins):
    core, lab = as_dict(core_pins), as_dict(lab_pins)
    missing = sorted(set(core) - set(lab))
    different = {name: (core[name], lab[name]) for name in core.keys() & lab.keys() if core[name] != lab[name]}
    assert missing == [] and different == {}
    assert len(lab) > len(core)


def test_jupyterlab_only_in_the_lab_lock(core_pins, lab_pins):
    assert "jupyterlab" in as_dict(lab_pins)
    assert "jupyterlab" not in as_dict(core_pins)


def _check_requirements(requirements: list[str], pins: dict[str, str]) -> list[str]:
    problems = []
    for text in requirements:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement.name} is not pinned")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement.name}=={pins[name]} is outside {requirement.specifier}")
    return problems


def test_core_dependencies_are_pinned_within_their_range(pyproject, core_pins):
    dependencies = pyproject["project"]["dependencies"]
    assert len(dependencies) >= 10
    assert _check_requirements(dependencies, as_dict(core_pins)) == []


def test_test_dependencies_are_pinned_in_the_core_lock(pyproject, core_pins):
    # 'make test' installs requirements.lock only, so the test extra must be in it.
    test = pyproject["project"]["optional-dependencies"]["test"]
    assert _check_requirements(test, as_dict(core_pins)) == []


def test_every_dependency_is_pinned_in_the_lab_lock(pyproject, lab_pins):
    everything = pyproject["project"]["dependencies"] + [
        requirement for extra in pyproject["project"]["optional-dependencies"].values() for requirement in extra
    ]
    assert _check_requirements(everything, as_dict(lab_pins)) == []


def test_requirement_check_can_fail():
    pins = {"pandas": "2.1.0", "numpy": "2.0.0"}
    assert _check_requirements(["pandas>=2.2,<4", "numpy>=1.26,<3", "scipy>=1.11"], pins) == [
        "pandas==2.1.0 is outside <4,>=2.2", "scipy is not pinned",
    ]


def test_environment_python_satisfies_requires_python(pyproject, environment):
    (python,) = [item for item in environment["dependencies"] if isinstance(item, str) and item.startswith("python=")]
    assert SpecifierSet(pyproject["project"]["requires-python"]).contains(python.split("=", 1)[1])


# ---------------------------------------------------------------- environment.yml

def test_environment_names_python_311_and_pip(environment):
    assert environment["name"] == "digivaardig"
    dependencies = environment["dependencies"]
    assert "python=3.11" in dependencies
    assert "pip" in dependencies
    pip_sections = [item for item in dependencies if isinstance(item, dict)]
    assert len(pip_sections) == 1 and list(pip_sections[0]) == ["pip"]


def test_environment_pip_list_equals_the_lab_lock(environment, lab_pins):
    (pip_section,) = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    assert pip_section == [f"{name}=={version}" for name, version in lab_pins]


def test_environment_is_what_the_generator_writes(project_root):
    spec = importlib.util.spec_from_file_location("lock_to_environment", project_root / "scripts" /
                                                  "lock_to_environment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.environment_yaml(module.pins(project_root / "requirements-lab.lock"))
    assert (project_root / "environment.yml").read_text(encoding="utf-8") == expected


# ---------------------------------------------------------------- entry points

def test_ci_runs_make_test(project_root):
    run = project_root / ".ci" / "run"
    text = run.read_text(encoding="utf-8")
    assert text.startswith("#!")
    assert re.search(r"^\s*make test\s*$", text, flags=re.MULTILINE)
    mode = run.stat().st_mode
    assert mode & stat.S_IXUSR and os.access(run, os.X_OK)


def test_readme_names_the_two_commands(project_root):
    readme = (project_root / "README.md").read_text(encoding="utf-8")
    assert "make reports" in readme
    assert "make test" in readme


def test_makefile_has_the_documented_targets(project_root):
    makefile = (project_root / "Makefile").read_text(encoding="utf-8")
    for target in ("reports", "test", "lab", "lock"):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target


def _dry_run(project_root: Path, *arguments: str) -> list[str]:
    """The commands ``make -n`` would run (nothing is executed)."""
    result = subprocess.run(["make", "--no-print-directory", "-n", *arguments], cwd=project_root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_make_lab_passes_lab_args_and_allows_root_only_as_root(project_root):
    (command,) = [line for line in _dry_run(project_root, "lab", "LAB_ARGS=--port 8890 --no-browser")
                  if "jupyter lab" in line]
    assert command.startswith(".venv-lab/bin/jupyter lab --notebook-dir=.")
    assert command.endswith("--port 8890 --no-browser")
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_both_environments_check_the_python_version_and_say_they_install(project_root):
    for stamp, says in ((".venv/.installed", "Installing the locked environment"),
                        (".venv-lab/.installed", "Installing the lab environment")):
        commands = _dry_run(project_root, "-B", stamp)
        assert any("sys.version_info >= (3, 11)" in line for line in commands), stamp
        assert any(says in line for line in commands), stamp
