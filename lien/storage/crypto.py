"""The documents' bytes are sealed with LIEN_DOCUMENTS_KEY (Fernet: AES-128-CBC and
HMAC-SHA256), named by the key's id so that a rotation finds what an old key sealed.
The key is kept apart from the database and its backups, like the notes' key."""

from cryptography.fernet import InvalidToken

from lien.base.fernet_keys import keyring

SETTING = "LIEN_DOCUMENTS_KEY"


class UnreadableFile(Exception):
    """Sealed with a key the settings no longer list, or altered."""


def current_key_id() -> str:
    return keyring(SETTING)[0]


def seal(content: bytes) -> tuple[str, bytes]:
    current, ring = keyring(SETTING)
    return current, ring[current].encrypt(content)


def unseal(key_id: str, sealed: bytes) -> bytes:
    fernet = keyring(SETTING)[1].get(key_id)
    if fernet is None:
        raise UnreadableFile(
            f"file sealed with unknown key id {key_id}: list it in LIEN_DOCUMENTS_OLD_KEYS"
        )
    try:
        return fernet.decrypt(bytes(sealed))
    except InvalidToken as error:
        raise UnreadableFile(f"file sealed with key id {key_id} does not decrypt") from error
