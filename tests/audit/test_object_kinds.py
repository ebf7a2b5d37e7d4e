"""Every kind of object the code writes into the audit log reads in words: the log,
"My activity", the DPO's extract and the access export never show "casefile 301"."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from lien.accounts import account_events, credentials, role_changes
from lien.accounts.organisation import services as organisation_services
from lien.audit.object_kinds import NAMED_KINDS, is_known_kind, kind_in_words, object_in_words
from lien.catalog import services as catalog_services
from lien.web import grid_editor, paper_grids

LIEN = Path(__file__).resolve().parents[2] / "lien"
LITERAL = re.compile(r"""object_kind(?:=|": )"([a-z_]+)\"""")


def _kinds_written_by_the_code() -> set[str]:
    kinds = set()
    for path in LIEN.rglob("*.py"):
        kinds |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    constants = [
        value
        for module in (credentials, role_changes, account_events)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and re.fullmatch(r"[a-z_]+", value)
    ]
    written_as_constants = {
        catalog_services.AUDIT_KIND,
        paper_grids.AUDIT_KIND,
        grid_editor.AUDIT_KIND,
        organisation_services.AUDIT_KIND,
        "catalog_register",  # privacy/register/selectors.py: f"catalog_{kind}"
        "catalog_dpia",
    }
    return kinds | set(constants) | written_as_constants


def test_every_kind_the_code_writes_has_its_words():
    kinds = _kinds_written_by_the_code()
    assert "statistics_grid" in kinds and "casefile" in kinds  # the scan finds them
    assert not {k for k in kinds if not is_known_kind(k)}


@pytest.mark.parametrize(
    ("kind", "object_id", "french"),
    [
        ("casefile", "301", "dossier n° 301"),
        ("noterelease", "3", "communication d'une note n° 3"),
        ("statistics_grid", "activity:2025", "grille statistique activity:2025"),
        ("calendar", "", "agenda"),
        ("", "", ""),
    ],
)
def test_an_object_reads_in_french(kind, object_id, french):
    with translation.override("fr"):
        assert object_in_words(kind, object_id) == french


def test_an_unknown_kind_never_shows_its_code():
    with translation.override("fr"):
        assert kind_in_words("some_new_kind") == "autre objet"
    assert "some_new_kind" not in NAMED_KINDS


@pytest.mark.django_db  # a grid may have versions saved by the grid editor
def test_the_log_names_a_statistics_grid_by_its_title():
    from lien.web.audit.objects import event_object

    with translation.override("fr"):
        assert event_object("statistics_grid", "activity:2026:csv") == (
            "grille statistique « Grille annuelle d'activité » 2026 (csv)"
        )
        assert event_object("casefile", "301") == "dossier n° 301"
