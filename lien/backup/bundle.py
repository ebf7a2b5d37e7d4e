"""The plaintext inside an archive: a tar holding the database's data (`data.json`) and
the uploaded files (`media/…`, e.g. the documents of the files)."""

import tarfile
from pathlib import Path

DATA = "data.json"
MEDIA = "media"


def pack(bundle: Path, dump: Path, media_root: Path) -> int:
    count = 0
    with tarfile.open(bundle, "w") as tar:
        tar.add(dump, arcname=DATA)
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
                    count += 1
    return count


def unpack_data(bundle: Path, work: Path) -> Path:
    with tarfile.open(bundle) as tar:
        tar.extract(DATA, work, filter="data")
    return work / DATA


def unpack_media(bundle: Path, media_root: Path) -> None:
    """Extracts the uploaded files; the "data" filter refuses absolute paths, `..` and
    links that would write outside the media folder."""
    with tarfile.open(bundle) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(f"{MEDIA}/")]
        for member in members:
            member.name = member.name.removeprefix(f"{MEDIA}/")
        if members:
            media_root.mkdir(parents=True, exist_ok=True)
            tar.extractall(media_root, members=members, filter="data")
