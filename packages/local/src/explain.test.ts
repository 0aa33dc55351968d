import { test, before, after } from "node:test";
import assert from "node:assert/strict";

/**
 * The lists the site uses are served by an index in their own order: no Sort node, no scan of
 * the whole table. The real queries (captured as the API sends them) are EXPLAINed on a
 * PostgreSQL server over 20,000 appointments and invoices. PGlite's planner is the same, but
 * the check belongs to the server the clinic runs on, so without DATABASE_URL it is skipped.
 */
const skip = process.env.DATABASE_URL ? false : "needs DATABASE_URL (a PostgreSQL server)";
process.env.CAREBEAT_SQL_STATS = "1";

type Plan = { "Node Type": string; "Index Name"?: string; Plans?: Plan[] };
let t: Awaited<ReturnType<typeof import("./testing").startTestApp>>;
let token: string;

before(async () => {
  if (skip) return;
  const { startTestApp } = await import("./testing");
  t = await startTestApp();
  token = (await t.user("staff")).token;
  const { useSql } = await import("@carebeat/core/drizzle");
  const sql = useSql();
  await sql.unsafe(`insert into doctors (id, name, specialty, visit_fee_cents, currency, timezone, working_hours) values ('doc_explain', 'Dr Explain', 'General', 5000, 'USD', 'UTC', '[]')`);
  await sql.unsafe(`insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by, status)
    select 'apt_' || lpad(i::text, 26, '0'), 'doc_explain', 'pat_' || (i % 500), now() + i * interval '30 minutes', now() + i * interval '30 minutes' + interval '25 minutes', 5000, 'USD', 'explain',
      (array['booked','completed','cancelled','no_show'])[1 + i % 4]
    from generate_series(1, 20000) i`);
  await sql.unsafe(`insert into invoices (id, appointment_id, patient_id, doctor_id, status, currency, lines, subtotal_cents, tax_cents, total_cents, created_at)
    select 'inv_' || lpad(i::text, 26, '0'), 'apt_' || lpad(i::text, 26, '0'), 'pat_' || (i % 500), 'doc_explain',
      (array['pending','issued','paid','void','failed'])[1 + i % 5], 'USD', '[]', 5000, 0, 5000, now() - i * interval '1 minute'
    from generate_series(1, 20000) i`);
  await sql.unsafe(`analyze appointments; analyze invoices`);
});
after(async () => t?.stop());

/** Call the API, take the list query it sent (the one reading `table`), and EXPLAIN it. */
async function planOf(path: string, table: string): Promise<Plan> {
  const { recentStatements, useSql } = await import("@carebeat/core/drizzle");
  const res = await t.call("GET", path, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const q = recentStatements().reverse().find((s) => s.text.startsWith("select") && s.text.includes(`from "${table}"`) && s.text.includes("order by"));
  assert.ok(q, `the API sent a list query on ${table}`);
  const [row] = await useSql().unsafe(`explain (format json) ${q.text}`, q.params as any[]);
  return (row as any)["QUERY PLAN"][0].Plan;
}

function nodes(p: Plan): Plan[] {
  return [p, ...(p.Plans ?? []).flatMap(nodes)];
}

function assertIndexOrder(plan: Plan, index: string) {
  const all = nodes(plan);
  assert.ok(all.some((n) => n["Index Name"] === index), `uses ${index}: ${JSON.stringify(all.map((n) => [n["Node Type"], n["Index Name"]]))}`);
  assert.ok(!all.some((n) => n["Node Type"].includes("Sort")), "no sort: the index gives the order");
}

test("appointment and invoice lists are served in index order (EXPLAIN on PostgreSQL; skipped without DATABASE_URL)", { skip }, async () => {
  assertIndexOrder(await planOf("/api/appointments?limit=50", "appointments"), "appointments_start_id_idx");
  const first = await t.call("GET", "/api/appointments?limit=50", { token });
  assertIndexOrder(await planOf(`/api/appointments?limit=50&cursor=${first.body.nextCursor}`, "appointments"), "appointments_start_id_idx");
  assertIndexOrder(await planOf(`/api/appointments?limit=50&from=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 100).toISOString())}`, "appointments"), "appointments_start_id_idx");
  assertIndexOrder(await planOf("/api/invoices?limit=50", "invoices"), "invoices_created_idx");
  assertIndexOrder(await planOf("/api/invoices?status=issued&limit=50", "invoices"), "invoices_status_created_id_idx");
  const inv = await t.call("GET", "/api/invoices?status=issued&limit=50", { token });
  assertIndexOrder(await planOf(`/api/invoices?status=issued&limit=50&cursor=${inv.body.nextCursor}`, "invoices"), "invoices_status_created_id_idx");
});
