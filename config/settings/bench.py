"""The load test (bench/load/): production's settings on a loopback gunicorn and a
throwaway PostgreSQL cluster, with what a load test cannot do without.

- no second factor: 50 simulated agents log in with a password only;
- `LIEN_BENCH_AUDIT_READS=0` switches the logging of reads off, for the one measure of
  what it costs (production refuses to start with it off: see prod.py);
- plain HTTP on 127.0.0.1, a fixed secret: nothing here is reachable from elsewhere.

Never use these settings for anything but `bench/load/run.sh`.
"""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-key-for-a-loopback-load-test-never-anywhere-else"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LIEN_OTP_REQUIRED = False
LIEN_ALLOW_DEMO = True  # manage.py seed_synthetic builds the data
LIEN_AUDIT_READS = os.environ.get("LIEN_BENCH_AUDIT_READS", "1") == "1"
# A fixed key for the synthetic notes: nothing here is real.
LIEN_NOTES_KEY = "YmVuY2gtb25seS1ub3Rlcy1rZXktMzItYnl0ZXMhISE="
LIEN_DOCUMENTS_KEY = "YmVuY2gtb25seS1kb2N1bWVudHMta2V5LTMyYnl0ZSE="
LIEN_AUDIT_KEY = "bench-only-audit-key-for-a-loopback-load-test"
