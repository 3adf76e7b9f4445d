"""The layout keeps its shape: no import cycle, layers in data-flow order, small modules, free checkers.

Imports are read from the source (AST): an import inside a function counts,
and so does one under ``if TYPE_CHECKING:`` (a type names a module as surely
as a call does). Only ``planner/__init__`` is apart: it re-exports the public
API lazily, its imports are for type checkers alone.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "planner"
MAX_LINES = 400  # a module past it is split where its concept splits

# the data flow, first to last: a module may import from its own layer and the ones before
LAYERS = (
    (
        "planner.errors",
        "planner.numbers",
        "planner.labels",
        "planner.stages",
        "planner.progress",
        "planner.interrupt",
        "planner.helper",
    ),
    ("planner.data",),
    ("planner.options", "planner.context"),
    ("planner.demand",),
    ("planner.assign",),
    ("planner.validate",),
    ("planner.weeks",),
    ("planner.store",),
    ("planner.generate",),
    ("planner.reports",),
    ("planner.pipeline",),
    ("planner.scenarios",),
    ("planner.web",),
    ("planner.cli", "planner.__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(tree: ast.AST, typing: bool = True) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) of every import, wherever it stands (without ``typing``: those that run)."""
    out = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and type_checking(node) and not typing:
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            out.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.module, tuple(alias.name for alias in node.names)))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def dependencies(name: str, typing: bool = True) -> set[str]:
    """The planner modules ``name`` imports (a ``from package import module`` names the module)."""
    deps = set()
    for module, names in imported(ast.parse(MODULES[name].read_text(encoding="utf-8")), typing):
        if module != "planner" and not module.startswith("planner."):
            continue
        submodules = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
        deps.update(submodules or [module])
    return deps - {name}


GRAPH = {name: dependencies(name) for name in MODULES if name != "planner"}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def layer(name: str) -> int:
    for i, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return i
    return -1  # the package itself


def test_the_import_graph_is_read():
    # a sanity check of the reader: known edges are seen, type-only ones are not
    assert "planner.assign.problem" in GRAPH["planner.assign.cpsat"]
    assert "planner.scenarios.apply" in GRAPH["planner.scenarios.compare"]  # inside a function
    assert "planner.cli.compare" in GRAPH["planner.cli"]  # from planner.cli import compare
    assert "planner.assign.solve" in GRAPH["planner.weeks.layout"]  # under TYPE_CHECKING
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_inside_planner():
    assert cycles(GRAPH) == []


def test_imports_follow_the_data_flow():
    backwards = [
        f"{name} imports {dep}"
        for name, deps in GRAPH.items()
        for dep in deps
        if layer(name) >= 0 and layer(dep) > layer(name)
    ]
    assert backwards == []
    assert all(layer(name) >= 0 for name in GRAPH), "a module outside LAYERS"


def test_the_package_imports_nothing_at_import_time():
    # planner/__init__ re-exports lazily: `planner --help` must not load the solvers
    assert dependencies("planner", typing=False) == set()
    assert dependencies("planner") >= {"planner.pipeline", "planner.options"}  # seen by type checkers


def test_every_public_name_is_seen_by_type_checkers():
    import planner

    tree = ast.parse(MODULES["planner"].read_text(encoding="utf-8"))
    typed = {n for _, names in imported(tree) for n in names}
    assert set(planner.__all__) == set(planner._API) <= typed


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines"


@pytest.mark.parametrize("checker", ["checker.py", "weekchecker.py"])
def test_independent_checkers_use_nothing_of_planner(checker):
    tree = ast.parse((ROOT / "tests" / checker).read_text(encoding="utf-8"))
    used = [m for m, _ in imported(tree) if m == "planner" or m.startswith("planner.")]
    assert used == []


def test_the_public_api_is_documented():
    import planner

    for name in planner.__all__:
        obj = getattr(planner, name)
        doc = inspect.getdoc(obj) or ""
        assert doc, f"planner.{name} has no docstring"
        if inspect.isfunction(obj) and inspect.signature(obj).parameters:
            assert "Parameters\n----------" in doc and "Returns\n-------" in doc, f"planner.{name}"


def test_architecture_md_names_every_module():
    # each module has its line under its package's heading (a subpackage's under its parent's)
    sections: dict[str, str] = {}
    heading = ""
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("**"):
            heading = "" if line.startswith("**Top level") else line.split("`")[1].rstrip("/")
        sections[heading] = sections.get(heading, "") + line + "\n"
    missing = []
    for path in MODULES.values():
        parts = path.relative_to(PACKAGE).parts
        if parts[-1] == "__init__.py" and len(parts) > 1:
            continue
        where = sections.get(parts[0] if len(parts) > 1 else "", "")
        if f"`{'/'.join(parts[1:]) if len(parts) > 1 else parts[0]}`" not in where.replace(
            "`terminal/", "`terminal/"
        ):
            missing.append("/".join(parts))
    assert missing == []
