"""Every third-party package the installed code imports is declared in pyproject.toml's [project].dependencies.

A package that arrives only through another one (pydantic through fastapi, pyparsing through rdflib) works until
that other package drops or renames it; one that is declared only in the test extras works only where the tests
are installed. The imports are read with ast from every module of every package the wheel ships (imports inside
functions included, `if TYPE_CHECKING:` blocks excluded: they never run), so a new import needs its declaration.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def normalised(distribution: str) -> str:
    """PEP 503's form of a distribution name: `MarkupSafe`, `markupsafe` and `markup_safe` compare equal."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


def declared_distributions() -> set[str]:
    """The names in [project].dependencies, without their version ranges, markers or extras."""
    names = set()
    for requirement in PYPROJECT["project"]["dependencies"]:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        assert match, f"unreadable requirement {requirement!r}"
        names.add(normalised(match.group(1)))
    return names


def shipped_top_level_packages() -> list[str]:
    """The first-party top-level packages the wheel installs (graph, api, ontology, shapes, ...)."""
    return sorted({name.split(".")[0] for name in PYPROJECT["tool"]["setuptools"]["packages"]})


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Imports(ast.NodeVisitor):
    """The top-level module of every absolute import in a module, wherever it sits (module level or a function)."""

    def __init__(self) -> None:
        self.modules: set[str] = set()

    def visit_Import(self, node: ast.Import) -> None:
        self.modules.update(alias.name.split(".")[0] for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.modules.add(node.module.split(".")[0])

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for statement in node.orelse:
                self.visit(statement)
        else:
            self.generic_visit(node)


def imports_of(path: Path) -> set[str]:
    visitor = _Imports()
    visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return visitor.modules


def third_party_imports() -> dict[str, set[str]]:
    """Each imported third-party top-level module -> the files (relative to the checkout) that import it."""
    first_party = set(shipped_top_level_packages())
    found: dict[str, set[str]] = {}
    for package in first_party:
        for path in sorted((ROOT / package).rglob("*.py")):
            for module in imports_of(path) - first_party - set(sys.stdlib_module_names):
                found.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_walk_sees_imports_inside_functions_and_skips_type_checking_blocks() -> None:
    source = (
        "import json\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import only_for_mypy\n"
        "else:\n    import at_run_time\n\ndef f():\n    from lazily.loaded import thing\n"
        "from . import sibling\n"
    )
    visitor = _Imports()
    visitor.visit(ast.parse(source))
    assert visitor.modules == {"json", "typing", "at_run_time", "lazily"}


def test_the_walk_covers_the_shipped_packages() -> None:
    """A walk that found nothing would pass for the wrong reason: the pipeline and the service are in it."""
    assert {"graph", "api", "ontology", "shapes"} <= set(shipped_top_level_packages())
    imported = third_party_imports()
    assert {"rdflib", "pyoxigraph", "fastapi"} <= set(imported)


def test_every_third_party_import_is_a_declared_dependency() -> None:
    distributions = packages_distributions()
    declared = declared_distributions()
    undeclared = []
    for module, files in sorted(third_party_imports().items()):
        providers = {normalised(name) for name in distributions.get(module, [])}
        if not providers:
            undeclared.append(f"{module} (no installed distribution provides it; imported by {sorted(files)})")
        elif not providers & declared:
            undeclared.append(f"{module} from {'/'.join(sorted(providers))} (imported by {sorted(files)[:3]})")
    assert not undeclared, "imported at run time but not in [project].dependencies: " + "; ".join(undeclared)


def test_test_tools_are_not_runtime_dependencies() -> None:
    """The reverse slip: a test-only tool promoted to a runtime dependency would install pytest in production."""
    test_only = {"pytest", "ruff", "mypy", "playwright", "schemathesis", "hypothesis", "sparqlwrapper"}
    assert not declared_distributions() & test_only
