"""The test tree mirrors the packages, and shared fixtures live in one place (issue 18)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PACKAGES = TESTS.parent / "src" / "helpers"


def fixture_names(path: Path) -> set[str]:
    """Names of the functions decorated with ``pytest.fixture`` (called or not) in a Python file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) in {"pytest.fixture", "fixture"}:
                    names.add(node.name)
    return names


def test_no_test_module_shadows_a_conftest_fixture():
    shared = fixture_names(TESTS / "conftest.py")
    assert {"survey", "data_dir", "data_copy", "project_root"} <= shared
    shadowing = {f"{path.relative_to(TESTS)}: {name}" for path in TESTS.rglob("test_*.py")
                 for name in fixture_names(path) & shared}
    assert not shadowing, f"fixtures defined again beside tests/conftest.py: {sorted(shadowing)}"


def test_the_scan_finds_a_shadowing_fixture(tmp_path):
    planted = tmp_path / "test_planted.py"
    planted.write_text("import pytest\n\n@pytest.fixture(scope='module')\ndef survey():\n    return 1\n", encoding="utf-8")
    assert fixture_names(planted) == {"survey"}


def test_every_package_has_its_test_folder():
    packages = {path.name for path in PACKAGES.iterdir() if (path / "__init__.py").is_file()}
    assert packages == {"core", "inference", "audit", "sensitivity", "words", "display", "build"}
    missing = {name for name in packages if not list((TESTS / name).glob("test_*.py"))}
    assert not missing, f"packages without tests/<package>/test_*.py: {sorted(missing)}"


def test_test_module_basenames_are_unique():
    names = [path.name for path in TESTS.rglob("*.py") if path.name != "conftest.py"]
    assert len(names) == len(set(names)), "test modules are imported by basename: rename the duplicate"
