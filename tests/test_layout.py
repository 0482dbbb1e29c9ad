"""The shape of the code (README, "Layout"): layers import downward only, modules and functions stay small."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

LAYERS = ["index", "qa", "eval", "ui"]  # each may import the ones before it, never one after
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 65


def _modules() -> list:
    return sorted(p for layer in LAYERS for p in (ROOT / layer).rglob("*.py"))


def _imported_packages(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):  # imports inside functions count too
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_layer_above_it(path):
    layer = path.relative_to(ROOT).parts[0]
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    assert not _imported_packages(ast.parse(path.read_text(encoding="utf-8"))) & above


def test_the_layer_check_sees_an_upward_import():
    assert _imported_packages(ast.parse("def f():\n    from ui.app import serve\n")) == {"ui"}


def test_modules_and_functions_stay_small():
    long_modules = {str(p.relative_to(ROOT)): n for p in _modules()
                    if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long_modules
    long_functions = []
    for p in _modules():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    long_functions.append(f"{p.relative_to(ROOT)}:{node.name}")
    assert not long_functions
