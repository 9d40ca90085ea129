#!/usr/bin/env bash
# The storage contract tests run on PostgreSQL too: make sure the local server answers,
# starting it when it is installed but stopped. Never skip silently.
set -uo pipefail
HOST=${PGHOST:-127.0.0.1}; PORT=${PGPORT:-5432}
ready() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }
ready && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is not answering on $HOST:$PORT; starting it"
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
echo "ERROR: PostgreSQL is needed by the storage tests but does not answer on $HOST:$PORT." >&2
echo "       Install it (apt-get install postgresql) or point PGHOST/PGPORT at a server with trust auth for user postgres." >&2
exit 1
