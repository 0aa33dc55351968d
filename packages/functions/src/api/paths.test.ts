import { test } from "node:test";
import assert from "node:assert/strict";
import { API_PREFIXES, API_ROUTES, isApiPath } from "./paths";

test("API paths: one list gives the gateway routes, the router prefixes and the offline split", () => {
  assert.deepEqual(API_PREFIXES, ["/api", "/fhir", "/health", "/openapi.json", "/docs"]);
  for (const route of API_ROUTES) assert.ok(isApiPath(route.split(" ")[1]!.replace("{proxy+}", "x")), route);
  for (const p of ["/api", "/api/patients", "/fhir/R4/metadata", "/fhir/R4/Patient/pat-1", "/health", "/openapi.json", "/docs", "/docs/interactive"]) assert.ok(isApiPath(p), p);
  for (const p of ["/", "/patients/pat_1", "/apix", "/docsearch", "/fhirish", "/assets/index.js", "/calendar"]) assert.ok(!isApiPath(p), p);
});
