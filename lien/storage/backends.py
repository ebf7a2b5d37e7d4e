"""A Django storage that keeps files encrypted in the database (settings.STORAGES).

Why the database rather than a shared disk or object storage: Lien's documents are few
and small (10 MiB at most each), every server already shares the database, and a file
written in the same transaction as its row is never left behind by a rollback nor
missing after a restore. Files are never served by URL: a view reads them through a
selector. Files stored on disk before this storage (MEDIA_ROOT) are still read until
`manage.py store_documents_encrypted --wet-run` (lien.casefiles, which audits it) moves them
in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.deconstruct import deconstructible

from . import crypto
from .models import StoredFile


@deconstructible(path="lien.storage.backends.EncryptedDatabaseStorage")
class EncryptedDatabaseStorage(Storage):
    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode:
            raise ValueError("Stored files are written through save(), not opened for writing.")
        row = StoredFile.objects.filter(name=name).only("key_id", "sealed").first()
        if row is None:
            return self._former().open(name, mode)
        content = ContentFile(crypto.unseal(row.key_id, bytes(row.sealed)), name=name)
        return content

    def _save(self, name: str, content: File[Any]) -> str:
        data = b"".join(content.chunks())
        key_id, sealed = crypto.seal(data)
        StoredFile.objects.create(name=name, sealed=sealed, key_id=key_id, size=len(data))
        return name

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=name).delete()
        former = self._former()
        if former.exists(name):
            former.delete(name)

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists() or self._former().exists(name)

    def size(self, name: str) -> int:
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        return self._former().size(name) if size is None else size

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Documents are sent by a view that checks who asks.")

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.rstrip('/')}/" if path else ""
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        directories, files = set(), []
        for name in names:
            head, _, tail = name.removeprefix(prefix).partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    @staticmethod
    def _former() -> FileSystemStorage:
        return FileSystemStorage(location=Path(settings.MEDIA_ROOT))
