"""Modules a person can read (issue 12 item 2): no module over 500 lines and no function over 80
lines outside migrations, tests and benchmarks. CI fails the day one grows past them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["policies", "limits", "declarations", "claims", "financing", "creditinfo", "sinosure_portal"]
SKIPPED = {"migrations", "tests", "bench", "__pycache__"}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            if not SKIPPED & set(path.relative_to(ROOT).parts):
                yield path


def test_the_walk_sees_the_code_it_guards():
    names = {p.relative_to(ROOT).as_posix() for p in _modules()}
    assert "sinosure_portal/base/workflow.py" in names and "policies/models.py" in names
    assert not any("/migrations/" in n for n in names)


def test_no_module_is_longer_than_500_lines():
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these modules by sub-resource: {long}"


def test_no_function_is_longer_than_80_lines():
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT).as_posix()}:{node.lineno} {node.name}"] = length
    assert long == {}, f"split these functions into steps: {long}"
