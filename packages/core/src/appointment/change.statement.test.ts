import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { LocalStack } from "@carebeat/local/stack";

/**
 * Reschedule and cancel as single statements, against the real database of this home (PGlite,
 * or the server in DATABASE_URL): counted by the same postgres.js statement counter the booking
 * bench reads (CAREBEAT_SQL_STATS), the rules answered as before, the invoice rule the same as
 * `onCancel`. Billing is off so no workflow writes invoices behind the test's back: each test
 * makes the invoice it needs.
 */
process.env.CAREBEAT_SQL_STATS = "1";
process.env.CAREBEAT_BILLING = "off";

let stack: LocalStack;
let m: {
  Appointment: typeof import("./index").Appointment;
  Doctor: typeof import("../doctor").Doctor;
  Patient: typeof import("../patient").Patient;
  withActor: typeof import("../actor").withActor;
  drizzle: typeof import("../drizzle");
  events: typeof import("./event");
  invoiceEvents: typeof import("../invoice/event");
  onCancel: typeof import("../invoice/status").onCancel;
  invoiceStatuses: typeof import("../invoice/invoice.sql").invoiceStatuses;
};

before(async () => {
  const { startLocalStack } = await import("@carebeat/local/stack");
  stack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL, stage: "test" });
  m = {
    Appointment: (await import("./index")).Appointment,
    Doctor: (await import("../doctor")).Doctor,
    Patient: (await import("../patient")).Patient,
    withActor: (await import("../actor")).withActor,
    drizzle: await import("../drizzle"),
    events: await import("./event"),
    invoiceEvents: await import("../invoice/event"),
    onCancel: (await import("../invoice/status")).onCancel,
    invoiceStatuses: (await import("../invoice/invoice.sql")).invoiceStatuses,
  };
});
after(async () => stack?.stop());

const DAY = 86_400_000;
const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
const staff = { type: "user", userId: "usr_staff", role: "staff" } as const;
const asStaff = <T>(f: () => Promise<T>) => m.withActor(staff, f);
let n = 0;
/** A 30-minute slot `i` half-hours after 10:00 UTC, `days` ahead. */
function slot(i: number, days = 2) {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(10, 0, 0, 0);
  const start = new Date(d.getTime() + i * 30 * 60_000);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 30 * 60_000).toISOString() };
}

async function setup() {
  return asStaff(async () => {
    const doctor = await m.Doctor.create({ name: `Dr Change ${++n}`, specialty: "General", visitFeeCents: 6000, currency: "EUR", timezone: "UTC", workingHours: allWeek });
    const patient = await m.Patient.create({ name: { given: "Cora", family: `Change${n}` } });
    return { doctor, patient };
  });
}

/** Statements the work sent, counted by the client wrapper (as in the bench). */
async function counted<T>(name: string, f: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const { withSqlScope, sqlStats } = m.drizzle;
  const before = sqlStats().byScope[name]?.statements ?? 0;
  const value = await withSqlScope(name, f);
  return { value, statements: sqlStats().byScope[name]!.statements - before };
}

async function query<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await m.drizzle.useSql().unsafe(text, params as any[])) as unknown as T[];
}

async function addInvoice(appointmentId: string, a: { patientId: string; doctorId: string }, status: string, paidCents: number) {
  const id = `inv_test${++n}${Math.random().toString(36).slice(2, 8)}`;
  await query(
    `insert into invoices (id, appointment_id, patient_id, doctor_id, status, currency, lines, subtotal_cents, tax_cents, total_cents, paid_cents) values ($1, $2, $3, $4, $5, 'EUR', '[]', 6000, 0, 6000, $6)`,
    [id, appointmentId, a.patientId, a.doctorId, status, paidCents],
  );
  return id;
}

test("a reschedule and a cancel send exactly one SQL statement each; outbox, audit and invoice commit with them", async () => {
  const { doctor, patient } = await setup();
  const booked = await asStaff(() => m.Appointment.book({ doctorId: doctor.id, patientId: patient.id, ...slot(0) }));
  const invoiceId = await addInvoice(booked.id, booked, "issued", 0);

  const moved = await counted("reschedule", () => asStaff(() => m.Appointment.reschedule({ id: booked.id, times: slot(4) })));
  assert.equal(moved.statements, 1, "reschedule: one statement");
  assert.equal(moved.value.startsAt, slot(4).startsAt);

  const cancelled = await counted("cancel", () => asStaff(() => m.Appointment.cancel({ id: booked.id, reason: "travelling" })));
  assert.equal(cancelled.statements, 1, "cancel: one statement");
  assert.equal(cancelled.value.status, "cancelled");
  assert.equal(cancelled.value.cancelReason, "travelling");

  const [inv] = await query(`select status from invoices where id = $1`, [invoiceId]);
  assert.equal(inv.status, "void", "the unpaid invoice is voided by the same statement");

  // The events the statements built are valid events of their families, with the exact times.
  const rows = await query(`select type, key, payload from outbox where payload->'data'->>'appointmentId' = $1 order by seq`, [booked.id]);
  assert.deepEqual(
    rows.map((r) => r.type),
    ["appointment.booked", "appointment.rescheduled", "appointment.cancelled", "invoice.voided"],
  );
  const rescheduled = m.events.AppointmentEvent.parse(rows[1].payload);
  assert.equal(rescheduled.key, doctor.id);
  assert.deepEqual(rescheduled.data.previous, slot(0));
  assert.equal(rescheduled.data.startsAt, slot(4).startsAt);
  assert.equal(rescheduled.data.feeCents, 6000);
  const cancelEvent = m.events.AppointmentEvent.parse(rows[2].payload);
  assert.equal(cancelEvent.data.status, "cancelled");
  assert.equal(cancelEvent.data.startsAt, slot(4).startsAt, "the times as they were when cancelled");
  const voided = m.invoiceEvents.InvoiceEvent.parse(rows[3].payload);
  assert.equal(voided.key, invoiceId);
  assert.equal(voided.data.status, "void");
  assert.equal(rows[3].key, invoiceId);

  const audit = await query(`select action, outcome, patient_id from audit_log where resource_id = $1 order by at, id`, [booked.id]);
  assert.deepEqual(
    audit.map((a) => [a.action, a.outcome, a.patient_id]),
    [
      ["appointment.book", "success", patient.id],
      ["appointment.reschedule", "success", patient.id],
      ["appointment.cancel", "success", patient.id],
    ],
  );
});

