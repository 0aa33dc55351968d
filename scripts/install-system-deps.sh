#!/usr/bin/env bash
# The Debian tools the unit + integration tests use, installed only when missing (idempotent);
# `npm test` runs this first, so a fresh clone needs nothing installed by hand:
#   kcat           Kafka path of the event log tests (librdkafka's mock cluster)  → kcat
#   poppler-utils  pdftotext on invoice PDFs                                      → pdftotext
#   openssl        a throw-away CA for the database TLS verification test          → openssl
# Chromium (e2e) comes from scripts/install-chromium.sh, PostgreSQL (CI's second pass) from
# scripts/ensure-postgres.sh.
# Needs root (or sudo) and network only when something is missing.
set -euo pipefail

declare -A probe=(
  [kcat]="command -v kcat"
  [poppler-utils]="command -v pdftotext"
  [openssl]="command -v openssl"
)

missing=()
for pkg in kcat poppler-utils openssl; do
  if eval "${probe[$pkg]}" >/dev/null 2>&1; then echo "system-deps: $pkg present"; else missing+=("$pkg"); fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: need root (or sudo) to apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "system-deps: installing ${missing[*]} (apt-get)…"
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for pkg in "${missing[@]}"; do
  eval "${probe[$pkg]}" >/dev/null 2>&1 || { echo "install-system-deps: $pkg still missing after apt-get" >&2; exit 1; }
done
echo "system-deps: installed ${missing[*]}"
