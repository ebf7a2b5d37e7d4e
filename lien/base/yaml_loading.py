"""YAML read with libyaml's parser when PyYAML has it (its wheels do): the statistical
grids are parsed in the first request of every process that counts or shows them, and
the pure-Python parser took 0.1 s for one grid (bench/concurrent_writers.py)."""

from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """yaml.safe_load, faster: the same safe subset, the same yaml.YAMLError on bad input."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
