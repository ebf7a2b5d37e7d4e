"""The plaintext inside an archive: a tar stream holding the database's rows in batches
(`data/000000.json`, …) and the uploaded files (`media/…`, e.g. the documents of the
files). It is written into and read from the archive's encryption as a stream: no clear
copy of the data is ever on disk, so a killed backup or restore leaves nothing readable.

Archives of format 1 hold the rows as one `data.json`; they are read the same way."""

import io
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

DATA = "data"
FORMER_DATA = "data.json"
MEDIA = "media"


def media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return [p for p in sorted(media_root.rglob("*")) if p.is_file() and not p.is_symlink()]


def write_bundle(out: BinaryIO, batches: Iterable[bytes], media_root: Path) -> None:
    with tarfile.open(fileobj=out, mode="w|") as tar:
        for number, batch in enumerate(batches):
            member = tarfile.TarInfo(f"{DATA}/{number:06d}.json")
            member.size = len(batch)
            member.mode = 0o600
            tar.addfile(member, io.BytesIO(batch))
        for path in media_files(media_root):
            tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")


def read_bundle(plain: BinaryIO, media_root: Path, written: list[Path]) -> Iterator[bytes]:
    """Yields the batches of rows in order and extracts the uploaded files into
    media_root as they come, naming each in `written` so that a failed restore can take
    them away again. The "data" filter refuses absolute paths, `..` and links that would
    write outside the media folder."""
    with tarfile.open(fileobj=plain, mode="r|") as tar:
        for member in tar:
            if member.name == FORMER_DATA or (
                member.name.startswith(f"{DATA}/") and member.name.endswith(".json")
            ):
                data = tar.extractfile(member)
                if data is not None:
                    yield data.read()
            elif member.name.startswith(f"{MEDIA}/") and member.isfile():
                member.name = member.name.removeprefix(f"{MEDIA}/")
                media_root.mkdir(parents=True, exist_ok=True)
                tar.extract(member, media_root, filter="data")
                written.append(media_root / member.name)
