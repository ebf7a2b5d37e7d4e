"""Loads a catalogue file from the command line (the default catalogue for `seed_demo`,
or a département's own file), through the same validation as an import."""

from pathlib import Path

from django.db import transaction

from .changes import apply_rows, new_version
from .exchange import read_yaml

DEFAULT_CATALOG = Path(__file__).parent / "data" / "default_catalog.yaml"


@transaction.atomic
def load_rows(rows: list, *, note: str) -> int:
    """All or nothing; a new version when something changed. Returns the number of items."""
    result = apply_rows(rows, actor=None)
    if result.created or result.updated:
        new_version(None, note)
    return result.total


def load_catalog(path: Path = DEFAULT_CATALOG) -> int:
    """Creates or updates the items of a YAML catalogue file, by code."""
    return load_rows(read_yaml(Path(path).read_bytes()), note=Path(path).name)
