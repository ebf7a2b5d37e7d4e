"""The one convention of destructive commands (lien/base/commands.py): every command
that deletes, rewrites, closes or rotates is a dry run that says what it would do, and
acts only when given --wet-run. Each command's own tests check what its two runs do."""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.utils import timezone

from lien.audit.models import AuditEvent
from lien.base.commands import DestructiveCommand

# Every command of Lien that loses or overwrites what was recorded, for good.
DESTRUCTIVE = {
    "apply_retention",
    "erase_paid_bank_details",
    "prune_audit",
    "rotate_notes_key",
    "stats_close_year",
    "store_documents_encrypted",
}
ARGUMENTS = {"stats_close_year": [str(timezone.localdate().year - 1)]}


def _lien_commands():
    for name, app in sorted(get_commands().items()):
        if app.startswith("lien"):
            yield name, load_command_class(app, name)


def test_the_destructive_commands_all_share_the_convention():
    shared = {name for name, command in _lien_commands() if isinstance(command, DestructiveCommand)}
    assert shared == DESTRUCTIVE


def test_no_command_of_lien_acts_unless_told_not_to():
    flags = {
        name: [
            o
            for action in command.create_parser("manage.py", name)._actions
            for o in action.option_strings
        ]
        for name, command in _lien_commands()
    }
    assert [name for name, options in flags.items() if "--dry-run" in options] == []
    assert sorted(name for name, options in flags.items() if "--wet-run" in options) == sorted(
        DESTRUCTIVE
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(DESTRUCTIVE))
def test_a_destructive_command_does_nothing_without_wet_run(name, monkeypatch):
    command_class = type(load_command_class(get_commands()[name], name))
    acted = []
    monkeypatch.setattr(command_class, "wet_run", lambda self, **options: acted.append(name))
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command(name, *ARGUMENTS.get(name, []), stdout=out)
    assert acted == [] and AuditEvent.objects.count() == events
    said = out.getvalue()
    assert said.startswith("Essai à blanc : rien n'est modifié.")
    assert said.rstrip().endswith("Relancez avec --wet-run pour le faire.")
    call_command(name, *ARGUMENTS.get(name, []), "--wet-run", stdout=StringIO())
    assert acted == [name]
