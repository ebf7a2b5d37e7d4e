"""`manage.py store_documents_encrypted [--wet-run]`: moves the documents stored in clear
under MEDIA_ROOT (before the encrypted storage) into the database, encrypted, then
deletes the clear copies, and writes one audit event counting the files moved. A dry run
unless given --wet-run.

It lives with the case files' documents rather than in lien.storage because it writes to
the audit log, a layer above the storage."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.audit.models import Action
from lien.audit.services import record
from lien.base.commands import DestructiveCommand
from lien.storage import crypto
from lien.storage.models import StoredFile

FOLDER = "documents"


def clear_documents() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / FOLDER
    if not root.is_dir():
        return []
    return [p for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()]


class Command(DestructiveCommand):
    help = (
        "Moves the documents kept in clear under MEDIA_ROOT into the encrypted storage, "
        "then deletes the clear copies (dry run unless --wet-run)."
    )

    def dry_run(self, **options: Any) -> None:
        count = len(clear_documents())
        self.stdout.write(
            ngettext(
                "%(count)s document would be encrypted into the database.",
                "%(count)s documents would be encrypted into the database.",
                count,
            )
            % {"count": count}
        )

    def wet_run(self, **options: Any) -> None:
        media = Path(settings.MEDIA_ROOT)
        moved = 0
        for path in clear_documents():
            name = path.relative_to(media).as_posix()
            data = path.read_bytes()
            # One file at a time, committed before its clear copy goes: a run stopped
            # half-way loses nothing and is simply run again.
            with transaction.atomic():
                if not StoredFile.objects.filter(name=name).exists():
                    key_id, sealed = crypto.seal(data)
                    StoredFile.objects.create(
                        name=name, sealed=sealed, key_id=key_id, size=len(data)
                    )
            path.unlink()
            moved += 1
        if moved:
            # One event for the run: a run stopped half-way and resumed counts each part
            # in its own event (what each run moved is what it deleted from the disk).
            with transaction.atomic():
                record(
                    actor=None,
                    action=Action.UPDATE,
                    object_kind="documents_storage",
                    reason=_("documents kept in clear moved into the encrypted storage"),
                    result_count=moved,
                )
        self.stdout.write(
            ngettext(
                "%(count)s document encrypted into the database; no clear copy is left.",
                "%(count)s documents encrypted into the database; no clear copy is left.",
                moved,
            )
            % {"count": moved}
        )
