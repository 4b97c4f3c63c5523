"""The report package's inner order (the layers between packages are import-linter's):
the document model is a leaf, the renderers know only the document, and no module of
model.report or model.present imports the model inside a function to dodge a cycle."""

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1] / "model"
RENDERERS = ("model.report.pdf", "model.report.html", "model.report.xlsx", "model.report.images")
LEAVES = ("model.report.document", "model.report.texts")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("model")


def _inside(graph, module: str) -> set[str]:
    return {
        m
        for m in graph.find_modules_directly_imported_by(module)
        if m == "model.report" or m.startswith("model.report.")
    }


def test_the_document_model_and_the_texts_are_leaves(graph):
    for module in LEAVES:
        assert _inside(graph, module) == set(), module


def test_renderers_import_only_the_document_the_texts_and_the_images(graph):
    allowed = {*LEAVES, "model.report.images"}
    for module in RENDERERS:
        assert _inside(graph, module) <= allowed, module


def test_no_cycle_inside_the_report_package(graph):
    modules = sorted(m for m in graph.modules if m.startswith("model.report."))
    for a in modules:
        for b in modules:
            if a < b:
                assert not (graph.chain_exists(a, b) and graph.chain_exists(b, a)), (a, b)


@pytest.mark.parametrize("package", ["report", "present", "common"])
def test_no_function_local_imports_of_the_model(package):
    local = []
    for path in sorted((ROOT / package).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                        "model"
                    ):
                        local.append(f"{path.name}:{inner.lineno} {inner.module}")
                    if isinstance(inner, ast.Import) and any(
                        a.name.startswith("model") for a in inner.names
                    ):
                        local.append(f"{path.name}:{inner.lineno}")
    assert local == []


def test_common_is_domain_free(graph):
    for module in (m for m in graph.modules if m.startswith("model.common")):
        below = {
            m
            for m in graph.find_modules_directly_imported_by(module)
            if m.startswith("model") and not m.startswith("model.common")
        }
        assert below <= {"model.i18n", "model.errors"}, module
