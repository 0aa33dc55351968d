/**
 * Generates web/src/api/schema.d.ts from the API's own OpenAPI document, so the site's
 * types cannot drift from the API: `npm run build -w web` runs this, then `tsc`, so a
 * renamed or removed field fails the build instead of a page at the front desk.
 *
 * The document is the one the API serves at `/openapi.json` (openApiDocument(), built from every
 * domain's routes in this process): no server, no database (routes only touch the database when
 * they handle a request).
 *
 *   npx tsx web/scripts/api-types.ts           # write src/api/schema.d.ts when it changed
 *   npx tsx web/scripts/api-types.ts --check   # exit 1 when the committed file is stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { openApiDocument } from "@carebeat/functions/api/openapi";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/api/schema.d.ts");

/** The same call app.ts makes for `/openapi.json`. */
const doc = await openApiDocument();

const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], {
  // A field the API always sends (zod `.default()`) is required in responses.
  defaultNonNullable: true,
  // Record-like objects are closed unless the schema says otherwise.
  additionalProperties: false,
  silent: true,
});
const header = `/**
 * Generated from the API's OpenAPI document by web/scripts/api-types.ts (\`npm run build -w web\`).
 * Do not edit: change the zod schemas in packages/core or the routes in packages/functions.
 */

`;
const text = header + astToString(ast);

let current = "";
try {
  current = readFileSync(out, "utf8");
} catch {
  current = "";
}
if (process.argv.includes("--check")) {
  if (current !== text) {
    console.error(`${path.relative(process.cwd(), out)} is out of date: run \`npm run build -w web\` and commit it.`);
    process.exit(1);
  }
} else if (current !== text) {
  writeFileSync(out, text);
  console.log(`api types: wrote ${path.relative(process.cwd(), out)} (${Object.keys(doc.paths ?? {}).length} paths)`);
} else {
  console.log(`api types: ${path.relative(process.cwd(), out)} is up to date`);
}
