"""Keys that encrypt at rest (the notes' text, the documents' bytes): a current key and the
former ones still accepted for reading while a rotation re-encrypts, each named by a short
hash (never the key), so that what a key sealed can be found and re-sealed."""

import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:8]


@lru_cache(maxsize=16)
def _keyring(setting: str, current: str, old: tuple[str, ...]) -> tuple[str, dict[str, Fernet]]:
    if not current:
        raise ImproperlyConfigured(f"{setting} is not set: nothing can be encrypted.")
    ring = {}
    for key in (current, *old):
        try:
            ring[key_id(key)] = Fernet(key.encode())
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{setting} and {setting.replace('_KEY', '_OLD_KEYS')} must be Fernet keys "
                "(32 url-safe base64-encoded bytes)."
            ) from error
    return key_id(current), ring


def keyring(setting: str) -> tuple[str, dict[str, Fernet]]:
    """(id of the current key, {key id: Fernet}) from the setting `setting` and its former
    keys (`…_OLD_KEYS`), read on every call so that a test or a rotation overriding the
    settings is followed."""
    old_setting = setting.replace("_KEY", "_OLD_KEYS")
    old = tuple(k for k in getattr(settings, old_setting, ()) if k)
    return _keyring(setting, getattr(settings, setting, ""), old)
