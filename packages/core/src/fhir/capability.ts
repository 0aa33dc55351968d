import { FHIR_CONTENT_TYPE } from "./ids";
import { PAGING, type ParamSpec } from "./params";
import { EXPORT_OPERATIONS } from "./export/operations";

/** What a resource type serves: its interactions and search parameters (the CapabilityStatement's source). */
export interface ResourceCapability {
  type: string;
  interactions: readonly ("read" | "search-type" | "create" | "update" | "patch")[];
  params: ParamSpec;
}

/**
 * The CapabilityStatement lists exactly what is implemented: built from the same table the routes
 * and the search parsing use (index.ts `RESOURCES`), so it cannot claim more than is served.
 */
export function capabilityStatement(resources: readonly ResourceCapability[], opts: { base: string; version: string; date: string }) {
  return {
    resourceType: "CapabilityStatement" as const,
    status: "active",
    date: opts.date,
    kind: "instance",
    software: { name: "Carebeat", version: opts.version },
    implementation: { description: "Carebeat FHIR R4 API (docs/fhir.md)", url: opts.base },
    fhirVersion: "4.0.1",
    format: [FHIR_CONTENT_TYPE, "json"],
    rest: [
      {
        mode: "server",
        documentation: "Bearer access tokens from POST /api/auth/login; the same roles, record scopes and audit as the REST API.",
        security: { cors: false, description: "OAuth-style bearer token (ES256 JWT) from /api/auth/login" },
        resource: resources.map((r) => ({
          type: r.type,
          interaction: r.interactions.map((code) => ({ code })),
          searchParam: Object.entries({ ...r.params, ...PAGING })
            .filter(([name]) => !name.startsWith("_") || name === "_id" || name === "_lastUpdated")
            .map(([name, p]) => ({ name, type: p.type, documentation: p.documentation })),
        })),
        operation: EXPORT_OPERATIONS,
      },
    ],
  };
}
