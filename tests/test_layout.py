"""The folders keep their jobs: the core (geo/) is importable without the web app, the pages or the command line."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTER_PACKAGES = {"api", "cli", "maps"}


def _imported_packages(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_imports_neither_the_app_nor_the_pages_nor_the_command_line() -> None:
    offenders = {
        str(module.relative_to(ROOT)): sorted(_imported_packages(module) & OUTER_PACKAGES)
        for module in (ROOT / "geo").rglob("*.py")
        if _imported_packages(module) & OUTER_PACKAGES
    }
    assert not offenders, f"geo/ must not import api/, cli/ or maps/: {offenders}"
