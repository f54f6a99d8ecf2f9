#!/usr/bin/env bash
# Make a local PostgreSQL available to the tests that compare with it (idempotent).
# Installs Debian's server if it is missing, starts the cluster, and gives the current OS user
# a superuser role so that libpq's defaults (Unix socket, own user name) connect.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then echo "postgres-up: PostgreSQL is not installed (need root to install it)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
me=$(id -un)
as_postgres() { if [ "$me" = postgres ]; then "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi; }
if ! as_postgres psql -Atqc "SELECT 1 FROM pg_roles WHERE rolname = '$me'" | grep -q 1; then
  as_postgres createuser --superuser "$me"
fi
echo "postgres-up: PostgreSQL $version is running; role $me can connect"
