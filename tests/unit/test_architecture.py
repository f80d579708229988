"""Architectural rules, enforced: one way for imports, one place for each rule, one shape for pages."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lmc_geo"
UI = PACKAGE / "ui"
CORE = sorted(
    p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
    for p in PACKAGE.rglob("*.py")
    if "ui" not in p.relative_to(PACKAGE).parts and p.name != "__main__.py"
)
#: The views, one per page (ui/ modules that are not shared pieces).
SHARED_UI = {"__init__", "cache", "components", "map_component", "sidebar", "state"}
VIEWS = sorted(p.stem for p in UI.glob("*.py") if p.stem not in SHARED_UI)
PAGES = sorted(p.stem for p in (ROOT / "app_pages").glob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(), filename=str(path)) for name, path in MODULES.items()}


def imported_modules(name: str, tree: ast.Module) -> set[str]:
    """Package modules ``name`` imports at its top level (``from pkg import mod`` counts as ``pkg.mod``)."""
    out = set()
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("lmc_geo"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if not base.startswith("lmc_geo"):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in MODULES else base)
    return {m for m in out if m in MODULES and m != name}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_core_modules_found():
    assert "lmc_geo.maps.basin_map" in CORE and "lmc_geo.loaders" in CORE and "lmc_geo.build.layers" in CORE
    assert {"hydrology", "dams", "projects", "maps", "plotting"} <= {p.name for p in PACKAGE.iterdir() if p.is_dir()}


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules_of_the_package():
    graph = {name: imported_modules(name, tree) for name, tree in trees().items()}
    assert graph["lmc_geo.ui.cache"], "the import graph was not read"
    assert not find_cycles(graph)


def test_no_imports_inside_functions_in_the_package():
    """Every import is at the top of its module: none hidden in a function body to dodge a cycle."""
    offenders = []
    for name, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                offenders += [
                    f"{name}:{sub.lineno}" for sub in ast.walk(node) if isinstance(sub, (ast.Import, ast.ImportFrom))
                ]
    assert not offenders, offenders


def test_no_re_exports():
    """A name is imported from the module that defines it; nothing is 'kept importable from here'."""
    offenders = [name for name, path in MODULES.items()
                 if "re-export" in path.read_text() or "kept importable" in path.read_text()]
    assert not offenders, offenders


def test_importing_the_core_never_imports_streamlit():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')]\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"core imported streamlit: {result.stdout} {result.stderr}"


def app_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted(PACKAGE.rglob("*.py"))]


def test_pages_read_data_only_through_loaders():
    """Pages and ui never open data files themselves: no read_parquet/read_csv/read_file outside the core."""
    offenders = []
    for path in list((ROOT / "app_pages").glob("*.py")) + list(UI.glob("*.py")) + [ROOT / "app.py"]:
        text = path.read_text()
        for call in ("read_parquet(", "read_csv(", "read_file(", "duckdb.connect("):
            if call in text:
                offenders.append(f"{path.name}: {call}")
    assert not offenders, offenders


def test_only_the_cache_module_caches():
    """Every st.cache_data / st.cache_resource / memo.shared lives in lmc_geo/ui/cache.py."""
    offenders = [str(p.relative_to(ROOT)) for p in app_files()
                 if p != UI / "cache.py" and any(word in p.read_text()
                                                 for word in ("cache_data", "cache_resource", "memo.shared"))]
    assert not offenders, offenders
    assert "st.cache_data" in (UI / "cache.py").read_text()


def test_only_the_state_module_touches_the_link():
    """Reading and writing the URL's query parameters happens in lmc_geo/ui/state.py alone."""
    offenders = [str(p.relative_to(ROOT)) for p in app_files()
                 if p != UI / "state.py" and "query_params" in p.read_text()]
    assert not offenders, offenders


