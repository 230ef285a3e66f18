"""The layers of src/helpers hold (issue 18): the import-linter contract in pyproject.toml passes on the
package and fails on a copy with one planted upward import; no function-local import of the package
dodges an import cycle; no module only re-exports names of others."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with the project's contract (pyproject.toml) over the package ``helpers`` found in ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"],  # reads pyproject.toml in cwd
                          capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)


def test_the_contract_is_kept():
    result = lint_imports(SRC)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("low, high", [("core", "inference"), ("inference", "audit"), ("audit", "sensitivity"),
                                       ("sensitivity", "words"), ("words", "display"), ("display", "build")])
def test_a_planted_upward_import_breaks_the_contract(tmp_path, low, high):
    copy = tmp_path / "src" / "helpers"
    shutil.copytree(SRC / "helpers", copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = sorted(path.stem for path in (copy / high).glob("*.py") if path.stem != "__init__")[0]
    (copy / low / "planted.py").write_text(f'"""Planted."""\nfrom ..{high} import {target}\n', encoding="utf-8")
    result = lint_imports(tmp_path / "src")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "BROKEN" in result.stdout and f"helpers.{low}.planted -> helpers.{high}.{target}" in result.stdout


# ---------------------------------------------------------------- function-local imports and re-export walls

def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement names (absolute), ``from x import y`` giving both x and x.y."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - node.level + 1]
    else:
        base = []
    target = ".".join(base + ([node.module] if node.module else []))
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def import_graph(src: Path) -> tuple[dict[str, set[str]], list[tuple[str, str, int]]]:
    """Module-level imports between the package's modules, and every function-local one (importer, imported, line)."""
    files = {module_name(path, src): path for path in (src / "helpers").rglob("*.py")}
    top: dict[str, set[str]] = {}
    local = []
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = set()
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for node in ast.walk(function):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        inside.add(id(node))
                        local += [(module, name, node.lineno)
                                  for name in imported(module, path.name == "__init__.py", node) if name in files]
        top[module] = {name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                       and id(node) not in inside
                       for name in imported(module, path.name == "__init__.py", node) if name in files}
    return top, local


def reaches(top: dict[str, set[str]], start: str, goal: str) -> bool:
    """Does importing ``start`` import ``goal`` (module-level imports; a submodule imports its parents)?"""
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module == goal:
            return True
        if module not in seen:
            seen.add(module)
            parts = module.split(".")
            todo += [*top.get(module, ()), *(".".join(parts[:i]) for i in range(1, len(parts)))]
    return False


def cycle_dodges(src: Path) -> list[str]:
    """Function-local imports of the package that, moved to the top, would close an import cycle."""
    top, local = import_graph(src)
    return sorted({f"{importer}:{line} imports {name}" for importer, name, line in local
                   if reaches(top, name, importer)})


def test_no_function_local_import_dodges_a_cycle():
    assert cycle_dodges(SRC) == []


def test_a_planted_cycle_dodge_is_found(tmp_path):
    package = tmp_path / "helpers"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "core" / "__init__.py").write_text("", encoding="utf-8")
    (package / "core" / "a.py").write_text("from . import b\n", encoding="utf-8")
    (package / "core" / "b.py").write_text("def f():\n    from . import a\n    return a\n", encoding="utf-8")
    assert cycle_dodges(tmp_path) == ["helpers.core.b:2 imports helpers.core.a"]


def re_export_walls(src: Path) -> list[str]:
    """Modules whose body (docstring and ``__all__`` aside) is nothing but imports."""
    walls = []
    for path in sorted((src / "helpers").rglob("*.py")):
        body = [node for node in ast.parse(path.read_text(encoding="utf-8")).body
                if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
                and not (isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets))
                and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")]
        if body and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body):
            walls.append(str(path.relative_to(src)))
    return walls


def test_no_module_only_re_exports():
    assert re_export_walls(SRC) == []


def test_a_planted_re_export_wall_is_found(tmp_path):
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "wall.py").write_text('"""Wall."""\nfrom .a import x\nfrom .b import y\n__all__ = ["x"]\n')
    (tmp_path / "helpers" / "fine.py").write_text('"""Fine."""\nfrom .a import x\n\ndef f():\n    return x\n')
    assert re_export_walls(tmp_path) == ["helpers/wall.py"]


# ---------------------------------------------------------------- ruff

RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_passes_with_the_projects_rules():
    result = subprocess.run([str(RUFF), "check"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_with_the_projects_rules_fails_on_a_planted_fault(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('"""Planted."""\nimport os\n\n\ndef f():\n    return undefined_name\n', encoding="utf-8")
    result = subprocess.run([str(RUFF), "check", "--config", str(ROOT / "pyproject.toml"), "--output-format", "concise",
                             str(planted)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 1
    assert "F401" in result.stdout and "F821" in result.stdout
