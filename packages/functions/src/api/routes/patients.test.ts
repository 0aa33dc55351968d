import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";

let t: TestApp;
let staff: TestUser;
let admin: TestUser;
before(async () => {
  t = await startTestApp();
  staff = await t.user("staff");
  admin = await t.user("admin");
});
after(async () => t?.stop());

const unique = () => Math.random().toString(36).slice(2, 8);
async function createPatient(fields: Record<string, unknown> = {}) {
  const res = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Test", family: `Person${unique()}` }, ...fields } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res;
}
function problem(res: { status: number; contentType: string; body: any }, status: number, field?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /application\/problem\+json/);
  if (field) assert.ok(res.body.errors?.some((e: any) => e.field === field), `${field} in ${JSON.stringify(res.body.errors)}`);
}
async function auditFor(patientId: string) {
  const res = await t.call("GET", `/api/audit?patientId=${patientId}&limit=200`, { token: admin.token });
  assert.equal(res.status, 200);
  return res.body.items as any[];
}

test("create → read (ETag) → update with If-Match → soft delete", async () => {
  const created = await createPatient({ birthDate: "1980-04-02", sex: "female", contact: { email: "Ana@Example.com" }, extensions: { language: "pt" } });
  const id = created.body.id;
  assert.match(id, /^pat_/);
  assert.equal(created.headers.get("location"), `/api/patients/${id}`);
  assert.equal(created.body.version, 1);
  assert.equal(created.body.contact.email, "ana@example.com");

  const read = await t.call("GET", `/api/patients/${id}`, { token: staff.token });
  assert.equal(read.status, 200);
  assert.equal(read.headers.get("etag"), '"1"');

  const updated = await t.call("PATCH", `/api/patients/${id}`, { token: staff.token, headers: { "if-match": '"1"' }, body: { allergies: ["latex"], extensions: null } });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  assert.equal(updated.headers.get("etag"), '"2"');
  assert.deepEqual(updated.body.allergies, ["latex"]);
  assert.equal(updated.body.extensions, undefined, "null clears a field");
  assert.equal(updated.body.birthDate, "1980-04-02", "unnamed fields are kept");

  assert.equal((await t.call("DELETE", `/api/patients/${id}`, { token: staff.token })).status, 204);
  problem(await t.call("GET", `/api/patients/${id}`, { token: staff.token }), 404);
  const asAdmin = await t.call("GET", `/api/patients/${id}`, { token: admin.token });
  assert.equal(asAdmin.status, 200);
  assert.ok(asAdmin.body.deletedAt, "admins still see a soft-deleted record");
  const actions = (await auditFor(id)).map((e) => e.action);
  for (const a of ["patient.create", "patient.read", "patient.update", "patient.delete"]) assert.ok(actions.includes(a), `${a} audited`);
  const update = (await auditFor(id)).find((e) => e.action === "patient.update");
  assert.deepEqual(update.detail.fields.sort(), ["allergies", "extensions"], "changed field names, never values");
});

test("If-Match: missing → 428, stale → 412, concurrent edits → one wins", async () => {
  const { body } = await createPatient();
  problem(await t.call("PATCH", `/api/patients/${body.id}`, { token: staff.token, body: { sex: "male" } }), 428, "If-Match");
  problem(await t.call("PATCH", `/api/patients/${body.id}`, { token: staff.token, headers: { "if-match": '"7"' }, body: { sex: "male" } }), 412);
  problem(await t.call("PATCH", `/api/patients/${body.id}`, { token: staff.token, headers: { "if-match": "banana" }, body: { sex: "male" } }), 400, "If-Match");
  const results = await Promise.all(
    ["male", "female"].map((sex) => t.call("PATCH", `/api/patients/${body.id}`, { token: staff.token, headers: { "if-match": '"1"' }, body: { sex } })),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 412]);
  const after = await t.call("GET", `/api/patients/${body.id}`, { token: staff.token });
  assert.equal(after.body.version, 2);
});

