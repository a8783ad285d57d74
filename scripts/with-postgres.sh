#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on 127.0.0.1 (Debian's package).
# Sets DATABASE_URL for the command. Without PostgreSQL installed it skips, unless
# HELPFIRST_STRICT_TESTS=1 (CI), where a missing server is a failure.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
if [ -z "${PGBIN}" ] || [ ! -x "${PGBIN}/initdb" ]; then
  if [ "${HELPFIRST_STRICT_TESTS:-0}" = "1" ]; then
    echo "FAIL: PostgreSQL is required in strict mode: apt-get install postgresql" >&2
    exit 1
  fi
  echo "SKIPPED PostgreSQL run: Debian's postgresql is not installed (apt-get install postgresql)." >&2
  exit 0
fi
DATA=$(mktemp -d /tmp/helpfirst-pg.XXXXXX)
PORT=${HELPFIRST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
RUN=()
if [ "$(id -u)" = "0" ]; then
  chown postgres "$DATA"
  RUN=(runuser -u postgres --)
fi
cleanup() {
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT
"${RUN[@]}" "$PGBIN/initdb" -D "$DATA" -U helpfirst --auth=trust -E UTF8 >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DATA" -w -l "$DATA/server.log" \
  -o "-h 127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
"${RUN[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U helpfirst helpfirst
export DATABASE_URL="postgres://helpfirst@127.0.0.1:${PORT}/helpfirst"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:${PORT}" >&2
"$@"
