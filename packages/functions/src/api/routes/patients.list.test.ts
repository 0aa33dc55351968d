import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { query, unique } from "./clinic.fixtures";
import { nameKey, givenKey } from "@carebeat/core/patient/keys";

/**
 * The staff/admin patients list pages through the Postgres patient directory (docs/patients.md
 * "Indexes and search"), then reads the page's records from DynamoDB: name order, family- then
 * given-name prefix phases under one cursor, soft-deleted entries for admins only, and an entry
 * that fell behind its record (or lost it) repaired by the read that meets it.
 */
let t: TestApp;
let staff: TestUser;
let admin: TestUser;
before(async () => {
  t = await startTestApp();
  staff = await t.user("staff");
  admin = await t.user("admin");
});
after(async () => t?.stop());

const entry = async (id: string) => (await query(`select display_name, status, version, name_key, given_key from patient_directory where id = $1`, [id]))[0];

async function create(given: string, family: string, token = staff.token) {
  const res = await t.call("POST", "/api/patients", { token, body: { name: { given, family } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; version: number; name: { given: string; family: string } };
}

/** Every page of a list query, with each page's size checked; fails on a loop. */
async function walk(q: string, limit: number, token = staff.token) {
  const items: any[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await t.call("GET", `/api/patients?${q}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.items.length <= limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (cursor) cursors.push(cursor);
  } while (cursor && cursors.length < 100);
  assert.equal(cursor, null, "walk ended");
  return { ids: items.map((p) => p.id as string), items, cursors };
}

/** The stored DynamoDB item, written as an edit made outside the API would (no directory write). */
async function putRaw(item: Record<string, unknown>) {
  const { useDynamo, tableName } = await import("@carebeat/core/dynamo");
  const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
  await useDynamo().send(new PutCommand({ TableName: tableName("Patients"), Item: item }));
}
async function getRaw(id: string) {
  const { useDynamo, tableName } = await import("@carebeat/core/dynamo");
  const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
  return (await useDynamo().send(new GetCommand({ TableName: tableName("Patients"), Key: { id }, ConsistentRead: true }))).Item!;
}

test("every write keys the directory entry exactly as keys.ts does; the backfill fills entries written before the keys existed", async () => {
  const tag = unique();
  const p = await create(`Zoë ${tag}`, `Brontë-${tag}`);
  assert.deepEqual(await entry(p.id), {
    display_name: `Zoë ${tag} Brontë-${tag}`,
    status: "active",
    version: 1,
    name_key: nameKey(p.name, p.id),
    given_key: givenKey(p.name, p.id),
  });
  assert.match((await entry(p.id)).name_key, new RegExp(`^bronte-${tag} zoe ${tag}#pat_`), "normalized: lower case, accents stripped");

  const renamed = await t.call("PATCH", `/api/patients/${p.id}`, { token: staff.token, headers: { "if-match": '"1"' }, body: { name: { family: `Renamed${tag}` } } });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal((await entry(p.id)).name_key, nameKey(renamed.body.name, p.id), "update (the one-statement write)");
  assert.equal((await entry(p.id)).given_key, givenKey(renamed.body.name, p.id));

  assert.equal((await t.call("DELETE", `/api/patients/${p.id}`, { token: staff.token })).status, 204);
  const deleted = await entry(p.id);
  assert.deepEqual([deleted.status, deleted.version, deleted.name_key], ["deleted", 3, nameKey(renamed.body.name, p.id)], "soft delete keeps the keys");

  // A row from before migration 0009 has no keys: the start/deploy backfill re-projects it.
  const q = await create("Keyless", `Old${tag}`);
  await query(`update patient_directory set name_key = null, given_key = null where id = $1`, [q.id]);
  assert.ok(!(await walk(`q=old${tag}`, 5)).ids.includes(q.id), "an unkeyed entry is not listed");
  const { PatientDirectory } = await import("@carebeat/core/directory");
  await PatientDirectory.backfill();
  assert.deepEqual([(await entry(q.id)).name_key, (await entry(q.id)).given_key], [nameKey(q.name, q.id), givenKey(q.name, q.id)]);
  assert.deepEqual((await walk(`q=old${tag}`, 5)).ids, [q.id]);

  // Repair writes them too.
  await query(`update patient_directory set name_key = null, given_key = null where id = $1`, [q.id]);
  await PatientDirectory.repair(q.id);
  assert.equal((await entry(q.id)).name_key, nameKey(q.name, q.id));
});

test("name order and both prefix phases, walked one by one: family matches in name order, then given matches, each once", async () => {
  const tag = unique();
  // Family-name matches of `tag`…
  const f1 = await create("Beth", `${tag}Ayer`);
  const f2 = await create("Abe", `${tag}Ayer`);
  const f3 = await create("Ängel", `${tag}b`);
  // …given-name matches (family names elsewhere in the alphabet)…
  const g1 = await create(`${tag}Zed`, "Aaronson");
  const g2 = await create(`${tag}Adam`, "Zylstra");
  // …and one matching both ways, returned once, in the family phase.
  const both = await create(`${tag}Both`, `${tag}Both`);
  await create("Other", `Not${tag}`);

  const family = [f1, f2, f3, both].sort((a, b) => (nameKey(a.name, a.id) < nameKey(b.name, b.id) ? -1 : 1)).map((p) => p.id);
  const given = [g1, g2].sort((a, b) => (givenKey(a.name, a.id) < givenKey(b.name, b.id) ? -1 : 1)).map((p) => p.id);
  assert.deepEqual(family.slice(0, 2), [f2.id, f1.id], "abe before beth within one family");
  for (const limit of [1, 2, 4, 100]) {
    const { ids, cursors } = await walk(`q=${tag.toUpperCase()}`, limit);
    assert.deepEqual(ids, [...family, ...given], `limit ${limit}: family phase in name order, then the given phase in given-name order`);
    if (limit === 1) {
      const phases = cursors.map((c) => JSON.parse(Buffer.from(c, "base64url").toString()).p);
      // After the 4th page the family phase is exhausted (the page asked for one row more): the cursor moves on to the given phase.
      assert.deepEqual(phases, ["family", "family", "family", "given", "given"], "the cursor crossed from one phase into the other");
    }
  }
  // Narrowing inside each phase: family then given, given then family.
  assert.deepEqual((await walk(`q=${tag}ayer b`, 10)).ids, [f1.id]);
  assert.deepEqual((await walk(`q=${encodeURIComponent(`${tag}adam zyl`)}`, 10)).ids, [g2.id]);
  assert.deepEqual((await walk(`q=${tag}b angel`, 10)).ids, [f3.id], "accent-insensitive");

  // The unfiltered list is one name order over everyone.
  const everyone = await walk("", 9);
  const keys = everyone.items.map((p) => nameKey(p.name, p.id));
  assert.deepEqual(keys, [...keys].sort(), "byte order of the normalized keys");
  assert.equal(new Set(everyone.ids).size, everyone.ids.length);
  for (const id of [...family, ...given]) assert.ok(everyone.ids.includes(id));
});

test("cursors are honoured only for their own search", async () => {
  const tag = unique();
  for (const g of ["A", "B", "C"]) await create(g, `Cur${tag}`);
  await create(`Cur${tag}`, "Zz");
  const page = async (q: string) => (await t.call("GET", `/api/patients?${q}`, { token: staff.token })) as any;
  const familyCursor = (await page(`q=cur${tag}&limit=1`)).body.nextCursor;
  const givenCursor = (await page(`q=cur${tag}&limit=3`)).body.nextCursor;
  assert.equal(JSON.parse(Buffer.from(givenCursor, "base64url").toString()).p, "given");
  assert.equal((await page(`q=cur${tag}&limit=1&cursor=${familyCursor}`)).status, 200);
  const bad = async (q: string) => {
    const res = await page(q);
    assert.equal(res.status, 400, `${q}: ${JSON.stringify(res.body)}`);
    assert.match(res.contentType, /application\/problem\+json/);
    assert.ok(res.body.errors.some((e: any) => e.field === "query.cursor"));
  };
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  await bad(`q=other&cursor=${familyCursor}`);
  await bad(`cursor=${givenCursor}`); // no given phase without a prefix
  await bad(`email=a@example.com&cursor=${familyCursor}`);
  await bad(`cursor=${b64({ p: "family", k: "no-hash-here" })}`);
  await bad(`q=cur${tag}&cursor=${b64({ p: "given", k: `zz cur${tag}#pat_x` })}`); // a given key must start with the prefix
  await bad(`cursor=${b64({ p: "family", k: { id: "x", listKey: "patient", nameKey: "a" } })}`); // a cursor of the old (DynamoDB) list
  await bad(`cursor=${b64({ p: "family", k: "a".repeat(601) })}`);
  await bad(`cursor=${b64({ p: "email" })}`);
});

test("soft-deleted entries: listed for admins who ask, never for staff", async () => {
  const tag = unique();
  const live = await create("Live", `Del${tag}`);
  const gone = await create("Gone", `Del${tag}`);
  assert.equal((await t.call("DELETE", `/api/patients/${gone.id}`, { token: staff.token })).status, 204);
  assert.deepEqual((await walk(`q=del${tag}`, 1)).ids, [live.id]);
  assert.deepEqual((await walk(`q=del${tag}&includeDeleted=true`, 1)).ids, [live.id], "staff cannot ask");
  const adminView = await walk(`q=del${tag}&includeDeleted=true`, 1, admin.token);
  assert.deepEqual(adminView.ids, [gone.id, live.id], "name order: gone before live");
  assert.ok(adminView.items[0].deletedAt, "as DynamoDB has it");
  assert.deepEqual((await walk(`q=del${tag}`, 5, admin.token)).ids, [live.id], "admins too, unless they ask");
});

test("an entry behind its record is repaired by the list that reads it; the record is shown as DynamoDB has it", async () => {
  const tag = unique();
  const renamed = await create("Stale", `Rep${tag}`);
  const deletedOutside = await create("Deleted", `Rep${tag}`);
  const erased = await create("Erased", `Rep${tag}`);
  const fine = await create("Fine", `Rep${tag}`);

  // Edits made outside the API (a restore, a console edit): DynamoDB moves on, the directory does not.
  const r = await getRaw(renamed.id);
  await putRaw({ ...r, name: { given: "Fresh", family: `Rep${tag}` }, version: 2 });
  const d = await getRaw(deletedOutside.id);
  await putRaw({ ...d, deletedAt: new Date().toISOString(), version: 2 });
  const { useDynamo, tableName } = await import("@carebeat/core/dynamo");
  const { DeleteCommand } = await import("@aws-sdk/lib-dynamodb");
  await useDynamo().send(new DeleteCommand({ TableName: tableName("Patients"), Key: { id: erased.id } }));
  assert.equal((await entry(renamed.id)).display_name, "Stale " + `Rep${tag}`, "the directory is behind");

  const { items } = await walk(`q=rep${tag}`, 10);
  assert.deepEqual(
    items.map((p) => [p.id, p.name.given, p.version]),
    [
      [fine.id, "Fine", 1],
      [renamed.id, "Fresh", 2],
    ],
    "the renamed record as DynamoDB has it (in the page's directory order), the deleted and the erased ones not at all",
  );
  assert.deepEqual(await entry(renamed.id), {
    display_name: `Fresh Rep${tag}`,
    status: "active",
    version: 2,
    name_key: nameKey({ given: "Fresh", family: `Rep${tag}` }, renamed.id),
    given_key: givenKey({ given: "Fresh", family: `Rep${tag}` }, renamed.id),
  });
  assert.deepEqual([(await entry(deletedOutside.id)).status, (await entry(deletedOutside.id)).version], ["deleted", 2]);
  assert.equal(await entry(erased.id), undefined, "an entry without a record is removed");
  // Repaired: the next read is in directory order again.
  assert.deepEqual((await walk(`q=rep${tag}`, 1)).ids, [fine.id, renamed.id]);

  // The list's audit row names the disclosed ids only.
  const { useSql } = await import("@carebeat/core/drizzle");
  const [row] = await useSql().unsafe(
    `select patient_ids, detail from audit_log where action = 'patient.list' and actor_id = $1 and $2 = any(patient_ids) order by at desc limit 1`,
    [staff.id, renamed.id],
  );
  assert.ok(row, "audited");
  assert.ok(!(row as any).patient_ids.includes(erased.id));
});
