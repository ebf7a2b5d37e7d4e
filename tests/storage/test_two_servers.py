"""Two application servers sharing the database and nothing else: a document uploaded
through one is served by the other."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("two_servers.py")


def _server(tmp_path: Path, media: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "lien.sqlite3"), str(tmp_path / media), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout.strip().splitlines()[-1]


def test_a_document_uploaded_through_one_server_is_served_by_the_other(tmp_path):
    document_id, user_id = _server(tmp_path, "media-a", "upload").split()
    status, digest = _server(tmp_path, "media-b", "download", document_id, user_id).split()
    assert status == "200"
    assert digest == hashlib.sha256(b"%PDF-1.7 " + bytes(range(256)) * 64).hexdigest()
    assert not (tmp_path / "media-a").exists() or not any((tmp_path / "media-a").rglob("*.pdf"))
