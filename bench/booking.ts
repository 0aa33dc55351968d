import type { TestApp } from "@carebeat/local/testing";
import { measure, type Result } from "./harness";

/** Booking cost: doctor + patient checks, one transaction with the overlap constraint, outbox and audit. */
export async function clinicBookingBenchmarks(t: TestApp, n: number, patientIds: string[]): Promise<Result[]> {
  const admin = await t.user("admin");
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
  const doctor = await t.call("POST", "/api/doctors", {
    token: admin.token,
    body: { name: "Dr Bench", specialty: "General", visitFeeCents: 5000, timezone: "UTC", workingHours: allWeek },
  });
  const base = Date.now() + 2 * 86_400_000;
  let slot = 0;
  const rows: Result[] = [];
  rows.push(
    await measure("POST /api/appointments (book: tx + exclusion + outbox)", n, () => {
      const start = new Date(base + slot++ * 30 * 60_000);
      return t.call("POST", "/api/appointments", {
        token: admin.token,
        body: {
          doctorId: doctor.body.id,
          patientId: patientIds[slot % patientIds.length],
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
        },
      });
    }),
  );
  const clash = new Date(base).toISOString();
  rows.push(
    await measure("POST /api/appointments (overlap → 409)", n, () =>
      t.call("POST", "/api/appointments", {
        token: admin.token,
        body: { doctorId: doctor.body.id, patientId: patientIds[0], startsAt: clash, endsAt: new Date(base + 30 * 60_000).toISOString() },
      }),
    ),
  );
  const date = new Date(base).toISOString().slice(0, 10);
  rows.push(await measure("GET /api/doctors/:id/availability", n, () => t.call("GET", `/api/doctors/${doctor.body.id}/availability?date=${date}`, { token: admin.token })));
  return rows;
}
