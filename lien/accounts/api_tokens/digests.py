"""How a token is kept: its SHA-256 digest. Tokens are 256 random bits, so a plain hash
keeps them unreadable (there is no password to guess, so no slow hash is needed)."""

import hashlib

TOKEN_PREFIX = "lien_"  # noqa: S105 - how every token begins, not a secret


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
