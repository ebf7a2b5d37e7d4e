"""The hashed lock file that `make install` uses must pin what pyproject.toml asks for.

pyproject.toml states Lien's direct dependencies with exact versions; requirements/dev.lock
adds every indirect one and the SHA-256 of each file. A dependency changed in one and not
the other would install something nobody reviewed: `make lock` regenerates the lock.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        match = PIN.match(requirement)
        assert match, f"{requirement!r} is not pinned to an exact version"
        pins[_normalise(match[1])] = match[2]
    return pins


def _lock() -> tuple[dict[str, str], dict[str, int]]:
    versions, hashes = {}, {}
    current = None
    for line in (ROOT / "requirements" / "dev.lock").read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _normalise(match[1])
            versions[current] = match[2]
            hashes[current] = 0
        elif current and line.strip().startswith("--hash=sha256:"):
            hashes[current] += 1
    return versions, hashes


def test_every_direct_dependency_is_locked_at_its_version():
    versions, _ = _lock()
    for name, version in _pyproject_pins().items():
        assert versions.get(name) == version, (
            f"{name}: pyproject {version}, lock {versions.get(name)}"
        )


def test_every_locked_package_carries_a_digest():
    versions, hashes = _lock()
    assert len(versions) > 40
    assert [name for name, count in hashes.items() if count == 0] == []
