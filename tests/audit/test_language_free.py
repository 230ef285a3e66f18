"""`lang` never enters a computation: no function of the analysis layers takes a language parameter.

An AST scan of every module of helpers.core, helpers.inference, helpers.audit and helpers.sensitivity.
The verdicts (helpers.audit.hypotheses, helpers.audit.verdicts) are language-free and must stay so;
the older worded checks that still take ``lang`` are listed in REMAINING, a ratchet: a new function
with a language parameter fails, and so does a listed one that no longer takes it (remove it from
the list). Moving them into helpers.words empties the list (issue 18).
"""

from __future__ import annotations

import ast
from pathlib import Path

import helpers

ROOT = Path(helpers.__file__).parent
LAYERS = ("core", "inference", "audit", "sensitivity")
LANGUAGE_NAMES = {"lang", "language", "locale"}
LANGUAGE_FREE = ("audit/hypotheses.py", "audit/verdicts.py")
REMAINING = {  # module: functions that still take a language parameter (to move into helpers.words)
    "core/data.py": {"options"},  # the label column of a question's options
    "audit/claims.py": {"value_and_range", "bases_text", "_reading_note", "headline_text", "summary"},
    "audit/issues.py": {"anomalies", "_fill_text"},
    "audit/ranges.py": {"share_range", "_share_range", "rule_text"},
    "audit/rounding.py": {"could_fill", "rounding_consistency", "headline_overview"},
}


def _language_functions(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if {argument.arg for argument in arguments} & LANGUAGE_NAMES:
                found.add(getattr(node, "name", "<lambda>"))
    return found


def test_no_analysis_function_takes_a_language_parameter_beyond_the_listed_bends():
    seen = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).glob("*.py")):
            name = f"{layer}/{path.name}"
            found = _language_functions(path)
            if found:
                seen[name] = found
    assert seen == REMAINING


def test_the_verdicts_neither_take_nor_import_words():
    for name in LANGUAGE_FREE:
        source = (ROOT / name).read_text(encoding="utf-8")
        assert _language_functions(ROOT / name) == set(), name
        imports = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)]
        assert not [node.module for node in imports if node.module and "words" in node.module], name
        assert "settings.lang" not in source, name


def test_the_scan_finds_a_planted_language_parameter(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("def share(count, n, lang='en'):\n    return count / n\n", encoding="utf-8")
    assert _language_functions(planted) == {"share"}
