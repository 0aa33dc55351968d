import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Doctor } from "@carebeat/core/doctor";
import { Appointment } from "@carebeat/core/appointment";
import { calendarDate } from "@carebeat/core/util/date";
import { route, jsonBody, jsonResponse, signedIn } from "../route";
import type { AppEnv } from "../middleware/request-context";
import { validationHook } from "../validation";

const Id = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
const Slots = z.object({ doctorId: z.string(), date: z.string(), timezone: z.string(), slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })) });

export const doctorsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    route({
      method: "get",
      path: "/",
      access: signedIn,
      tags: ["doctors"],
      summary: "List or search doctors (name or specialty prefix)",
      request: { query: Doctor.ListInput },
      responses: { 200: jsonResponse(z.object({ items: z.array(Doctor.Info), nextCursor: z.string().nullable() }), "A page of doctors") },
    }),
    async (c) => c.json(await Doctor.list(c.req.valid("query")), 200),
  )
  .openapi(
    route({
      method: "post",
      path: "/",
      access: ["admin"],
      tags: ["doctors"],
      summary: "Add a doctor",
      request: { body: jsonBody(Doctor.CreateInput) },
      responses: { 201: jsonResponse(Doctor.Info, "The doctor") },
    }),
    async (c) => {
      const d = await Doctor.create(c.req.valid("json"));
      c.header("location", `/api/doctors/${d.id}`);
      return c.json(d, 201);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}",
      access: signedIn,
      tags: ["doctors"],
      summary: "A doctor",
      request: { params: Id },
      responses: { 200: jsonResponse(Doctor.Info, "The doctor") },
    }),
    async (c) => c.json(await Doctor.read(c.req.valid("param").id), 200),
  )
  .openapi(
    route({
      method: "patch",
      path: "/{id}",
      access: ["admin"],
      tags: ["doctors"],
      summary: "Change a doctor (fee, hours, …)",
      request: { params: Id, body: jsonBody(Doctor.UpdateInput) },
      responses: { 200: jsonResponse(Doctor.Info, "The doctor") },
    }),
    async (c) => c.json(await Doctor.update({ id: c.req.valid("param").id, patch: c.req.valid("json") }), 200),
  )
  .openapi(
    route({
      method: "delete",
      path: "/{id}",
      access: ["admin"],
      tags: ["doctors"],
      summary: "Deactivate a doctor (kept for history)",
      request: { params: Id },
      responses: { 204: { description: "Deactivated" } },
    }),
    async (c) => {
      await Doctor.deactivate(c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: "get",
      path: "/{id}/availability",
      access: signedIn,
      tags: ["doctors"],
      summary: "Free slots on a date (working hours in the doctor's timezone minus bookings)",
      request: { params: Id, query: z.object({ date: calendarDate().openapi({ example: "2026-03-04" }) }) },
      responses: { 200: jsonResponse(Slots, "Free slots") },
    }),
    async (c) => c.json(await Appointment.availability({ doctorId: c.req.valid("param").id, date: c.req.valid("query").date }), 200),
  );
