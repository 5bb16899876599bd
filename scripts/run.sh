#!/usr/bin/env bash
# Web, the workers (extraction, fetching) and the sweep scheduler in the foreground; Ctrl-C stops them all.
set -euo pipefail
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
# the worker at a lower CPU priority: pages are people waiting, an extraction can wait a moment
nice -n 10 "$PY" -m celery -A newsroom worker --loglevel INFO &
# imports by web address, feed checks and API callbacks on a queue of their own: threads, as they wait on
# the network, not the CPU
"$PY" -m celery -A newsroom worker --queues "${CELERY_FETCH_QUEUE:-newsroom-fetch}" --pool threads \
  --concurrency 8 --hostname "fetch@%h" --loglevel INFO &
"$PY" -m celery -A newsroom beat --loglevel INFO --schedule "${TMPDIR:-/tmp}/newsroom-celerybeat-schedule" &
echo "Open http://127.0.0.1:$PORT/ (Ctrl-C stops web, worker and scheduler)."
"$PY" manage.py runserver "127.0.0.1:$PORT" &
wait -n