test("pagination walks every record once, in name order; prefix and email search", async () => {
  const family = `Zed${unique()}`;
  const ids = new Set<string>();
  for (let i = 0; i < 7; i++) ids.add((await createPatient({ name: { given: `G${i}`, family }, contact: { email: `${family}-${i}@example.com`.toLowerCase() } })).body.id);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: any = await t.call("GET", `/api/patients?q=${family.toLowerCase()}&limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: staff.token });
    assert.equal(res.status, 200);
    seen.push(...res.body.items.map((p: any) => p.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  assert.ok(pages >= 3, "more than two pages");
  assert.deepEqual(new Set(seen), ids);
  assert.equal(seen.length, ids.size, "no duplicates");

  const byGiven = await t.call("GET", `/api/patients?q=${encodeURIComponent(`${family} g3`)}`, { token: staff.token });
  assert.deepEqual(byGiven.body.items.map((p: any) => p.name.given), ["G3"]);
  const byEmail = await t.call("GET", `/api/patients?email=${family.toLowerCase()}-4@example.com`, { token: staff.token });
  assert.deepEqual(byEmail.body.items.map((p: any) => p.name.given), ["G4"]);
  problem(await t.call("GET", "/api/patients?cursor=not-a-cursor", { token: staff.token }), 400, "query.cursor");
});

test("bad input names the field", async () => {
  const post = (body: unknown) => t.call("POST", "/api/patients", { token: staff.token, body });
  problem(await post({}), 400, "name");
  problem(await post({ name: { given: "A", family: "B" }, birthDate: "2999-01-01" }), 400, "birthDate");
  problem(await post({ name: { given: "A", family: "B" }, ssn: "1" }), 400);
  problem(await post({ name: { given: "A", family: "B" }, extensions: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 1])) }), 400, "extensions");
  problem(await post({ name: { given: "A", family: "B" }, extensions: { big: "x".repeat(501) } }), 400, "extensions.big");
  problem(await post({ name: { given: "A", family: "B" }, contact: { email: "nope" } }), 400, "contact.email");
});

test("a patient sees and edits only their own record; refusals are audited", async () => {
  const reg = await t.call("POST", "/api/auth/register", { body: { email: `self${unique()}@example.com`, password: "correct horse battery", name: "Grace Brewster Hopper" } });
  assert.equal(reg.status, 201);
  assert.match(reg.body.patientId, /^pat_/, "registration creates and links a record");
  const login = await t.call("POST", "/api/auth/login", { body: { email: reg.body.email, password: "correct horse battery" } });
  const token = login.body.accessToken;
  const me = await t.call("GET", `/api/patients/${reg.body.patientId}`, { token });
  assert.equal(me.status, 200);
  assert.deepEqual(me.body.name, { given: "Grace Brewster", family: "Hopper" });

  const other = (await createPatient()).body;
  const denied = await t.call("GET", `/api/patients/${other.id}`, { token });
  problem(denied, 403);
  assert.ok((await auditFor(other.id)).some((e) => e.outcome === "denied" && e.actorId === reg.body.id && e.action === "patient.read"));

  const list = await t.call("GET", "/api/patients", { token });
  assert.deepEqual(list.body.items.map((p: any) => p.id), [reg.body.patientId]);

  const ok = await t.call("PATCH", `/api/patients/${reg.body.patientId}`, { token, headers: { "if-match": '"1"' }, body: { contact: { phone: "+15551234567" } } });
  assert.equal(ok.status, 200);
  problem(await t.call("PATCH", `/api/patients/${reg.body.patientId}`, { token, headers: { "if-match": '"2"' }, body: { conditions: ["none"] } }), 403, "conditions");
  problem(await t.call("DELETE", `/api/patients/${reg.body.patientId}`, { token }), 403);
  problem(await t.call("POST", "/api/patients", { token, body: { name: { given: "X", family: "Y" } } }), 403);
});

test("hard delete is admin-only", async () => {
  const p = (await createPatient()).body;
  problem(await t.call("DELETE", `/api/patients/${p.id}?hard=true`, { token: staff.token }), 403);
  assert.equal((await t.call("DELETE", `/api/patients/${p.id}?hard=true`, { token: admin.token })).status, 204);
  problem(await t.call("GET", `/api/patients/${p.id}`, { token: admin.token }), 404);
});

test("a doctor without appointments with a patient cannot read the record", async () => {
  const doctor = await t.user("doctor", { doctorId: "doc_01jzzzzzzzzzzzzzzzzzzzzzzz" });
  const p = (await createPatient()).body;
  problem(await t.call("GET", `/api/patients/${p.id}`, { token: doctor.token }), 403);
  const list = await t.call("GET", "/api/patients", { token: doctor.token });
  assert.equal(list.status, 200);
  assert.ok(!list.body.items.some((x: any) => x.id === p.id));
});
