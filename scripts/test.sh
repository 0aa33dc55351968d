#!/usr/bin/env bash
# `npm test`: type-check, unit + integration tests against the real stand-ins, the
# infrastructure evaluated under Pulumi mocks, and the site in headless Chromium.
# Every suite runs even if an earlier one failed; the exit code and the last line
# ("N passed, N failed") cover all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
out=test-results
mkdir -p "$out"
rm -f "$out"/*.tap
status=0
current=""
failed_steps=()
step() { current="$1"; echo; echo "=== $1"; }
# A failed step is named in the last lines: a typecheck or layering failure adds no failed test.
mark() { status=1; failed_steps+=("$current"); }
reporters() { echo "--test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination=$out/$1.tap"; }

step "Node $(node --version) (pinned through the node@22 devDependency)"
case "$(node --version)" in v22.*) ;; *) echo "expected Node 22 on PATH; run through npm (npm test)"; exit 1 ;; esac

step "SST platform (.sst/platform, generated offline)"
[ -f .sst/platform/config.d.ts ] || npm run -s sst:install || mark

step "system tools the tests use (kcat, pdftotext)"
bash scripts/install-system-deps.sh || mark

step "typecheck (tsc --noEmit: packages, sst.config.ts, stacks/)"
npx tsc --noEmit -p tsconfig.json || mark
[ -f web/tsconfig.json ] && { npx tsc --noEmit -p web/tsconfig.json || mark; }

step "layering (dependency-cruiser: core imports downward only, no cycles, no relative paths across packages)"
npm run -s lint:layers || mark

step "format + lint (biome check: the formatter's output and the linter's errors fail; warnings are counted, not fatal)"
npm run -s lint -- --max-diagnostics=0 || mark

step "unused code (knip: files, exports, dependencies; each workspace lists what it imports)"
npx knip --no-progress || mark

step "web build"
npm run -s build:web || mark

if [ -n "${DATABASE_URL:-}" ]; then db="PostgreSQL server in DATABASE_URL"; else db="embedded PGlite"; fi
step "unit + integration tests (database: $db)"
# shellcheck disable=SC2046
# A hang must fail the run with the name of what hung, not stall CI: each test and hook gets
# 5 minutes (the slowest take ~30 s), and the whole suite 30 (it takes ~5).
timeout --kill-after=30 30m node --import tsx --test --test-concurrency=2 --test-timeout=300000 $(reporters unit) "packages/*/src/**/*.test.ts" "web/src/**/*.test.ts" || mark

if [ -z "${CAREBEAT_SKIP_INFRA:-}" ] && [ -f tests/infra/run.sh ]; then
  step "infrastructure under Pulumi mocks"
  CAREBEAT_TAP="$out/infra.tap" bash tests/infra/run.sh || mark
fi

if [ -z "${CAREBEAT_SKIP_E2E:-}" ] && ls web/e2e/*.test.ts >/dev/null 2>&1; then
  step "site in headless Chromium"
  # A fresh machine has no browser: install Debian's Chromium (idempotent; needs root or sudo).
  # CHROMIUM_PATH points the tests at another binary and skips the install.
  if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
    bash scripts/install-chromium.sh || echo "e2e: could not install Chromium (needs root or sudo and the Debian mirror); install it with 'bash scripts/install-chromium.sh' or set CHROMIUM_PATH"
  fi
  if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
    echo "e2e: FAILED, no Chromium at /usr/bin/chromium"
    echo "not ok 1 - e2e: Chromium is missing" >"$out/e2e.tap"; echo "# fail 1" >>"$out/e2e.tap"
    status=1
  else
    # shellcheck disable=SC2046
    timeout --kill-after=30 20m node --import tsx --test --test-concurrency=1 --test-timeout=300000 $(reporters e2e) web/e2e/*.test.ts || mark
  fi
fi

pass=$(cat "$out"/*.tap 2>/dev/null | grep -E '^# pass ' | awk '{s+=$3} END {print s+0}')
fail=$(cat "$out"/*.tap 2>/dev/null | grep -E '^# fail ' | awk '{s+=$3} END {print s+0}')
[ "$fail" = 0 ] || { current="failed tests (see above)"; mark; }
[ "$pass" -gt 0 ] || { echo "no test ran"; status=1; }
echo
echo "tests: $pass passed, $fail failed"
if [ ${#failed_steps[@]} -gt 0 ]; then printf 'failed step: %s\n' "${failed_steps[@]}"; fi
exit $status
