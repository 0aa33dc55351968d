#!/usr/bin/env bash
# The Debian packages the test suites use, installed only when missing (idempotent):
#   chromium       web e2e tests (web/e2e)            → /usr/bin/chromium
#   postgresql     the PostgreSQL test pass           → pg_ctlcluster
#   kcat           Kafka path of the event log tests  → kcat
#   poppler-utils  pdftotext on invoice PDFs          → pdftotext
# Needs root (or sudo) and network only when something is missing.
set -euo pipefail

declare -A probe=(
  [chromium]="test -x /usr/bin/chromium"
  [fonts-liberation]="test -d /usr/share/fonts/truetype/liberation"
  [postgresql]="command -v pg_ctlcluster"
  [kcat]="command -v kcat"
  [poppler-utils]="command -v pdftotext"
)

missing=()
for pkg in chromium fonts-liberation postgresql kcat poppler-utils; do
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
