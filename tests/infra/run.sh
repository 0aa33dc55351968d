#!/usr/bin/env bash
# Evaluate sst.config.ts under Pulumi mocks and assert what a deploy would create.
# Bundled into .sst/platform/ (with @pulumi/* external even though tsconfig maps them for tsc) so the bundle's bare imports (@pulumi/*) resolve to the
# platform's single copy — two copies of @pulumi/pulumi and the mocks do not apply.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f .sst/platform/config.d.ts ] || npm run -s sst:install
out=.sst/platform/infra-test
rm -rf "$out" && mkdir -p "$out/fake-bundle"
.sst/platform/node_modules/.bin/esbuild tests/infra/infra.test.ts --bundle --platform=node --format=esm \
  --packages=external --external:@pulumi/* --log-level=warning --outfile="$out/infra.test.mjs"
reporters=()
if [ -n "${CAREBEAT_TAP:-}" ]; then
  reporters=(--test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$CAREBEAT_TAP")
fi
node --test "${reporters[@]}" "$out/infra.test.mjs"
