"""The audit key: the secret that seals the audit log, kept outside the database.

Every seal, checkpoint, redaction and anchor carries a MAC (HMAC-SHA256) computed with
`LIEN_AUDIT_KEY`, and the id of the key that computed it (a short hash of the key, never
the key). Whoever can write to the database but does not hold the key cannot make a
changed, inserted or forged record verify. Former keys, listed in `LIEN_AUDIT_OLD_KEYS`,
still verify what they sealed: a rotation seals the new events with the new key and
leaves the old seals as they are (see docs/audit-log.md).
"""

import hashlib
import hmac
import json
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Long enough that the key cannot be guessed: `secrets.token_urlsafe(32)` gives 43.
MIN_KEY_LENGTH = 32


class UnknownKeyError(Exception):
    """A record sealed with a key that the settings do not list."""


def key_id(key: str) -> str:
    return hashlib.sha256(b"lien-audit-key-id\0" + key.encode()).hexdigest()[:8]


@lru_cache(maxsize=8)
def _keyring(current: str, old: tuple[str, ...]) -> tuple[str, dict[str, bytes]]:
    if not current:
        raise ImproperlyConfigured("LIEN_AUDIT_KEY is not set: the audit log cannot be sealed.")
    for key in (current, *old):
        if len(key) < MIN_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"LIEN_AUDIT_KEY and LIEN_AUDIT_OLD_KEYS must be at least {MIN_KEY_LENGTH} "
                "characters long (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)."
            )
    return key_id(current), {key_id(key): key.encode() for key in (current, *old)}


def keyring() -> tuple[str, dict[str, bytes]]:
    """(id of the current key, {key id: key}), read from the settings on every call so that
    a test or a rotation overriding them is followed."""
    old = tuple(k for k in getattr(settings, "LIEN_AUDIT_OLD_KEYS", ()) if k)
    return _keyring(getattr(settings, "LIEN_AUDIT_KEY", ""), old)


def current_key_id() -> str:
    return keyring()[0]


def mac(purpose: str, payload: list[object], kid: str | None = None) -> str:
    """The MAC of a record. `purpose` separates the kinds of record, so that a MAC computed
    for one kind is never valid for another."""
    current, ring = keyring()
    kid = kid or current
    key = ring.get(kid)
    if key is None:
        raise UnknownKeyError(kid)
    data = json.dumps([purpose, *payload], ensure_ascii=False, separators=(",", ":"), default=str)
    return hmac.new(key, data.encode("utf-8"), hashlib.sha256).hexdigest()


def matches(expected: str, purpose: str, payload: list[object], kid: str) -> bool:
    """Whether `expected` is the MAC of the record under the key `kid` (UnknownKeyError if
    the settings do not list that key)."""
    return hmac.compare_digest(expected, mac(purpose, payload, kid))
