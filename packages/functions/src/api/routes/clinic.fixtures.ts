import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type { TestApp, TestResponse } from "@carebeat/local/testing";

/** Helpers shared by the route tests (not a test file itself). */

export const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
export const DAY = 86_400_000;

/** A slot `n` half-hours after 10:00 UTC, two days ahead: always in the future, never "now". */
export function slot(n: number, minutes = 30) {
  const d = new Date(Date.now() + 2 * DAY);
  d.setUTCHours(10, 0, 0, 0);
  const start = new Date(d.getTime() + n * 30 * 60_000);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

export const unique = () => Math.random().toString(36).slice(2, 8);

/** Raw SQL against the test app's database, for checking what a request stored. */
export async function query<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const { useSql } = await import("@carebeat/core/drizzle");
  return [...(await useSql().unsafe(text, params as any[]))] as unknown as T[];
}

export async function newDoctor(t: TestApp, adminToken: string, extra: Record<string, unknown> = {}) {
  const res = await t.call("POST", "/api/doctors", {
    token: adminToken,
    body: { name: `Dr ${unique()}`, specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: allWeek, ...extra },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

export async function newPatient(t: TestApp, staffToken: string) {
  const res = await t.call("POST", "/api/patients", { token: staffToken, body: { name: { given: "Pat", family: `Ient${unique()}` } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

/** Outbox rows announcing one appointment (not its invoice's), in log order. */
export async function outbox(appointmentId: string) {
  const { useDb } = await import("@carebeat/core/drizzle");
  return (await useDb().execute(
    sql`select type, key, payload from outbox where payload->'data'->>'appointmentId' = ${appointmentId} and type like 'appointment.%' order by seq`,
  )) as unknown as {
    type: string;
    key: string;
    payload: any;
  }[];
}

/** Assert a problem+json answer and, optionally, that `errors` names the field. */
export function problem(res: TestResponse, status: number, field?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /application\/problem\+json/);
  if (field)
    assert.ok(
      res.body.errors?.some((e: any) => e.field === field),
      `${field} in ${JSON.stringify(res.body.errors)}`,
    );
}

/**
 * Wait until no billing execution is running (each booking starts one in the background), for
 * tests that arm a process-wide fault hook and must not have a billing task consume it.
 */
export async function billingIdle(timeoutMs = 15_000) {
  const { SFNClient, ListExecutionsCommand } = await import("@aws-sdk/client-sfn");
  const sfn = new SFNClient({});
  const stateMachineArn = JSON.parse(process.env.SST_RESOURCE_BillingWorkflow!).arn;
  const deadline = Date.now() + timeoutMs;
  while ((await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "RUNNING" }))).executions?.length) {
    if (Date.now() > deadline) throw new Error("billing executions still running");
    await new Promise((r) => setTimeout(r, 25));
  }
}
