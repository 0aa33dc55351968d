import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./middleware/request-context";

/**
 * The API's domains, each a sub-app of routes under one path prefix, in the order the OpenAPI
 * document lists them. Each is a dynamic import: esbuild (`splitting`, stacks/api.ts) makes every
 * domain its own chunk, so a cold container loads a domain's code (zod schemas, its core module,
 * drizzle, the AWS SDK clients it uses) on its first request under that prefix, not at init
 * (docs/capacity.md "Cold start"). The offline runtime's build inlines them.
 */
export interface Domain {
  readonly name: string;
  readonly prefix: string;
  readonly load: () => Promise<OpenAPIHono<AppEnv>>;
}

// `import()` with a literal path: esbuild only splits (and bundles) what it can resolve statically.
export const DOMAINS: readonly Domain[] = [
  { name: "auth", prefix: "/api/auth", load: () => import("./routes/auth").then((m) => m.authRoutes) },
  { name: "patients", prefix: "/api/patients", load: () => import("./routes/patients").then((m) => m.patientsRoutes) },
  { name: "doctors", prefix: "/api/doctors", load: () => import("./routes/doctors").then((m) => m.doctorsRoutes) },
  { name: "appointments", prefix: "/api/appointments", load: () => import("./routes/appointments").then((m) => m.appointmentsRoutes) },
  { name: "audit", prefix: "/api/audit", load: () => import("./routes/audit").then((m) => m.auditRoutes) },
  { name: "analytics", prefix: "/api/analytics", load: () => import("./routes/analytics").then((m) => m.analyticsRoutes) },
  { name: "calendar", prefix: "/api/calendar", load: () => import("./routes/calendar").then((m) => m.calendarRoutes) },
  { name: "notifications", prefix: "/api/notifications", load: () => import("./routes/notifications").then((m) => m.notificationsRoutes) },
  { name: "invoices", prefix: "/api/invoices", load: () => import("./routes/invoices").then((m) => m.invoicesRoutes) },
  { name: "prescriptions", prefix: "/api/prescriptions", load: () => import("./routes/prescriptions").then((m) => m.prescriptionsRoutes) },
  { name: "smart-clients", prefix: "/api/smart", load: () => import("./routes/smart-clients").then((m) => m.smartClientsRoutes) },
  { name: "fhir", prefix: "/fhir/R4", load: () => import("./routes/fhir").then((m) => m.fhirRoutes) },
];

/** The domain a request path belongs to (its prefix, or anything below it). */
export const domainOf = (path: string): Domain | undefined => DOMAINS.find((d) => path === d.prefix || path.startsWith(d.prefix + "/"));
