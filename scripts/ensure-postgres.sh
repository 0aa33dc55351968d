#!/usr/bin/env bash
# A PostgreSQL server on 127.0.0.1:5432 with trust auth for the second test pass.
# Machines of this kind have one; elsewhere install Debian's package and start it.
set -euo pipefail
if pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then echo "postgres: running"; exit 0; fi
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql postgresql-contrib >/dev/null
fi
v=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432
# Trust local TCP connections for the throw-away test databases (CI machine only).
if ! psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1; then
  hba=$(ls /etc/postgresql/"$v"/main/pg_hba.conf)
  sed -i 's/^\(host\s\+all\s\+all\s\+127.0.0.1\/32\s\+\)\S\+/\1trust/' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$v" main reload
fi
psql -h 127.0.0.1 -U postgres -c 'select version()' -tA
