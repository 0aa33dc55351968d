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
  await sql.unsafe(
    `insert into doctors (id, name, specialty, visit_fee_cents, currency, timezone, working_hours) values ('doc_explain', 'Dr Explain', 'General', 5000, 'USD', 'UTC', '[]')`,
  );
  await sql.unsafe(`insert into appointments (id, doctor_id, patient_id, starts_at, ends_at, fee_cents, currency, created_by, status)
    select 'apt_' || lpad(i::text, 26, '0'), 'doc_explain', 'pat_' || (i % 500), now() + i * interval '30 minutes', now() + i * interval '30 minutes' + interval '25 minutes', 5000, 'USD', 'explain',
      (array['booked','completed','cancelled','no_show'])[1 + i % 4]
    from generate_series(1, 20000) i`);
  await sql.unsafe(`insert into invoices (id, appointment_id, patient_id, doctor_id, status, currency, lines, subtotal_cents, tax_cents, total_cents, created_at)
    select 'inv_' || lpad(i::text, 26, '0'), 'apt_' || lpad(i::text, 26, '0'), 'pat_' || (i % 500), 'doc_explain',
      (array['pending','issued','paid','void','failed'])[1 + i % 5], 'USD', '[]', 5000, 0, 5000, now() - i * interval '1 minute'
    from generate_series(1, 20000) i`);
  // Directory entries as the backfill writes them (keys normalized like keys.ts), with names
  // outside ASCII so the prefix ranges meet multi-byte keys.
  await sql.unsafe(`insert into patient_directory (id, display_name, status, version, name_key, given_key)
    select 'pat_' || lpad(i::text, 26, '0'), 'x', case when i % 10 = 0 then 'deleted' else 'active' end, 1,
      f || ' ' || g || '#pat_' || lpad(i::text, 26, '0'), g || ' ' || f || '#pat_' || lpad(i::text, 26, '0')
    from generate_series(1, 20000) i,
      lateral (select (array['smith','smyth','muller','øster','李','zhang','ñu','o''brien'])[1 + i % 8] || (i % 97)::text as f,
                      (array['ann','anna','bob','zoe','ægir','明'])[1 + i % 6] || (i % 89)::text as g) n`);
  await sql.unsafe(`analyze appointments; analyze invoices; analyze patient_directory`);
});
after(async () => t?.stop());