test("the cancel statement's invoice rule is onCancel's, for every status, paid or not", async () => {
  const { doctor, patient } = await setup();
  let i = 0;
  for (const status of m.invoiceStatuses)
    for (const paid of [0, 2500]) {
      const a = await asStaff(() => m.Appointment.book({ doctorId: doctor.id, patientId: patient.id, ...slot(i++, 3) }));
      const invoiceId = await addInvoice(a.id, a, status, paid);
      const done = await counted("cancel-rule", () => asStaff(() => m.Appointment.cancel({ id: a.id })));
      assert.equal(done.statements, 1);
      const [row] = await query(`select status from invoices where id = $1`, [invoiceId]);
      const expected = m.onCancel(status, paid);
      assert.equal(row.status, expected ?? status, `${status}, paid ${paid}`);
      const events = await query(`select type from outbox where key = $1`, [invoiceId]);
      assert.deepEqual(
        events.map((e) => e.type),
        expected ? [expected === "void" ? "invoice.voided" : "invoice.refund_due"] : [],
        `${status}, paid ${paid}: event`,
      );
    }
});

test("an appointment this process has not seen (booked elsewhere) moves in two statements, with the same answer", async () => {
  const { doctor, patient } = await setup();
  const id = `apt_elsewhere${++n}`;
  await query(`insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by) values ($1, $2, $3, $4, $5, 6000, 'EUR', 'test')`, [
    id,
    doctor.id,
    patient.id,
    slot(0, 4).startsAt,
    slot(0, 4).endsAt,
  ]);
  const moved = await counted("reschedule-cold", () => asStaff(() => m.Appointment.reschedule({ id, times: slot(2, 4) })));
  assert.equal(moved.statements, 2, "one that reports the row and its doctor, one that moves it");
  assert.equal(moved.value.startsAt, slot(2, 4).startsAt);
  const again = await counted("reschedule-warm", () => asStaff(() => m.Appointment.reschedule({ id, times: slot(3, 4) })));
  assert.equal(again.statements, 1, "now known: one");
});

test("refusals keep their order: 404 (audited) before 409 before 422, and change nothing", async () => {
  const { doctor, patient } = await setup();
  const other = await asStaff(() => m.Patient.create({ name: { given: "Otto", family: `Other${n}` } }));
  const a = await asStaff(() => m.Appointment.book({ doctorId: doctor.id, patientId: patient.id, ...slot(0, 5) }));
  const past = { startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() - DAY + 30 * 60_000).toISOString() };
  const kind = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (e) => `${e.kind}:${e.code}`,
    );
  const stranger = { type: "user", userId: "usr_stranger", role: "patient", patientId: other.id } as const;

  // Someone else's appointment, moved into the past: 404 (not 422), and the attempt is audited.
  assert.equal(await kind(m.withActor(stranger, () => m.Appointment.reschedule({ id: a.id, times: past }))), "not-found:appointment.not_found");
  assert.equal(await kind(m.withActor(stranger, () => m.Appointment.cancel({ id: a.id }))), "not-found:appointment.not_found");
  const denied = await query(`select action, detail->>'reason' as reason from audit_log where resource_id = $1 and outcome = 'denied' order by at, id`, [a.id]);
  assert.deepEqual(
    denied.map((d) => `${d.action}:${d.reason}`),
    ["appointment.reschedule:not_yours", "appointment.cancel:not_yours"],
  );
  assert.equal(await kind(asStaff(() => m.Appointment.reschedule({ id: "apt_missing", times: slot(1) }))), "not-found:appointment.not_found");

  // Booked and into the past: 422 on the time; a doctor's "complete" before the start: 409.
  assert.equal(await kind(asStaff(() => m.Appointment.reschedule({ id: a.id, times: past }))), "unprocessable:appointment.in_past");
  assert.equal(await kind(asStaff(() => m.Appointment.complete(a.id))), "conflict:appointment.not_started");

  // Cancelled, then moved into the past: 409 (the status), not 422; cancelled again: 409.
  await asStaff(() => m.Appointment.cancel({ id: a.id }));
  assert.equal(await kind(asStaff(() => m.Appointment.reschedule({ id: a.id, times: past }))), "conflict:appointment.invalid_transition");
  assert.equal(await kind(asStaff(() => m.Appointment.cancel({ id: a.id }))), "conflict:appointment.invalid_transition");
  const [row] = await query(`select status, starts_at from appointments where id = $1`, [a.id]);
  assert.equal(row.status, "cancelled");
  assert.equal(new Date(row.starts_at).toISOString(), slot(0, 5).startsAt);
  const events = await query(`select type from outbox where payload->'data'->>'appointmentId' = $1 order by seq`, [a.id]);
  assert.deepEqual(
    events.map((e) => e.type),
    ["appointment.booked", "appointment.cancelled"],
  );
});
