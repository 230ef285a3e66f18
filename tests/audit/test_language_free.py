"""`lang` never enters a computation: no function of the analysis layers takes a language parameter.

An AST scan of every module of helpers.core, helpers.inference, helpers.audit and helpers.sensitivity:
none takes a language parameter (issue 18: the checks return numbers and codes, helpers.words words
them). The verdicts (helpers.audit.hypotheses, helpers.audit.verdicts) moreover import no words.
"""

from __future__ import annotations

import ast
from pathlib import Path

import helpers

ROOT = Path(helpers.__file__).parent
LAYERS = ("core", "inference", "audit", "sensitivity")
LANGUAGE_NAMES = {"lang", "language", "locale"}
LANGUAGE_FREE = ("audit/hypotheses.py", "audit/verdicts.py")


def _language_functions(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if {argument.arg for argument in arguments} & LANGUAGE_NAMES:
                found.add(getattr(node, "name", "<lambda>"))
    return found


def test_no_analysis_function_takes_a_language_parameter():
    seen = {}
    for layer in LAYERS:
        paths = sorted((ROOT / layer).glob("*.py"))
        assert paths, layer  # not vacuous: the layer's modules are where the scan looks
        for path in paths:
            found = _language_functions(path)
            if found:
                seen[f"{layer}/{path.name}"] = found
    assert seen == {}


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
