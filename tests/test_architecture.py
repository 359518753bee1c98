"""The layers, read from the source: the import graph of graph/, api/ and cislunar_kg/ has no cycle, and its
arrows point one way — cislunar_kg (the command line, the only code wiring the pipeline to the HTTP layer) →
api (the HTTP layer) → graph (the pipeline).

Every import counts, also one written inside a function: deferring an import hides a cycle from Python at
start-up, not from the reader. `CKG_ARCHITECTURE_ROOT` points the test at another checkout's source tree.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("CKG_ARCHITECTURE_ROOT", Path(__file__).resolve().parent.parent))
LAYERS = ("graph", "api", "cislunar_kg")
# A package may import the packages listed for it, and nothing else of the three.
ALLOWED = {"graph": {"graph"}, "api": {"api", "graph"}, "cislunar_kg": {"cislunar_kg", "api", "graph"}}


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _imported(module: str, path: Path, known: set[str]) -> Iterator[str]:
    """The modules of the three packages that `module` imports, anywhere in its text.

    `from package import name` names the submodule `package.name` when there is one, else the package itself.
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import graph.extract.english` is in the table; a name is not
                target = target.rpartition(".")[0]
            if target:
                yield target


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {module: set(_imported(module, path, known)) - {module} for module, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_source_tree_is_read() -> None:
    graph = _import_graph()
    assert {"graph.pipeline", "api.app"} <= set(graph), f"no source under {ROOT}"
    assert "graph.extract" in graph["graph.pipeline"]  # a relative import, resolved
    assert "api.errors" in graph["api.problems"]


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycles(_import_graph()) == []


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_point_down_the_layers(layer: str) -> None:
    upward = sorted(
        f"{module} → {target}"
        for module, targets in _import_graph().items()
        if module.split(".")[0] == layer
        for target in targets
        if target.split(".")[0] not in ALLOWED[layer]
    )
    assert upward == []


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    """The reader itself: two modules that import each other, one of them inside a function, are a cycle."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "__init__.py").write_text("")
    (tmp_path / "api" / "first.py").write_text("from .second import b\n")
    (tmp_path / "api" / "second.py").write_text("def b():\n    from . import first\n")
    modules = {_module_name(p, tmp_path): p for p in sorted(tmp_path.rglob("*.py"))}
    graph = {m: set(_imported(m, p, set(modules))) - {m} for m, p in modules.items()}
    assert _cycles(graph) == [["api.first", "api.second"]]

