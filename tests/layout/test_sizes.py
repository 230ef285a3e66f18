"""No module of src/helpers over ~400 lines, no function over ~60 without a reason in its docstring (issue 18).

A long module hides its seams and a long function its steps. The limits are the issue's: a module of
more than :data:`MODULE_LINES` lines is split along a real seam (importers import from the new module;
no re-export), and a function of more than :data:`FUNCTION_LINES` lines (decorators, signature, docstring
and body) says why it is one piece in a paragraph of its docstring that starts with ``Long:``. No
allowlist: every module is within the limit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import helpers

ROOT = Path(helpers.__file__).parent
MODULE_LINES = 400
FUNCTION_LINES = 60
REASON = "Long:"


def long_modules(root: Path) -> list[str]:
    """The modules under ``root`` with more than :data:`MODULE_LINES` lines, with their line counts."""
    found = []
    for path in sorted(root.rglob("*.py")):
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MODULE_LINES:
            found.append(f"{path.relative_to(root)}: {count} lines")
    return found


def long_functions(root: Path) -> list[str]:
    """The functions under ``root`` longer than :data:`FUNCTION_LINES` lines whose docstring gives no
    ``Long:`` reason (methods and nested functions included)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
                length = node.end_lineno - start + 1
                reasons = [part for part in (ast.get_docstring(node) or "").split("\n\n")
                           if part.strip().startswith(REASON)]
                if length > FUNCTION_LINES and not reasons:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}: {length} lines")
    return found


def test_no_module_is_over_the_limit():
    assert long_modules(ROOT) == []


def test_no_function_is_long_without_a_reason():
    assert long_functions(ROOT) == []


def test_the_scans_find_a_planted_long_module_and_function(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f'def planted():\n    """Short."""\n{body}', encoding="utf-8")
    (tmp_path / "reasoned.py").write_text(f'def kept():\n    """Short.\n\n    Long: one table.\n    """\n{body}',
                                          encoding="utf-8")
    (tmp_path / "big.py").write_text("x = 1\n" * (MODULE_LINES + 1), encoding="utf-8")
    assert long_functions(tmp_path) == [f"long.py:1 planted: {FUNCTION_LINES + 2} lines"]
    assert long_modules(tmp_path) == [f"big.py: {MODULE_LINES + 1} lines"]
    (tmp_path / "edge.py").write_text("x = 1\n" * MODULE_LINES, encoding="utf-8")
    assert long_modules(tmp_path) == [f"big.py: {MODULE_LINES + 1} lines"]  # exactly at the limit is fine
