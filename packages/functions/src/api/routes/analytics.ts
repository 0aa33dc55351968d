import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Analytics } from "@carebeat/core/analytics";
import { route, jsonResponse } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const who = ["admin", "staff", "doctor"] as const;

export const analyticsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/summary",
      access: who,
      tags: ["analytics"],
      summary: "Cumulative counts, bookings per hour and the per-doctor and hourly breakdown (a doctor: their own)",
      request: { query: Analytics.SummaryInput },
      responses: { 200: jsonResponse(Analytics.Snapshot, "The same snapshot the dashboard receives over the WebSocket") },
    }),
    async (c) => c.json(await Analytics.summary(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/hourly",
      access: who,
      tags: ["analytics"],
      summary: "Event-time hourly windows in [from, to), zeros included (a doctor: their own)",
      request: { query: Analytics.HourlyInput },
      responses: {
        200: jsonResponse(z.object({ from: z.string(), to: z.string(), doctorId: z.string().nullable(), items: z.array(Analytics.HourlyPoint) }), "One entry per hour"),
      },
    }),
    async (c) => c.json(await Analytics.hourly(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/prescriptions",
      access: who,
      tags: ["analytics"],
      summary: "Prescriptions written and dispenses handed over, per prescriber and per UTC day (a doctor: their own)",
      request: { query: Analytics.PrescriptionSummaryInput },
      responses: { 200: jsonResponse(Analytics.PrescriptionSummary, "Counts from the prescription events") },
    }),
    async (c) => c.json(await Analytics.prescriptionSummary(c.req.valid("query")), 200),
  );
