import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Appointment } from "@carebeat/core/appointment";
import { count, MetricName } from "@carebeat/core/observability";
import { route, jsonBody, jsonResponse, signedIn, staffRoles } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";
import { billAfterBooking } from "@carebeat/core/billing/after-booking";

// Bookings through these routes start billing once committed (appointment/hooks.ts).
billAfterBooking();

const Id = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
const Page = z.object({ items: z.array(Appointment.ListItem), nextCursor: z.string().nullable() });
const one = (d: string) => ({ 200: jsonResponse(Appointment.Info, d), 409: jsonResponse(z.any(), "Not allowed from the current status") });

export const appointmentsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/",
      access: signedIn,
      tags: ["appointments"],
      summary: "List appointments (patients and doctors see their own)",
      request: { query: Appointment.ListInput },
      responses: { 200: jsonResponse(Page, "A page of appointments") },
    }),
    async (c) => c.json(await Appointment.list(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/",
      access: [...staffRoles, "patient"],
      tags: ["appointments"],
      summary: "Book an appointment (409 when it overlaps another, 422 in the past or outside working hours)",
      request: { body: jsonBody(Appointment.BookInput) },
      responses: { 201: jsonResponse(Appointment.Info, "The appointment"), 409: jsonResponse(z.any(), "Overlaps another booking") },
    }),
    async (c) => {
      const a = await Appointment.book(c.req.valid("json"));
      count(MetricName.BookingsCreated);
      c.header("location", `/api/appointments/${a.id}`);
      return c.json(a, 201);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/patient/{patientId}",
      access: signedIn,
      tags: ["appointments"],
      summary: "A patient's appointments",
      request: {
        params: z.object({
          patientId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "patientId", in: "path" } }),
        }),
        query: Appointment.ListInput.omit({ patientId: true }),
      },
      responses: { 200: jsonResponse(Page, "A page of appointments") },
    }),
    async (c) => c.json(await Appointment.list({ ...c.req.valid("query"), patientId: c.req.valid("param").patientId }), 200),
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}",
      access: signedIn,
      tags: ["appointments"],
      summary: "An appointment",
      request: { params: Id },
      responses: { 200: jsonResponse(Appointment.Info, "The appointment") },
    }),
    async (c) => c.json(await Appointment.read(c.req.valid("param").id), 200),
  )
  .openapi(
    route({
      method: "patch",
      path: "/{id}",
      access: [...staffRoles, "patient"],
      tags: ["appointments"],
      summary: "Reschedule a booked appointment",
      request: { params: Id, body: jsonBody(Appointment.RescheduleInput) },
      responses: one("The moved appointment"),
    }),
    async (c) => c.json(await Appointment.reschedule({ id: c.req.valid("param").id, times: c.req.valid("json") }), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/cancel",
      access: [...staffRoles, "patient"],
      tags: ["appointments"],
      summary: "Cancel a booked appointment",
      request: { params: Id, body: jsonBody(Appointment.CancelInput) },
      responses: one("The cancelled appointment"),
    }),
    async (c) => c.json(await Appointment.cancel({ id: c.req.valid("param").id, reason: c.req.valid("json").reason }), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/complete",
      access: [...staffRoles, "doctor"],
      tags: ["appointments"],
      summary: "Mark an appointment that has started as completed",
      request: { params: Id },
      responses: one("The completed appointment"),
    }),
    async (c) => c.json(await Appointment.complete(c.req.valid("param").id), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/{id}/no-show",
      access: [...staffRoles, "doctor"],
      tags: ["appointments"],
      summary: "Mark a patient who did not come",
      request: { params: Id },
      responses: one("The appointment"),
    }),
    async (c) => c.json(await Appointment.noShow(c.req.valid("param").id), 200),
  );
