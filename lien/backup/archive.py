"""Encrypted backup archives of the database.

The archive is the database's data (Django's JSON serialisation, which both SQLite and
PostgreSQL load), compressed, then encrypted with AES-256-GCM in chunks of 1 MiB. Each
chunk has its own random nonce and is authenticated together with the archive's header,
its position and whether it is the last one: a changed, reordered, or truncated archive
is refused, not half-restored.

The key (32 random bytes, base64) never sits beside the archive: it comes from the
environment (LIEN_BACKUP_KEY) or from a key file kept elsewhere (--key-file).

Layout: MAGIC · header length (4 bytes) · header (JSON) · chunks, each
nonce (12) · flags (1: last chunk) · length (4) · ciphertext with its tag.
"""

import base64
import hashlib
import io
import json
import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:  # what the io classes accept: bytes, bytearray, memoryview…
    from _typeshed import ReadableBuffer, WriteableBuffer

MAGIC = b"LIEN-BACKUP-1\n"
CHUNK = 1024 * 1024
KEY_ENV = "LIEN_BACKUP_KEY"


class ArchiveError(Exception):
    pass


def generate_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def load_key(key_file: str | None) -> bytes:
    if key_file:
        text = Path(key_file).read_text(encoding="ascii").strip()
    else:
        text = os.environ.get(KEY_ENV, "").strip()
    if not text:
        raise ArchiveError(
            f"No backup key: set {KEY_ENV} or pass --key-file (create one with "
            "`manage.py backup --generate-key`)."
        )
    try:
        key = base64.urlsafe_b64decode(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ArchiveError("The backup key must be 32 bytes in base64, as --generate-key makes.")
    return key


def key_id(key: bytes) -> str:
    """Names the key without revealing it, so that a wrong key gets a clear message."""
    return hashlib.sha256(b"lien-backup-key-id" + key).hexdigest()[:16]


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, last)


class Writer(io.RawIOBase):
    """A file to write the plaintext into: it is compressed and sealed chunk by chunk as it
    comes, so that no clear copy of the data ever exists on disk (tarfile writes into it)."""

    def __init__(self, out: BinaryIO, key: bytes, meta: dict) -> None:
        super().__init__()
        self._header = json.dumps({**meta, "key_id": key_id(key)}, sort_keys=True).encode()
        out.write(MAGIC + struct.pack(">I", len(self._header)) + self._header)
        self._out = out
        self._aead = AESGCM(key)
        self._compressor = zlib.compressobj(level=6)
        self._pending = b""
        self._index = 0

    def writable(self) -> bool:
        return True

    def write(self, data: "ReadableBuffer") -> int:
        block = bytes(data)
        self._pending += self._compressor.compress(block)
        while len(self._pending) >= CHUNK:
            self._emit(self._pending[:CHUNK], last=False)
            self._pending = self._pending[CHUNK:]
        return len(block)

    def finish(self) -> None:
        """Seals the last chunk: an archive without it is refused as truncated."""
        self._emit(self._pending + self._compressor.flush(), last=True)
        self._pending = b""

    def _emit(self, data: bytes, last: bool) -> None:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, data, _aad(self._header, self._index, last))
        self._out.write(nonce + struct.pack(">BI", last, len(sealed)) + sealed)
        self._index += 1


def write(out: BinaryIO, source: BinaryIO, key: bytes, meta: dict) -> None:
    writer = Writer(out, key, meta)
    while block := source.read(CHUNK):
        writer.write(block)
    writer.finish()


class Reader(io.RawIOBase):
    """The plaintext of an archive as a file to read (tarfile reads from it), decrypted
    and checked chunk by chunk, never written anywhere."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        super().__init__()
        self._parts = read(source, key)
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target: "WriteableBuffer") -> int:
        while not self._buffer:
            part = next(self._parts, None)
            if part is None:
                return 0
            self._buffer = memoryview(part)
        into = memoryview(target).cast("B")
        size = min(len(into), len(self._buffer))
        into[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def read_header(source: BinaryIO) -> tuple[bytes, dict]:
    if source.read(len(MAGIC)) != MAGIC:
        raise ArchiveError("This file is not a Lien backup archive.")
    (length,) = struct.unpack(">I", source.read(4))
    header = source.read(length)
    return header, json.loads(header)


def read(source: BinaryIO, key: bytes) -> Iterator[bytes]:
    """Yields the decrypted, decompressed data; raises ArchiveError on any tampering."""
    header, meta = read_header(source)
    if meta.get("key_id") != key_id(key):
        raise ArchiveError("This archive was encrypted with another key.")
    aead = AESGCM(key)
    decompressor = zlib.decompressobj()
    index = 0
    while True:
        head = source.read(17)
        if len(head) < 17:
            raise ArchiveError("The archive is truncated: its last part is missing.")
        nonce, (last, length) = head[:12], struct.unpack(">BI", head[12:])
        sealed = source.read(length)
        try:
            data = aead.decrypt(nonce, sealed, _aad(header, index, bool(last)))
        except InvalidTag:
            raise ArchiveError(f"The archive was altered (part {index}).") from None
        yield decompressor.decompress(data)
        index += 1
        if last:
            break
    yield decompressor.flush()
    if source.read(1):
        raise ArchiveError("The archive has data after its last part.")
