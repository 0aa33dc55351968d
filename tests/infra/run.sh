#!/usr/bin/env bash
# Evaluates sst.config.ts under Pulumi mocks and asserts what a deploy would create
# (tests/infra/infra.test.ts). Works from a fresh clone: generates .sst/platform offline first.
#
# The test is bundled INTO .sst/platform/ with every package left external, so the bundle's
# bare imports (@pulumi/pulumi, @pulumi/aws, ...) resolve to .sst/platform/node_modules — the
# one copy of @pulumi/pulumi the SST components use. (NODE_PATH would not help: ESM ignores
# it. With two copies the mocks do not apply.) @pulumi/* is named external explicitly because
# tsconfig.json maps it to a path for tsc, which esbuild would otherwise follow and bundle.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Node 22 from the `node` devDependency, also when this script is run directly.
export PATH="$PWD/node_modules/.bin:$PATH"
export SST_TELEMETRY_DISABLED=1

platform=.sst/platform
want=$(node -p 'require("./node_modules/sst/package.json").version')
have=$(cat "$platform/version" 2>/dev/null || true)
if [ "$have" != "$want" ] || [ ! -f "$platform/config.d.ts" ] || [ ! -x "$platform/node_modules/.bin/esbuild" ] \
  || [ ! -f "$platform/node_modules/@pulumi/pulumi/package.json" ]; then
  echo "generating $platform (sst $want, offline)"
  SST_SKIP_DEPENDENCY_CHECK=true SST_NO_BUN=1 SST_STAGE=ci npx sst install
fi

out=$platform/infra-test
rm -rf "$out" && mkdir -p "$out"
for t in infra shared; do
  "$platform/node_modules/.bin/esbuild" tests/infra/$t.test.ts --bundle --platform=node --format=esm \
    --packages=external --external:@pulumi/* --log-level=warning --outfile="$out/$t.test.mjs"
done

reporters=()
if [ -n "${CAREBEAT_TAP:-}" ]; then
  reporters=(--test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$CAREBEAT_TAP")
fi
# --test-force-exit and the timeout: a broken config must fail the run, never hang it.
# In-process (no --test): under `node --test` the file runs in a child, and force-exit can kill
# that child before its last results reach the parent (nodejs/node#64833) — the run then
# reports fewer tests than ran, with exit 0, and a failure at the end would go unseen.
node --test-force-exit --test-timeout=180000 ${reporters[@]+"${reporters[@]}"} "$out/infra.test.mjs"
# A second process: sst.config.ts and the stacks are modules, evaluated once per process, so a
# stage deployed with another's VPC and cluster (stacks/sharing.ts) is synthesized on its own.
if [ -n "${CAREBEAT_TAP:-}" ]; then
  reporters=(--test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="${CAREBEAT_TAP%.tap}.shared.tap")
fi
node --test-force-exit --test-timeout=180000 ${reporters[@]+"${reporters[@]}"} "$out/shared.test.mjs"
# Every function's init bytes within its budget (INIT_BUDGET_KB): plain node with tsx and the
# repository's esbuild, no Pulumi.
if [ -n "${CAREBEAT_TAP:-}" ]; then
  reporters=(--test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="${CAREBEAT_TAP%.tap}.budget.tap")
fi
node --import tsx --test-force-exit --test-timeout=300000 ${reporters[@]+"${reporters[@]}"} tests/infra/bundle-budget.test.ts
