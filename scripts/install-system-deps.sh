#!/usr/bin/env bash
# System tools some tests need, installed with apt-get where missing. Idempotent: a tool whose
# command already exists is skipped, and nothing runs when all are present. Needs root (or sudo)
# and network only when something is missing. One line per tool: "<command> <debian-package>".
set -euo pipefail

TOOLS="
kcat kcat
"

missing=()
while read -r cmd pkg; do
  [ -z "${cmd:-}" ] && continue
  if command -v "$cmd" >/dev/null 2>&1; then echo "$cmd: present"; else missing+=("$pkg"); fi
done <<<"$TOOLS"
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: need root (or sudo) to apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "installing ${missing[*]} (apt-get)…"
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
