"""The architecture (docs/architecture.md): layers without an arrow back up, no import cycle,
imports at the top of modules, no streamlit in the library.

The layers are import-linter contracts in pyproject.toml; grimp sees function-level imports
too, so a late import cannot hide an arrow back up or a cycle.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = sorted((ROOT / "unionstats").rglob("*.py"))
PAGES = sorted((ROOT / "views").glob("*.py")) + [ROOT / "dashboard.py"]
OURS = ("unionstats", "views")

# The deliberate places where our own modules are imported inside a function, each because the
# module it loads brings heavy libraries that most callers never need:
LATE_OURS_ALLOWED = {
    "unionstats/cli/main.py",  # the command asked for, so that `--help` does not load pandas
    "unionstats/report/__init__.py",  # the one report writer asked for (python-pptx, python-docx …)
}


def _function_imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) of every import statement inside a function of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                found.append((node.lineno, module))
            elif isinstance(node, ast.Import):
                found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_layers_and_cycles_hold_by_import_linter():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("path", LIBRARY + PAGES, ids=_relative)
def test_our_modules_are_imported_at_the_top(path):
    if _relative(path) in LATE_OURS_ALLOWED:
        return
    late = [(line, module) for line, module in _function_imports(path) if module.startswith(OURS) or module.startswith(".")]
    assert late == [], f"{_relative(path)}: imports of our own modules inside functions: {late}"


@pytest.mark.parametrize("path", LIBRARY + PAGES, ids=_relative)
def test_a_late_import_of_a_library_says_why(path):
    """A heavy optional dependency may be loaded where it is used, with a comment saying so."""
    lines = path.read_text(encoding="utf-8").splitlines()
    silent = []
    for line, module in _function_imports(path):
        if module.startswith(OURS):
            continue
        # the comment may stand on the import's line or above its block of imports
        block = [line - 1]
        while block[-1] > 0 and lines[block[-1] - 1].strip().startswith(("import ", "from ")):
            block.append(block[-1] - 1)
        commented = any("#" in lines[i] for i in block) or (block[-1] > 0 and lines[block[-1] - 1].strip().startswith("#"))
        if not commented:
            silent.append((line, module))
    assert silent == [], f"{_relative(path)}: function-level imports without a comment saying why: {silent}"


@pytest.mark.parametrize("path", LIBRARY, ids=_relative)
def test_the_library_never_imports_streamlit(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in modules if m.split(".")[0] == "streamlit"}


def test_a_newcomer_finds_the_rooms_by_their_names():
    """style.md's shape: each layer a package of its own, nothing else lying flat."""
    flat = sorted(p.name for p in (ROOT / "unionstats").glob("*.py"))
    assert flat == [
        "__init__.py",
        "__main__.py",
        "access.py",
        "errors.py",
        "formatting.py",
        "importer.py",
        "preferences.py",
    ]
    rooms = sorted(p.name for p in (ROOT / "unionstats").iterdir() if p.is_dir() and p.name != "__pycache__")
    assert rooms == ["cli", "ingest", "metrics", "output", "report", "rules", "sample", "store"]


def test_tests_mirror_the_library():
    """Each package of the library has its test folder (tests/ingest/ tests unionstats/ingest/ …)."""
    for room in ["cli", "ingest", "metrics", "output", "report", "rules", "sample", "store"]:
        assert (ROOT / "tests" / room).is_dir(), f"tests/{room}/ missing"


def test_shared_test_helpers_live_in_helper_modules():
    """A test module imports helpers from a helpers module (tests/workbooks.py, tests/stores.py …),
    never from another test module or from a conftest.py (pytest loads those itself; only a
    conftest may hand its fixtures on to another)."""
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests."):
                leaf = node.module.rsplit(".", 1)[-1]
                if leaf.startswith("test_") or (leaf == "conftest" and path.name != "conftest.py"):
                    offenders.append(f"{_relative(path)} → {node.module}")
    assert offenders == []
