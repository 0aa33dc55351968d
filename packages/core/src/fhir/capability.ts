import { FHIR_BASE_PATH, FHIR_CONTENT_TYPE } from "./ids";
import { PAGING, type ParamSpec } from "./params";
import { EXPORT_OPERATIONS } from "./export/operations";

/** What a resource type serves: its interactions and search parameters (the CapabilityStatement's source). */
export interface ResourceCapability {
  type: string;
  interactions: readonly ("read" | "search-type" | "create" | "update" | "patch")[];
  params: ParamSpec;
}

/**
 * Two kinds of bearer token (docs/auth.md, docs/smart.md): a user's from /api/auth/login, and a SMART
 * Backend Services client's from the token endpoint, which SMART clients find here (the
 * `oauth-uris` extension, SMART App Launch "Conformance") as well as at
 * `/.well-known/smart-configuration`. The token endpoint sits at the origin, beside the FHIR base.
 */
function security(base: string) {
  const origin = base.endsWith(FHIR_BASE_PATH) ? base.slice(0, -FHIR_BASE_PATH.length) : base;
  return {
    cors: false,
    service: [
      {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/restful-security-service", code: "SMART-on-FHIR" }],
        text: "SMART Backend Services (client_credentials, private_key_jwt)",
      },
    ],
    extension: [
      {
        url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
        extension: [{ url: "token", valueUri: `${origin}/api/auth/token` }],
      },
    ],
    description: "Users: bearer token (ES256 JWT) from /api/auth/login. SMART system clients: access token from the token endpoint (docs/smart.md).",
  };
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
        security: security(opts.base),
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
