/**
 * The one answer to "is this stage production?" for sst.config.ts and every stack.
 *
 * Two names are production: `production` and `prod` (the docs used `--stage prod` while the
 * stacks tested `=== "production"`, so a `prod` deploy got `removal: "remove"`, no protection,
 * a single-AZ micro database with one day of backups and no final snapshot). Anything that
 * *looks* like production but is neither name — `Prod`, `PRODUCTION`, `prd`, `prod-eu`,
 * `production2`, `live` — is refused before anything is created: such a stage would otherwise
 * deploy as a disposable preview and `sst remove` would delete it whole. Personal, preview and
 * CI stages (`alice`, `pr-123`, `ci`, `product-demo`) are not production and are not refused.
 *
 * Plain data and functions (no SST globals and no imports), so sst.config.ts's `app()` can load
 * it with a dynamic import and tests/infra can call it directly.
 */

const PRODUCTION_STAGES = ["production", "prod"] as const;

/** Matched against the lower-cased name: these name production in someone's head. */
const LOOKALIKE = /^(prod|production|prd|prdn|live)(\d+|[-_.].*)?$/;

export class StageNameError extends Error {}

const named = (stage: string) => (PRODUCTION_STAGES as readonly string[]).includes(stage);

/** Throws StageNameError for a stage name that looks like production but is not `production` or `prod`. */
function checkStageName(stage: string): void {
  if (!named(stage) && LOOKALIKE.test(stage.toLowerCase())) {
    throw new StageNameError(
      `stage "${stage}" looks like production but is not one of ${PRODUCTION_STAGES.join(", ")}: ` +
        `deploy production with --stage production (or prod), or pick a name that is clearly not production (e.g. staging, pr-42)`,
    );
  }
}

/** True for `production` and `prod`; throws for a look-alike (see checkStageName). */
export function isProduction(stage: string): boolean {
  checkStageName(stage);
  return named(stage);
}
