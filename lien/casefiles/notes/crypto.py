"""Encryption at rest of the notes' text.

A note's text is stored as `lien1:<key id>:<Fernet token>`. The key id (a short hash of
the key, never the key) says which key sealed it, so that settings may list old keys
for reading while `manage.py rotate_notes_key` re-seals every note with the current one,
and so that the command finds the notes still to do with a plain prefix filter.

The Python value stays the plaintext: services, the access export, the retention engine
and the guard read and write `note.text` as before.
"""

from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken
from django.db import models
from django.db.models.expressions import Combinable

from lien.base.fernet_keys import key_id as key_id
from lien.base.fernet_keys import keyring as fernet_keyring

# The model field reads and takes plain text, as a TextField does: its types for
# django-stubs, which parametrises fields only while type checking.
if TYPE_CHECKING:
    _TextField = models.TextField[str | Combinable, str]
else:
    _TextField = models.TextField

PREFIX = "lien1:"


class UnreadableNote(Exception):
    """The stored text was sealed with a key that the settings no longer list."""


def keyring() -> tuple[str, dict[str, Fernet]]:
    """(id of the current key, {key id: Fernet}): LIEN_NOTES_KEY and LIEN_NOTES_OLD_KEYS."""
    return fernet_keyring("LIEN_NOTES_KEY")


def current_prefix() -> str:
    return f"{PREFIX}{keyring()[0]}:"


def seal(plaintext: str) -> str:
    current, ring = keyring()
    token = ring[current].encrypt(plaintext.encode()).decode()
    return f"{PREFIX}{current}:{token}"


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def unseal(stored: str) -> str:
    if not is_sealed(stored):
        # A row written before encryption existed: the migration and the rotation
        # command seal those; reading it must not break a page meanwhile.
        return stored
    kid, _, token = stored.removeprefix(PREFIX).partition(":")
    fernet = keyring()[1].get(kid)
    if fernet is None:
        raise UnreadableNote(
            f"note sealed with unknown key id {kid}: list it in LIEN_NOTES_OLD_KEYS"
        )
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise UnreadableNote(f"note sealed with key id {kid} does not decrypt") from error


class EncryptedTextField(_TextField):
    """A TextField whose column holds only ciphertext. Lookups on its content cannot work
    (each seal is randomised): nothing in Lien searches notes by their text."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return seal(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return unseal(value)

    # Serialised (dumpdata, hence the backup archives) sealed, and unsealed when loaded
    # back: a backup's notes stay encrypted inside the archive, and a restore needs the
    # notes key as well as the backup key.
    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return seal(value) if value else value

    def to_python(self, value):
        value = super().to_python(value)
        return unseal(value) if value and is_sealed(value) else value
