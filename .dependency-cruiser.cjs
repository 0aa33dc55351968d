// The layering of packages/core, written down once and checked by `npm test` (scripts/test.sh,
// `npm run lint:layers`). docs/architecture.md draws it; ../shared/design/ARCHITECTURE.md proposed it.
//
// LAYERS lists the core domains bottom-up; a domain may import its own layer's neighbours only when
// they share a row (none do today except in the top row, which nothing imports), and any lower row.
// The schema layer — tables (`*.sql.ts`), event payload schemas (`<domain>/event.ts`) and plain enums
// (`status.ts`) — is data every domain may import, so a one-statement cancel can void its invoice
// without appointment importing invoice's code. A lower domain that must trigger higher work (after a
// booking commits, start billing) exposes a hook that the higher domain registers (appointment/hooks.ts).
const LAYERS = [
  ["util"],
  ["observability", "drizzle", "dynamo", "s3", "lambda"],
  // mail: the outbox of emails and their sender (SES), which auth's password reset and the
  // notifications above it enqueue into; it knows no domain.
  ["events", "actor", "mail"],
  ["audit"],
  ["doctor"],
  // The patient record store (DynamoDB item, its schema and name keys) sits below the directory that
  // indexes it; the rest of patient/ (the domain's operations) sits above.
  ["patient-record"],
  ["directory"],
  ["patient"],
  ["auth"],
  ["appointment"],
  ["invoice"],
  ["billing"],
  ["notification", "calendar", "prescription", "smart"],
  ["analytics"],
  ["realtime", "fhir", "health"],
];

const CORE = "^packages/core/src/";
const SCHEMA = `${CORE}.+(.sql.ts|/event.ts|/status.ts)$`;
// A folder's files, except the patient record store which forms its own layer.
const RECORD = "patient/(store|schema|keys)\\.ts$";
const layerPath = (name) => (name === "patient-record" ? `${CORE}${RECORD}` : `${CORE}${name}/`);

const RECORD_ROW = LAYERS.findIndex((row) => row.includes("patient-record"));
const rules = [];
LAYERS.forEach((row, i) => {
  const above = LAYERS.slice(i + 1).flat();
  for (const name of row) {
    if (above.length === 0) continue;
    rules.push({
      name: `layer-${name}`,
      severity: "error",
      comment: `${name} imports only downward (.dependency-cruiser.cjs LAYERS): not ${above.join(", ")}`,
      // patient/ minus its record store, which is a row of its own.
      from: { path: layerPath(name), ...(name === "patient" ? { pathNot: `${CORE}${RECORD}` } : {}) },
      to: {
        path: `${CORE}(${above.filter((a) => a !== "patient-record").join("|")})/`,
        // Rows at or above patient-record may import the record store (it is below them).
        pathNot: [SCHEMA, ...(i >= RECORD_ROW ? [`${CORE}${RECORD}`] : [])],
      },
    });
  }
});
module.exports = {
  forbidden: [
    ...rules,
    {
      name: "no-circular",
      severity: "error",
      comment: "no import cycles anywhere (type-only imports included: a reader follows them too)",
      from: {},
      to: { circular: true },
    },
    {
      name: "schema-layer-is-data",
      severity: "error",
      comment: "tables, event schemas and enums import only drizzle, util and other schema files",
      from: { path: SCHEMA },
      to: { path: CORE, pathNot: [SCHEMA, `${CORE}(drizzle|util)/`, `${CORE}events/define\\.ts$`] },
    },
    {
      name: "unplaced-domain",
      severity: "error",
      comment: "every packages/core/src folder must be placed in LAYERS (.dependency-cruiser.cjs)",
      from: {
        path: CORE,
        pathNot: `${CORE}(${LAYERS.flat()
          .filter((n) => n !== "patient-record")
          .join("|")})/`,
      },
      to: {},
    },
    {
      name: "no-relative-across-packages",
      severity: "error",
      comment: "other packages are reached through their package name and exports, never ../../other/src",
      from: { path: "^(packages/([^/]+)|web)/" },
      to: {
        path: "^(packages/[^/]+|web)/",
        pathNot: ["^$1/"],
        dependencyTypesNot: ["aliased-workspace", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg"],
      },
    },
    {
      name: "core-is-no-handler",
      severity: "error",
      comment: "packages/core holds domains and data access; it never imports functions, local or web (its tests may start the offline stack: @carebeat/local is a devDependency)",
      from: { path: CORE, pathNot: "\\.test\\.ts$" },
      to: { path: "^(packages/(functions|local)|web)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules|\\.sst)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default"] },
    combinedDependencies: true,
  },
};