def _selects_by_country(node: ast.AST) -> bool:
    """A call like ``df["iso2"].isin(...)``, ``df.iso2.isin(...)`` or ``df["countries"].map(...)``
    on a selection (anything but the schema's list of the six countries)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("isin", "map")):
        return False
    target = node.func.value
    column = (target.slice.value if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
              else target.attr if isinstance(target, ast.Attribute) else None)
    if column not in ("iso2", "countries"):
        return False
    args = " ".join(ast.unparse(a) for a in node.args)
    if node.func.attr == "map":  # a map selects when it tests membership (not when it sorts or labels)
        return any(isinstance(n, ast.Compare) and any(isinstance(o, (ast.In, ast.NotIn)) for o in n.ops)
                   or isinstance(n, ast.Attribute) and n.attr == "intersection"
                   for a in node.args for n in ast.walk(a))
    return "COUNTRIES" not in args


def test_the_structural_country_check_sees_a_country_filter():
    assert _selects_by_country(ast.parse('df["iso2"].isin(chosen)').body[0].value)
    assert _selects_by_country(ast.parse("df.countries.map(lambda cs: 'LA' in cs)").body[0].value)
    assert not _selects_by_country(ast.parse('df["iso2"].isin(COUNTRIES)').body[0].value)
    assert not _selects_by_country(ast.parse('df["status"].isin(chosen)').body[0].value)
    assert _selects_by_country(ast.parse('df["countries"].map(lambda cs: bool(chosen.intersection(cs)))').body[0].value)
    assert not _selects_by_country(ast.parse('df["iso2"].map(order)').body[0].value)


def test_only_the_filters_module_selects_by_country():
    """Map, dams, projects and stations select by countries through lmc_geo.filters alone."""
    offenders = []
    for path in app_files():
        if path == PACKAGE / "filters.py" or "build" in path.relative_to(ROOT).parts:
            continue
        tree = ast.parse(path.read_text())
        offenders += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in ast.walk(tree) if _selects_by_country(n)]
    assert not offenders, offenders


def test_file_paths_are_built_only_in_paths():
    """No module joins a data file or folder name onto a folder except lmc_geo/paths.py (and the
    build, which names the reference files it reads)."""
    offenders = []
    names = ('"layers"', '"series"', ".parquet\"", ".csv\"", ".json\"", '"app_pages"')
    for path in app_files():
        rel = path.relative_to(ROOT)
        if path == PACKAGE / "paths.py" or "build" in rel.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if "/ " in code and any(n in code for n in names) and ">>>" not in line:
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, offenders


def test_escaping_and_the_formula_guard_live_in_text():
    offenders = []
    for path in app_files():
        if path == PACKAGE / "text.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("html.escape", "escape"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: html.escape")
            if isinstance(node, ast.FunctionDef) and node.name in (
                "guard_formula",
                "unguard_formula",
                "md_text",
                "safe_url",
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: def {node.name}")
    assert not offenders, offenders


def test_kind_modules_hold_only_charts():
    """A module named after a kind (charts.py) holds chart builders only: no selection, key figures or export."""
    offenders = []
    for path in PACKAGE.rglob("charts.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and any(
                    word in node.name for word in ("filter", "key_figures", "export", "csv", "xlsx", "counts_by")):
                offenders.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert not offenders, offenders


@pytest.mark.parametrize("page", PAGES)
def test_every_page_script_has_the_same_shape(page):
    """Each page script is its docstring and one call: ``state.show(<view>.render)``."""
    tree = ast.parse((ROOT / "app_pages" / f"{page}.py").read_text())
    body = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    names = ", ".join(sorted([page, "state"]))  # in the order the import sorter keeps
    assert [ast.unparse(n) for n in body] == [f"from lmc_geo.ui import {names}", f"state.show({page}.render)"]


def test_every_page_has_a_view_and_every_view_a_page():
    assert PAGES == VIEWS


@pytest.mark.parametrize("view", VIEWS)
def test_views_share_one_signature_and_do_not_use_each_other(view):
    tree = ast.parse((UI / f"{view}.py").read_text())
    render = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "render")
    assert [a.arg for a in render.args.args][:2] == ["countries", "lang"]
    assert all(d is not None for d in render.args.defaults) and len(render.args.args) - len(render.args.defaults) == 2
    others = {f"lmc_geo.ui.{v}" for v in VIEWS if v != view}
    used = imported_modules(f"lmc_geo.ui.{view}", tree)
    assert not used & others, f"{view} imports another view: {used & others}"
