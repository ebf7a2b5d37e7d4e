"""Lien's own stylesheet is well formed: a rule left open would nest every rule after it
(modern browsers read CSS nesting), and they would silently stop applying."""

import re
from pathlib import Path

import lien

STYLESHEETS = sorted((Path(lien.__file__).parent).glob("*/static/lien/*.css"))


def test_every_rule_of_lien_stylesheets_is_closed():
    assert STYLESHEETS
    for path in STYLESHEETS:
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for character in text:
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0, f"{path.name}: a brace closes nothing"
        assert depth == 0, f"{path.name}: a rule is left open"
