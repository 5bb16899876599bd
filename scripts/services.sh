#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on localhost, starting them where they are installed but stopped,
# and make sure the app's database exists. Says what is missing otherwise.
set -euo pipefail

PGHOST=${POSTGRES_HOST:-127.0.0.1}
PGPORT=${POSTGRES_PORT:-5432}
PGUSER=${POSTGRES_USER:-postgres}
PGDB=${POSTGRES_DB:-newsroom}
REDIS_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}

wait_for() {  # wait_for NAME COMMAND...
  local name=$1; shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "error: $name did not come up." >&2
  return 1
}

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "Starting PostgreSQL $version ..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_for PostgreSQL pg_isready -q -h "$PGHOST" -p "$PGPORT"
  else
    echo "error: PostgreSQL is not answering on $PGHOST:$PGPORT and is not installed here." >&2
    echo "       Install it (apt-get install -y postgresql) or point POSTGRES_HOST/POSTGRES_PORT at a server." >&2
    exit 1
  fi
fi

if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
  echo "error: PostgreSQL answers on $PGHOST:$PGPORT but refuses user $PGUSER (set POSTGRES_USER/POSTGRES_PASSWORD)." >&2
  exit 1
fi
if [ "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PGDB'")" != "1" ]; then
  echo "Creating database $PGDB ..."
  createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$PGDB"
fi

redis_ping() { redis-cli -u "$REDIS_URL" ping | grep -q PONG; }
if ! command -v redis-cli >/dev/null; then
  echo "error: redis-cli is not installed; install Redis (apt-get install -y redis-server)." >&2
  exit 1
fi
if ! redis_ping 2>/dev/null; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis ..."
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    wait_for Redis redis_ping
  else
    echo "error: Redis is not answering at $REDIS_URL and is not installed here." >&2
    echo "       Install it (apt-get install -y redis-server) or point CELERY_BROKER_URL at a server." >&2
    exit 1
  fi
fi
echo "PostgreSQL and Redis are up."
