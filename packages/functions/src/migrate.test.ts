import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { startTestApp, type TestApp } from "@carebeat/local/testing";

let t: TestApp;
before(async () => (t = await startTestApp()));
after(async () => t?.stop());

test("the migrate Lambda is idempotent: a second deploy's run changes nothing and keeps data", async () => {
  const { handler } = await import("./migrate");
  const { useDb } = await import("@carebeat/core/drizzle");
  const before = await t.user("staff");
  // The stack already ran every migration at start: a deploy's run applies no DynamoDB backfill
  // again and the directory reconcile removes nothing (it only reports what it scanned).
  for (let run = 0; run < 2; run++) {
    const result = await handler();
    assert.equal(result.ok, true);
    assert.deepEqual(result.dynamo, [], "no backfill runs twice");
    assert.equal(result.directory.removed, 0, "the directory already matches DynamoDB");
  }
  const rows = await useDb().execute(sql`select count(*)::int as n from users where id = ${before.id}`);
  assert.equal((rows as any)[0].n, 1);
});

test("the audit log rejects UPDATE and DELETE (append-only trigger)", async () => {
  const { useDb, pgCode } = await import("@carebeat/core/drizzle");
  const admin = await t.user("admin");
  await t.call("GET", "/api/audit", { token: admin.token });
  await t.call("GET", "/api/auth/users", { token: (await t.user("patient")).token }); // a denied call is audited
  const [{ n }] = (await useDb().execute(sql`select count(*)::int as n from audit_log`)) as any;
  assert.ok(n > 0, "there are audit rows to tamper with");
  const appendOnly = (err: any) => pgCode(err) === "42501" && /append-only/.test(String(err.cause?.message ?? err.message));
  await assert.rejects(useDb().execute(sql`update audit_log set outcome = 'success'`), appendOnly);
  await assert.rejects(useDb().execute(sql`delete from audit_log`), appendOnly);
  const [{ m }] = (await useDb().execute(sql`select count(*)::int as m from audit_log`)) as any;
  assert.equal(m, n);
});
