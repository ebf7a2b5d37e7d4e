"""House rules that keep the code readable (docs/architecture.md, "Checks that keep it
so"): no module of Lien or of its tests over 500 lines, and no module importing another module's private
names (a name starting with "_" is for its own module only: a helper two modules need gets
a public name where it belongs)."""

import ast
from pathlib import Path

LIEN = Path(__file__).resolve().parent.parent / "lien"
TESTS = Path(__file__).resolve().parent
MAX_LINES = 500


def _modules():
    for path in sorted(LIEN.rglob("*.py")):
        if "migrations" not in path.relative_to(LIEN).parts:
            yield path


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _too_long(paths, root: Path) -> dict[str, int]:
    return {
        str(path.relative_to(root)): _line_count(path)
        for path in paths
        if _line_count(path) > MAX_LINES
    }


def test_no_module_of_lien_passes_500_lines():
    assert _too_long(_modules(), LIEN) == {}, f"split these modules: they pass {MAX_LINES} lines"


def test_no_test_module_passes_500_lines():
    assert _too_long(sorted(TESTS.rglob("*.py")), TESTS) == {}, (
        f"split these test modules (by area, into a package): they pass {MAX_LINES} lines"
    )


def private_imports(source: str) -> list[tuple[int, str, str]]:
    """(line, module, name) of every `from lien.x import _y` and `from .x import _y`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = "." * node.level + (node.module or "")
        if node.level == 0 and not (module == "lien" or module.startswith("lien.")):
            continue  # another library's names are its own business
        found += [(node.lineno, module, a.name) for a in node.names if a.name.startswith("_")]
    return found


def test_the_scan_sees_absolute_relative_and_nested_private_imports():
    source = (
        "from lien.casefiles.services import _bump, bump\n"
        "from ..views.reception import _office\n"
        "from . import _helpers\n"
        "from django.utils.translation import gettext as _\n"
        "from gettext import _private\n"
        "def f():\n"
        "    from .services import _apply_rows\n"
    )
    assert private_imports(source) == [
        (1, "lien.casefiles.services", "_bump"),
        (2, "..views.reception", "_office"),
        (3, ".", "_helpers"),
        (7, ".services", "_apply_rows"),
    ]


def test_no_module_imports_a_private_name_of_another():
    offences = [
        f"{path.relative_to(LIEN)}:{line}: from {module} import {name}"
        for path in _modules()
        for line, module, name in private_imports(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "give these helpers a public name where they belong"
