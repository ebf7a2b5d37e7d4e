#!/usr/bin/env bash
# The load test (`make bench-load`): a mixed day of 50 agents for 5 minutes against
# gunicorn on 127.0.0.1 and a throwaway PostgreSQL cluster, run twice: with every read
# logged (as in production), then with the logging of reads switched off, to measure what
# it costs. Prints requests, failures, median, p95 and throughput of each run, and the
# ratio of throughputs. Exits non-zero if a target is missed (see bench/README.md).
#
# Settings: config/settings/bench.py (no second factor, loopback only). Environment:
#   LOAD_HOUSEHOLDS (100000)  size of the synthetic département (seed_synthetic)
#   LOAD_USERS (50)           simulated agents
#   LOAD_TIME (5m)            duration of each run (locust --run-time)
#   LOAD_WORKERS (3)          gunicorn worker processes
#   LOAD_PORT (8765)          gunicorn's port on 127.0.0.1
#   LIEN_PG_PORT              the throwaway cluster's port (.ci/with-throwaway-postgres)
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "${DATABASE_URL:-}" != postgres* ]]; then
  LIEN_PG_DURABLE=1 exec bash .ci/with-throwaway-postgres bash "$0" "$@"
fi

PY=.venv/bin/python
if [[ ! -x .venv/bin/locust ]]; then
  echo "locust is missing: install the bench extras first (make bench-load does it)." >&2
  exit 1
fi
households=${LOAD_HOUSEHOLDS:-100000}
users=${LOAD_USERS:-50}
duration=${LOAD_TIME:-5m}
workers=${LOAD_WORKERS:-3}
port=${LOAD_PORT:-8765}
out=var/bench/load
mkdir -p "$out"
export DJANGO_SETTINGS_MODULE=config.settings.bench
export LIEN_LOAD_PLAN="$out/plan.json"

echo "machine: $(uname -m), $(nproc) cores, $($PY --version); load: $(uptime)"
started=$(date +%s)
$PY bench/load/prepare.py --households "$households" --users "$users" --plan "$LIEN_LOAD_PLAN"
echo "data built in $(($(date +%s) - started)) s"

gunicorn_pid=""
worker_pid=""
stop_gunicorn() {
  for pid in "$gunicorn_pid" "$worker_pid"; do
    if [[ -n "$pid" ]]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  gunicorn_pid=""
  worker_pid=""
}
trap stop_gunicorn EXIT

for reads in on off; do
  flag=1
  [[ $reads == off ]] && flag=0
  # Production's gunicorn configuration (each worker warmed before its first request),
  # with the bench's address, workers and timeout.
  LIEN_BENCH_AUDIT_READS=$flag .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi:application \
    --bind "127.0.0.1:$port" --workers "$workers" --timeout 60 \
    --error-logfile "$out/gunicorn-reads-$reads.log" &
  gunicorn_pid=$!
  # The task worker beside it, as in production: it seals the audit log every second.
  LIEN_BENCH_AUDIT_READS=$flag $PY manage.py db_worker --no-reload --verbosity 0 \
    > "$out/worker-reads-$reads.log" 2>&1 &
  worker_pid=$!
  for _ in $(seq 1 60); do
    if $PY -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/login/', timeout=2)" 2>/dev/null; then
      break
    fi
    sleep 1
  done
  echo "run with reads logged: $reads; load: $(uptime)"
  # --exit-code-on-error 0: failures are reported (and judged) by report.py.
  .venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$port" \
    --users "$users" --spawn-rate 2 --reset-stats --run-time "$duration" --stop-timeout 20 \
    --csv "$out/reads-$reads" --only-summary --loglevel WARNING --exit-code-on-error 0 \
    > "$out/locust-reads-$reads.log" 2>&1
  stop_gunicorn
done
echo "load at the end: $(uptime)"
$PY bench/load/report.py "$out/reads-on_stats.csv" "$out/reads-off_stats.csv"
