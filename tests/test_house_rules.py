"""House rules that keep the code readable (docs/architecture.md, "Checks that keep it
so"): no module of Lien over 500 lines, and no module importing another module's private
names (a name starting with "_" is for its own module only: a helper two modules need gets
a public name where it belongs)."""

import ast
from pathlib import Path

LIEN = Path(__file__).resolve().parent.parent / "lien"
MAX_LINES = 500

# Over the limit when the rule came in, to be split; the test fails once one is back
# under the limit, so that the list only shrinks.
OVER_THE_LIMIT = {
    "privacy/inventory.py",  # one table of every field of every model
}


def _modules():
    for path in sorted(LIEN.rglob("*.py")):
        if "migrations" not in path.relative_to(LIEN).parts:
            yield path


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_of_lien_passes_500_lines():
    too_long = {
        str(path.relative_to(LIEN)): _line_count(path)
        for path in _modules()
        if _line_count(path) > MAX_LINES
    }
    assert {name: n for name, n in too_long.items() if name not in OVER_THE_LIMIT} == {}, (
        f"split these modules: they pass {MAX_LINES} lines"
    )
    assert OVER_THE_LIMIT - set(too_long) == set(), "back under the limit: take them off the list"


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
