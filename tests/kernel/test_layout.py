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


APPS = ("creditinfo", "policies", "limits", "declarations", "claims", "financing")
# what a rule may import besides the standard library: other apps' rules and the kernel's pure helpers
PURE_IMPORTS = {f"{app}.rules" for app in APPS} | {
    "sinosure_portal.money.currency",
    "django.utils.translation",
}
# calls that read the clock or the database: a rule is given "today" and the calendar instead
IMPURE_CALLS = {"today", "now", "localdate", "objects", "cursor", "open", "urlopen", "delay"}


def _rule_problems(path: Path) -> list[str]:
    import sys

    problems = []
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            if isinstance(node, ast.ImportFrom):  # "from limits import rules" names limits.rules
                names = [
                    f"{node.module}.{a.name}" if node.module in APPS else node.module or ""
                    for a in node.names
                ]
            else:
                names = [a.name for a in node.names]
            for name in names:
                top = name.split(".")[0]
                if name not in PURE_IMPORTS and top not in sys.stdlib_module_names and name != "__future__":
                    problems.append(f"{path}:{node.lineno} imports {name}")
        elif isinstance(node, ast.Attribute) and node.attr in IMPURE_CALLS:
            problems.append(f"{path}:{node.lineno} uses .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IMPURE_CALLS:
            problems.append(f"{path}:{node.lineno} calls {node.func.id}()")
    return problems


def test_every_apps_rules_are_pure_functions_of_their_arguments():
    """Each app's rules.py imports only the standard library, other rules and the currency helpers,
    and neither reads the clock nor the database: "today" and the calendar are arguments."""
    paths = [ROOT / app / "rules.py" for app in APPS]
    assert all(p.exists() for p in paths)
    problems = [problem for p in paths for problem in _rule_problems(p)]
    assert problems == []


def test_the_purity_check_finds_an_impure_rule(tmp_path):
    rule = tmp_path / "rules.py"
    rule.write_text(
        "from django.utils import timezone\nfrom limits.models import CreditLimit\n"
        "def due(x):\n    return timezone.now(), CreditLimit.objects.count(), date.today()\n"
    )
    found = _rule_problems(rule)
    assert any("imports django.utils" in p for p in found)
    assert any("imports limits.models" in p for p in found)
    assert any(".now" in p for p in found) and any(".objects" in p for p in found)
    assert any(".today" in p for p in found)
