import type { TestApp } from "@carebeat/local/testing";
import { measure, type Result } from "./harness";
import { clinicBookingBenchmarks } from "./booking";

/** Clinic-record request costs through the real app (DynamoDB via dynalite, audit in Postgres). */
export async function clinicBenchmarks(t: TestApp, n: number): Promise<Result[]> {
  const staff = await t.user("staff");
  const rows: Result[] = [];
  const ids: string[] = [];
  rows.push(
    await measure("POST /api/patients (Dynamo put + audit)", n, async (i) => {
      const res = await t.call("POST", "/api/patients", {
        token: staff.token,
        body: { name: { given: `G${i}`, family: `Bench${i % 50}` }, contact: { email: `b${i}-${Math.random()}@bench.test` } },
      });
      if (i >= 0) ids.push(res.body.id);
    }),
  );
  rows.push(await measure("GET /api/patients/:id (Dynamo get + audit)", n, (i) => t.call("GET", `/api/patients/${ids[Math.abs(i) % ids.length]}`, { token: staff.token })));
  rows.push(
    await measure("GET /api/patients?q=bench1&limit=25 (directory page + BatchGet + audit)", n, () => t.call("GET", "/api/patients?q=bench1&limit=25", { token: staff.token })),
  );
  rows.push(...(await clinicBookingBenchmarks(t, n, ids)));
  return rows;
}
