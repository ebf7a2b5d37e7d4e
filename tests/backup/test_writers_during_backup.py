"""A backup never stops the service: on SQLite, 20 agents writing while it runs all
succeed, and none waits for it (the backup reads a snapshot and takes no lock). It runs
on a SQLite file whatever the suite's database: PostgreSQL's snapshot never blocked
writers."""

import json
import os
import subprocess
import sys
from pathlib import Path

from lien.backup import archive

ROOT = Path(__file__).resolve().parents[2]


def test_twenty_writers_during_a_backup_on_sqlite(tmp_path):
    env = {**os.environ, archive.KEY_ENV: archive.generate_key(), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("writers_during_backup.py")),
            str(tmp_path / "lien.sqlite3"),
            str(tmp_path / "lien.backup"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["visits"] == result["expected"]
    # While the backup reads, the write lock is free: no writer waits for the backup.
    assert result["write_lock_during_dump"] == "free", result
    assert (tmp_path / "lien.backup").stat().st_size > 0
