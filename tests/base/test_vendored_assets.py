"""Every third-party file Lien serves is listed, with its version, licence, source and
digest, in the MANIFEST.toml of its `vendor/` folder; the file on disk is the file the
manifest describes."""

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

LIEN = Path(__file__).resolve().parents[2] / "lien"
MANIFEST = "MANIFEST.toml"
VENDOR_DIRS = sorted(LIEN.glob("*/static/**/vendor"))
# What marks a file as someone else's: a minified bundle, or a licence banner.
THIRD_PARTY_NAME = re.compile(r"\.min\.(js|css)$|LICEN[CS]E", re.IGNORECASE)
THIRD_PARTY_BANNER = re.compile(rb"@license|Licensed under|Copyright \(c\)|Copyright \d{4}", re.I)


def _manifest(folder: Path) -> dict:
    with (folder / MANIFEST).open("rb") as file:
        return tomllib.load(file)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_vendored_folders_are_found():
    assert LIEN / "base" / "static" / "vendor" in VENDOR_DIRS


@pytest.mark.parametrize("folder", VENDOR_DIRS, ids=lambda p: str(p.relative_to(LIEN)))
def test_every_vendored_file_matches_its_manifest_entry(folder):
    assert (folder / MANIFEST).is_file(), f"{folder} has no {MANIFEST}"
    listed = {}
    for asset in _manifest(folder)["asset"]:
        for key in ("name", "version", "licence", "source", "package"):
            assert str(asset.get(key, "")).strip(), f"{asset.get('name')}: no {key}"
        for name, entry in asset["files"].items():
            assert name not in listed, f"{name} is listed twice"
            listed[name] = entry
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}
    assert present - set(listed) == set(), "vendored files missing from the manifest"
    assert set(listed) - present == set(), "manifest entries whose file is missing"
    for name, entry in listed.items():
        assert _digest(folder / name) == entry["sha256"], f"{name} differs from its manifest"


def test_no_third_party_file_lies_outside_a_vendor_folder():
    strays = [
        str(path.relative_to(LIEN))
        for path in LIEN.glob("*/static/**/*")
        if path.is_file()
        and not any(folder in path.parents for folder in VENDOR_DIRS)
        and (
            THIRD_PARTY_NAME.search(path.name)
            or THIRD_PARTY_BANNER.search(path.read_bytes()[:2000])
        )
    ]
    assert strays == [], "third-party files belong in a vendor/ folder with its MANIFEST.toml"
