#!/bin/bash
# The part of the official postgres image's entry point that compose files rely on.
set -euo pipefail
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  user="${POSTGRES_USER:-postgres}"
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > /tmp/pwfile
  chown postgres /tmp/pwfile
  runuser -u postgres -- initdb -U "$user" --pwfile=/tmp/pwfile --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  runuser -u postgres -- pg_ctl -w -o "-c listen_addresses=''" start >/dev/null
  db="${POSTGRES_DB:-$user}"
  if [ "$db" != postgres ]; then
    runuser -u postgres -- psql -U "$user" -d postgres -qc "CREATE DATABASE \"$db\""
  fi
  runuser -u postgres -- pg_ctl -w -m fast stop >/dev/null
fi
if [ "$1" = postgres ]; then
  shift
  exec runuser -u postgres -- postgres -c listen_addresses='*' "$@"
fi
exec "$@"
