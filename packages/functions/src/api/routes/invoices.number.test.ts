import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { slot, newDoctor, newPatient } from "./clinic.fixtures";

/**
 * Invoice numbers are taken by one statement (invoice/number.ts): the counter upsert and the
 * invoice update together. This file owns its database, so it can move the year's counter to the
 * edge of six digits without disturbing the "gapless from 1" burst in invoices.test.ts.
 */
process.env.CAREBEAT_SFN_RETRY_SCALE ??= "0.05";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;
before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
});
after(async () => t?.stop());

async function issuedNumber(appointmentId: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await t.call("GET", `/api/invoices?appointmentId=${appointmentId}`, { token: staff.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const invoice = res.body.items[0];
    if (invoice?.status === "issued") return invoice.number as string;
    if (Date.now() > deadline) throw new Error(`invoice of ${appointmentId} not issued: ${JSON.stringify(invoice)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("the first invoice of a year is number 1; past 999999 the number grows a digit instead of being cut to six", async () => {
  const doctor = await newDoctor(t, admin.token);
  const patientId = await newPatient(t, staff.token);
  const book = async (i: number) => {
    const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId, ...slot(i) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return issuedNumber(res.body.id);
  };
  const first = await book(0);
  const year = first.slice(0, 4);
  assert.equal(first, `${year}-000001`, "a year without a counter row starts at 1");
  const { useDb } = await import("@carebeat/core/drizzle");
  await useDb().execute(sql`update invoice_number_counters set next = 999999 where year = ${Number(year)}`);
  assert.equal(await book(1), `${year}-999999`);
  assert.equal(await book(2), `${year}-1000000`, "seven digits, not lpad's truncation to 100000");
  const [counter] = (await useDb().execute(sql`select next from invoice_number_counters where year = ${Number(year)}`)) as unknown as { next: number }[];
  assert.equal(counter!.next, 1000001, "the counter moved once per invoice");
});
