"""House rules that keep the code readable (docs/architecture.md, "Checks that keep it
so"): no module of Lien or of its tests over 500 lines, and no module importing another module's private
names (a name starting with "_" is for its own module only: a helper two modules need gets
a public name where it belongs)."""

import ast
import io
import re
import tokenize
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


# --- Views meet a service's refusal in one way: `lien.base.forms.run_service`. ---


def _is_view_module(path: Path) -> bool:
    relative = path.relative_to(LIEN)
    return relative.name.startswith("views") or "views" in relative.parts[:-1]


def service_error_names(sources: list[str]) -> set[str]:
    """ValidationError and the classes of Lien derived from it, however deep (what a
    service raises when it refuses)."""
    names = {"ValidationError"}
    classes = [
        (node.name, {getattr(base, "attr", getattr(base, "id", "")) for base in node.bases})
        for source in sources
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
    ]
    while True:
        more = {name for name, bases in classes if bases & names} - names
        if not more:
            return names
        names |= more


def caught_service_errors(source: str, error_names: set[str]) -> list[tuple[int, str]]:
    """(line, name) of every `except` that catches one of the services' errors, alone,
    in a tuple, or through a module (`except exceptions.ValidationError`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ExceptHandler) or node.type is None:
            continue
        caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        for error in caught:
            name = getattr(error, "attr", getattr(error, "id", ""))
            if name in error_names:
                found.append((node.lineno, name))
    return found


def test_the_scan_sees_every_way_of_catching_a_service_error():
    errors = service_error_names(
        [
            "class ConflictError(ValidationError): pass\n"
            "class StaleError(errors.ConflictError): pass\n"
            "class Unrelated(Exception): pass\n"
        ]
    )
    assert errors == {"ValidationError", "ConflictError", "StaleError"}
    source = (
        "try:\n    f()\nexcept ValidationError as error:\n    pass\n"
        "try:\n    f()\nexcept (ValueError, errors.StaleError):\n    pass\n"
        "try:\n    f()\nexcept ValueError:\n    pass\n"
    )
    assert caught_service_errors(source, errors) == [(3, "ValidationError"), (7, "StaleError")]


def test_no_view_catches_a_service_error_itself():
    sources = {path: path.read_text(encoding="utf-8") for path in _modules()}
    errors = service_error_names(list(sources.values()))
    offences = [
        f"{path.relative_to(LIEN)}:{line}: except {name}"
        for path, source in sources.items()
        if _is_view_module(path)
        for line, name in caught_service_errors(source, errors)
    ]
    assert offences == [], (
        "call the service through lien.base.forms.run_service (on the form, the request, "
        "or a list of messages) instead of catching its refusal in the view"
    )


# --- One spelling: "catalog" in identifiers, "catalogue" in prose (docs/architecture.md). ---

# Model classes keep their names: renaming one is a migration.
MODEL_NAMES_KEPT = {"CatalogueVersion"}


def names_spelt_like_prose(source: str) -> list[tuple[int, str]]:
    """(line, name) of every Python name spelt "catalogue"; strings and comments, which
    are prose, are not names."""
    return [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.NAME and "catalogue" in token.string.lower()
    ]


def test_the_spelling_scan_reads_names_and_leaves_prose_alone():
    source = (
        "def import_catalogue(catalogue):  # the catalogue\n"
        '    return _("Import a catalogue"), CatalogueVersion\n'
    )
    assert names_spelt_like_prose(source) == [
        (1, "import_catalogue"),
        (1, "catalogue"),
        (2, "CatalogueVersion"),
    ]


def test_identifiers_and_file_names_spell_catalog():
    root = LIEN.parent
    paths = [
        path
        for folder in ("lien", "tests", "bench", "config")
        for path in sorted((root / folder).rglob("*"))
        if "migrations" not in path.parts and "locale" not in path.parts
    ]
    offences = [str(path.relative_to(root)) for path in paths if "catalogue" in path.name]
    offences += [
        f"{path.relative_to(root)}:{line}: {name}"
        for path in paths
        if path.suffix == ".py"
        for line, name in names_spelt_like_prose(path.read_text(encoding="utf-8"))
        if name not in MODEL_NAMES_KEPT
    ]
    offences += [
        f"{path.relative_to(root)}: {name}"
        for path in paths
        if path.name == "urls.py"
        for name in re.findall(r'name="([^"]*catalogue[^"]*)"', path.read_text(encoding="utf-8"))
    ]
    assert offences == [], 'identifiers, file and URL names spell "catalog", like the app'


# A stored value compared in a template ("{% if casefile.status == 'open' %}") would go
# unnoticed when the enum's value changes: templates compare with the enum's member, which
# lien.web.context_processors.choices offers them (FileStatus.OPEN).
SPELT_CHOICE = re.compile(r"\.(status|relationship|decision)\s*[!=]=\s*[\"']")


def test_templates_compare_stored_choices_with_the_enums():
    offences = [
        f"{path.relative_to(LIEN)}:{number}"
        for path in sorted(LIEN.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SPELT_CHOICE.search(line)
    ]
    assert offences == []