/** Call the API, take the list query it sent (the one reading `table`), and EXPLAIN it. */
async function planOf(path: string, table: string): Promise<Plan> {
  const { recentStatements, useSql } = await import("@carebeat/core/drizzle");
  const res = await t.call("GET", path, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const q = recentStatements()
    .reverse()
    .find((s) => s.text.startsWith("select") && s.text.includes(`from "${table}"`) && s.text.includes("order by"));
  assert.ok(q, `the API sent a list query on ${table}`);
  const [row] = await useSql().unsafe(`explain (format json) ${q.text}`, q.params as any[]);
  return (row as any)["QUERY PLAN"][0].Plan;
}

function nodes(p: Plan): Plan[] {
  return [p, ...(p.Plans ?? []).flatMap(nodes)];
}

function assertIndexOrder(plan: Plan, index: string) {
  const all = nodes(plan);
  assert.ok(
    all.some((n) => n["Index Name"] === index),
    `uses ${index}: ${JSON.stringify(all.map((n) => [n["Node Type"], n["Index Name"]]))}`,
  );
  assert.ok(!all.some((n) => n["Node Type"].includes("Sort")), "no sort: the index gives the order");
}

/** Run the directory's list query as Patient.list does, take the statement it sent, and EXPLAIN it. */
async function directoryPlan(opts: Parameters<typeof import("@carebeat/core/directory").PatientDirectory.listPage>[0]): Promise<Plan> {
  const { recentStatements, useSql } = await import("@carebeat/core/drizzle");
  const { PatientDirectory } = await import("@carebeat/core/directory");
  await PatientDirectory.listPage(opts);
  const q = recentStatements()
    .reverse()
    .find((s) => s.text.startsWith("select") && s.text.includes(`from "patient_directory"`) && s.text.includes("order by"));
  assert.ok(q, "a list query on patient_directory");
  const [row] = await useSql().unsafe(`explain (format json) ${q.text}`, q.params as any[]);
  return (row as any)["QUERY PLAN"][0].Plan;
}

test("the patients list is served by the directory's key indexes in their order: no sort, prefix as an index range (EXPLAIN on PostgreSQL)", { skip }, async () => {
  const base = { includeDeleted: false, limit: 51 };
  assertIndexOrder(await directoryPlan({ ...base, phase: "family" }), "patient_directory_name_key_idx");
  assertIndexOrder(await directoryPlan({ ...base, phase: "family", after: "smith5 ann5#pat_x" }), "patient_directory_name_key_idx");
  assertIndexOrder(await directoryPlan({ ...base, phase: "family", includeDeleted: true }), "patient_directory_name_key_idx");
  assertIndexOrder(await directoryPlan({ ...base, phase: "family", prefix: "smi" }), "patient_directory_name_key_idx");
  assertIndexOrder(await directoryPlan({ ...base, phase: "family", prefix: "øs", after: "øster1 a#" }), "patient_directory_name_key_idx");
  assertIndexOrder(await directoryPlan({ ...base, phase: "given", prefix: "an" }), "patient_directory_given_key_idx");
  assertIndexOrder(await directoryPlan({ ...base, phase: "given", prefix: "明", after: "明1 " }), "patient_directory_given_key_idx");
  // A prefix is an Index Cond (a range on the key), not a filter over the whole index.
  const plan = nodes(await directoryPlan({ ...base, phase: "family", prefix: "zhang1" })).find((n) => n["Index Name"] === "patient_directory_name_key_idx") as Plan & {
    "Index Cond"?: string;
  };
  assert.match(plan["Index Cond"] ?? "", /name_key >=.*name_key </, JSON.stringify(plan));
});

test("the prefix range finds exactly what starts with the prefix, in byte order, on the server (skipped without DATABASE_URL)", { skip }, async () => {
  const { PatientDirectory } = await import("@carebeat/core/directory");
  const { useSql } = await import("@carebeat/core/drizzle");
  const cases = { family: ["smi", "sm", "smith1", "øster", "ø", "李", "ñu", "o'b", "zhang9", "s"], given: ["an", "anna1", "ægir", "æ", "明", "明3", "zo", "b"] };
  for (const phase of ["family", "given"] as const) {
    for (const prefix of cases[phase]) {
      const got = (await PatientDirectory.listPage({ phase, prefix, includeDeleted: true, limit: 100_000 })).map((r) => r.key);
      const column = phase === "family" ? "name_key" : "given_key";
      const exclude = phase === "given" ? `and not starts_with(name_key, $1)` : "";
      const want = (
        await useSql().unsafe(`select ${column} as k from patient_directory where starts_with(${column}, $1) ${exclude} order by convert_to(${column}, 'UTF8')`, [prefix])
      ).map((r: any) => r.k);
      assert.ok(want.length > 0, `${prefix}: the data has matches`);
      assert.deepEqual(got, want, `${phase} ${prefix}`);
    }
  }
});

test("appointment and invoice lists are served in index order (EXPLAIN on PostgreSQL; skipped without DATABASE_URL)", { skip }, async () => {
  assertIndexOrder(await planOf("/api/appointments?limit=50", "appointments"), "appointments_start_id_idx");
  const first = await t.call("GET", "/api/appointments?limit=50", { token });
  assertIndexOrder(await planOf(`/api/appointments?limit=50&cursor=${first.body.nextCursor}`, "appointments"), "appointments_start_id_idx");
  assertIndexOrder(
    await planOf(`/api/appointments?limit=50&from=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 100).toISOString())}`, "appointments"),
    "appointments_start_id_idx",
  );
  assertIndexOrder(await planOf("/api/invoices?limit=50", "invoices"), "invoices_created_idx");
  assertIndexOrder(await planOf("/api/invoices?status=issued&limit=50", "invoices"), "invoices_status_created_id_idx");
  const inv = await t.call("GET", "/api/invoices?status=issued&limit=50", { token });
  assertIndexOrder(await planOf(`/api/invoices?status=issued&limit=50&cursor=${inv.body.nextCursor}`, "invoices"), "invoices_status_created_id_idx");
});
