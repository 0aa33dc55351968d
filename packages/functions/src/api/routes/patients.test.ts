import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";
import { newDoctor, slot, unique } from "./clinic.fixtures";

let t: TestApp;
let staff: TestUser;
let admin: TestUser;
before(async () => {
  t = await startTestApp();
  staff = await t.user("staff");
  admin = await t.user("admin");
});
after(async () => t?.stop());

const PASSWORD = "correct horse battery";

async function createPatient(fields: Record<string, unknown> = {}) {
  const res = await t.call("POST", "/api/patients", { token: staff.token, body: { name: { given: "Test", family: `Person${unique()}` }, ...fields } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res;
}
function problem(res: { status: number; contentType: string; body: any }, status: number, field?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /application\/problem\+json/);
  if (field)
    assert.ok(
      res.body.errors?.some((e: any) => e.field === field),
      `${field} in ${JSON.stringify(res.body.errors)}`,
    );
}
async function auditFor(patientId: string) {
  const res = await t.call("GET", `/api/audit?patientId=${patientId}&limit=200`, { token: admin.token });
  assert.equal(res.status, 200);
  return res.body.items as any[];
}
async function auditByActor(actorId: string) {
  const res = await t.call("GET", `/api/audit?actorId=${actorId}&limit=200`, { token: admin.token });
  assert.equal(res.status, 200);
  return res.body.items as any[];
}
/** Walk every page of a list query; fails on a loop. */
async function walk(query: string, token = staff.token, limit = 3) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: any = await t.call("GET", `/api/patients?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.items.length <= limit);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  assert.equal(cursor, null, "walk ended");
  return { items: seen, ids: seen.map((p) => p.id as string), pages };
}
function jwtClaims(token: string) {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}
async function registerPatient(extra: Record<string, unknown> = {}) {
  const email = `self${unique()}@example.com`;
  const reg = await t.call("POST", "/api/auth/register", { body: { email, password: PASSWORD, name: "Grace Brewster Hopper", ...extra } });
  assert.equal(reg.status, 202, JSON.stringify(reg.body));
  const login = await t.call("POST", "/api/auth/login", { body: { email, password: PASSWORD } });
  assert.equal(login.status, 200);
  return { id: login.body.user.id as string, patientId: login.body.user.patientId as string, token: login.body.accessToken as string, email };
}

test("create → read (ETag) → merge-patch with If-Match → soft delete", async () => {
  const created = await createPatient({
    birthDate: "1980-04-02",
    sex: "female",
    contact: { email: "Ana@Example.com", phone: "+351 21 000 0000" },
    address: { line1: "Rua A 1", city: "Lisboa", country: "PT" },
    extensions: { language: "pt", smoker: false },
  });
  const id = created.body.id;
  assert.match(id, /^pat_[0-9a-z]{26}$/);
  assert.equal(created.headers.get("location"), `/api/patients/${id}`);
  assert.equal(created.headers.get("etag"), '"1"');
  assert.equal(created.body.version, 1);
  assert.equal(created.body.deletedAt, null);
  assert.ok(created.body.createdAt && created.body.updatedAt);
  assert.equal(created.body.contact.email, "ana@example.com");

  const read = await t.call("GET", `/api/patients/${id}`, { token: staff.token });
  assert.equal(read.status, 200);
  assert.equal(read.headers.get("etag"), '"1"');
  assert.deepEqual(read.body, created.body);

  const updated = await t.call("PATCH", `/api/patients/${id}`, {
    token: staff.token,
    headers: { "if-match": '"1"' },
    body: { allergies: ["latex"], contact: { phone: null }, address: { city: "Porto" }, extensions: { smoker: null, heightCm: 170 } },
  });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  assert.equal(updated.headers.get("etag"), '"2"');
  assert.deepEqual(updated.body.allergies, ["latex"]);
  assert.deepEqual(updated.body.contact, { email: "ana@example.com" }, "null removes, siblings stay");
  assert.deepEqual(updated.body.address, { line1: "Rua A 1", city: "Porto", country: "PT" }, "objects merge");
  assert.deepEqual(updated.body.extensions, { language: "pt", heightCm: 170 });
  assert.equal(updated.body.birthDate, "1980-04-02", "unnamed fields are kept");
  assert.equal(updated.body.createdAt, created.body.createdAt);

  const cleared = await t.call("PATCH", `/api/patients/${id}`, { token: staff.token, headers: { "if-match": '"2"' }, body: { extensions: null } });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.extensions, undefined, "null clears a whole field");

  assert.equal((await t.call("DELETE", `/api/patients/${id}`, { token: staff.token })).status, 204);
  problem(await t.call("GET", `/api/patients/${id}`, { token: staff.token }), 404);
  problem(await t.call("PATCH", `/api/patients/${id}`, { token: staff.token, headers: { "if-match": '"4"' }, body: { sex: "male" } }), 404);
  problem(await t.call("DELETE", `/api/patients/${id}`, { token: staff.token }), 404);
  const asAdmin = await t.call("GET", `/api/patients/${id}`, { token: admin.token });
  assert.equal(asAdmin.status, 200);
  assert.ok(asAdmin.body.deletedAt, "admins still see a soft-deleted record");

  const log = await auditFor(id);
  for (const a of ["patient.create", "patient.read", "patient.update", "patient.delete"])
    assert.ok(
      log.some((e) => e.action === a && e.outcome === "success"),
      `${a} audited`,
    );
  const update = log.find((e) => e.action === "patient.update" && e.detail.fields.includes("allergies"));
  assert.deepEqual(update.detail.fields.sort(), ["address.city", "allergies", "contact.phone", "extensions"], "changed field names");
  const text = JSON.stringify(log);
  for (const value of ["Porto", "latex", "ana@example.com", "Lisboa", "heightCm", created.body.name.family]) assert.ok(!text.includes(value), `audit never holds ${value}`);
});

test("If-Match: missing → 428, stale → 412, right → 200 with a new ETag, concurrent → one wins", async () => {
  const { body } = await createPatient();
  const path = `/api/patients/${body.id}`;
  problem(await t.call("PATCH", path, { token: staff.token, body: { sex: "male" } }), 428, "If-Match");
  problem(await t.call("PATCH", path, { token: staff.token, headers: { "if-match": '"7"' }, body: { sex: "male" } }), 412, "If-Match");
  problem(await t.call("PATCH", path, { token: staff.token, headers: { "if-match": "banana" }, body: { sex: "male" } }), 400, "If-Match");
  const ok = await t.call("PATCH", path, { token: staff.token, headers: { "if-match": '"1"' }, body: { sex: "male" } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("etag"), '"2"');
  problem(await t.call("PATCH", path, { token: staff.token, headers: { "if-match": '"1"' }, body: { sex: "female" } }), 412);

  for (let round = 0; round < 3; round++) {
    const version = 2 + round;
    const results = await Promise.all(
      ["male", "female"].map((sex) =>
        t.call("PATCH", path, { token: staff.token, headers: { "if-match": `"${version}"` }, body: { sex: round % 2 ? sex : sex === "male" ? "other" : "unknown" } }),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 412], `round ${round}`);
    const after = await t.call("GET", path, { token: staff.token });
    assert.equal(after.body.version, version + 1);
    assert.equal(after.headers.get("etag"), results.find((r) => r.status === 200)!.headers.get("etag"));
  }
  // DELETE honours an optional If-Match too.
  problem(await t.call("DELETE", path, { token: staff.token, headers: { "if-match": '"1"' } }), 412);
  assert.equal((await t.call("DELETE", path, { token: staff.token, headers: { "if-match": '"5"' } })).status, 204);
});

test("pagination walks every record once, across more than two pages, in name order", async () => {
  const family = `Zed${unique()}`;
  const ids = new Set<string>();
  for (let i = 0; i < 8; i++) ids.add((await createPatient({ name: { given: `G${i}`, family }, contact: { email: `${family}-${i}@example.com` } })).body.id);
  const deleted = [...ids][3]!;
  assert.equal((await t.call("DELETE", `/api/patients/${deleted}`, { token: staff.token })).status, 204);

  const { ids: seen, pages } = await walk(`q=${family.toLowerCase()}`);
  assert.ok(pages >= 3, "more than two pages");
  assert.equal(seen.length, new Set(seen).size, "no duplicates");
  assert.deepEqual(new Set(seen), new Set([...ids].filter((i) => i !== deleted)), "nothing missing, deleted excluded");

  // The unfiltered list walks too (with everything else in this run) and holds all of ours once.
  const all = await walk("", staff.token, 7);
  assert.equal(all.ids.length, new Set(all.ids).size);
  for (const id of ids) assert.equal(all.ids.includes(id), id !== deleted);
  const keys = all.items.map((p) => `${p.name.family.toLowerCase()} ${p.name.given.toLowerCase()}`);
  assert.deepEqual(keys, [...keys].sort(), "name order");

  // Admins may ask for soft-deleted records; others cannot.
  assert.ok((await walk(`q=${family}&includeDeleted=true`, admin.token)).ids.includes(deleted));
  assert.ok(!(await walk(`q=${family}&includeDeleted=true`, staff.token)).ids.includes(deleted));
});

test("search: family or given name prefix (case/accent-insensitive), exact email, bad cursors", async () => {
  const tag = unique();
  const a = (await createPatient({ name: { given: `Zoë${tag}`, family: "Brontë" } })).body;
  const b = (await createPatient({ name: { given: "Anne", family: `Zoe${tag}son` } })).body;
  const c = (await createPatient({ name: { given: `Zoe${tag}`, family: `Zoe${tag}` }, contact: { email: `zoe.${tag}@Example.com` } })).body;

  const found = await walk(`q=${encodeURIComponent(`ZOE${tag}`)}`, staff.token, 1);
  assert.deepEqual(found.ids.sort(), [a.id, b.id, c.id].sort(), "given- and family-name matches, each once");
  assert.equal(found.ids.length, 3);
  const narrowed = await t.call("GET", `/api/patients?q=${encodeURIComponent(`zoe${tag} bronte`)}`, { token: staff.token });
  assert.deepEqual(
    narrowed.body.items.map((p: any) => p.id),
    [a.id],
    "given then family narrows",
  );
  const byFamilyGiven = await t.call("GET", `/api/patients?q=${encodeURIComponent(`zoe${tag}son an`)}`, { token: staff.token });
  assert.deepEqual(
    byFamilyGiven.body.items.map((p: any) => p.id),
    [b.id],
    "family then given narrows",
  );

  const byEmail = await t.call("GET", `/api/patients?email=${encodeURIComponent(`ZOE.${tag}@example.com`)}`, { token: staff.token });
  assert.deepEqual(
    byEmail.body.items.map((p: any) => p.id),
    [c.id],
  );
  const none = await t.call("GET", `/api/patients?email=nobody-${tag}@example.com`, { token: staff.token });
  assert.deepEqual(none.body, { items: [], nextCursor: null });

  const first = await t.call("GET", `/api/patients?q=zoe${tag}&limit=1`, { token: staff.token });
  assert.ok(first.body.nextCursor);
  problem(await t.call("GET", "/api/patients?cursor=not-a-cursor", { token: staff.token }), 400, "query.cursor");
  problem(await t.call("GET", `/api/patients?q=other&cursor=${first.body.nextCursor}`, { token: staff.token }), 400, "query.cursor");
  problem(await t.call("GET", `/api/patients?email=x@example.com&cursor=${first.body.nextCursor}`, { token: staff.token }), 400, "query.cursor");
  const forged = Buffer.from(JSON.stringify({ p: "family", k: { id: "x", listKey: "other", nameKey: "a" } })).toString("base64url");
  problem(await t.call("GET", `/api/patients?cursor=${forged}`, { token: staff.token }), 400, "query.cursor");
});

test("bad input on every route is a 400 problem naming the field", async () => {
  const post = (body: unknown) => t.call("POST", "/api/patients", { token: staff.token, body });
  const name = { given: "A", family: "B" };
  problem(await post({}), 400, "name");
  problem(await post({ name: { given: "A" } }), 400, "name.family");
  problem(await post({ name: { given: "A\r\nX-Injected: 1", family: "B" } }), 400, "name.given");
  problem(await post({ name: { given: "A", family: "B\u202E" } }), 400, "name.family");
  problem(await post({ name, address: { line1: "Main St\n2" } }), 400, "address.line1");
  problem(await post({ name, birthDate: "2999-01-01" }), 400, "birthDate");
  problem(await post({ name, birthDate: "1899-12-31" }), 400, "birthDate");
  problem(await post({ name, sex: "yes" }), 400, "sex");
  problem(await post({ name, ssn: "1" }), 400, "ssn");
  problem(await post({ name, extensions: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 1])) }), 400, "extensions");
  problem(await post({ name, extensions: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "x".repeat(450)])) }), 400, "extensions");
  problem(await post({ name, extensions: { big: "x".repeat(501) } }), 400, "extensions.big");
  problem(await post({ name, extensions: { nested: { a: 1 } } }), 400, "extensions.nested");
  // Numbers DynamoDB cannot hold exactly were a 500 from the marshaller (issue 18): a 400 naming the key.
  for (const n of [1e21, 1e300, 1e308, -1e308, 2 ** 53 + 2, 1e-320]) problem(await post({ name, extensions: { a: n } }), 400, "extensions.a");
  assert.equal((await post({ name, extensions: { a: 1.5, b: Number.MAX_SAFE_INTEGER, c: -1e-130 } })).status, 201, "storable numbers are kept");
  problem(await post({ name, contact: { email: "nope" } }), 400, "contact.email");
  problem(await post({ name, address: { country: "Portugal" } }), 400, "address.country");
  problem(await post({ name, allergies: Array.from({ length: 51 }, () => "x") }), 400, "allergies");

  problem(await t.call("GET", "/api/patients?limit=0", { token: staff.token }), 400, "query.limit");
  problem(await t.call("GET", "/api/patients?email=not-an-email", { token: staff.token }), 400, "query.email");
  problem(await t.call("GET", "/api/patients?email=a@example.com&q=a", { token: staff.token }), 400, "query.email");
  problem(await t.call("GET", `/api/patients/${"x".repeat(65)}`, { token: staff.token }), 400, "param.id");

  const { body } = await createPatient({ extensions: Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`k${i}`, i])) });
  const patch = (b: unknown) => t.call("PATCH", `/api/patients/${body.id}`, { token: staff.token, headers: { "if-match": '"1"' }, body: b });
  problem(await patch({ ssn: "1" }), 400, "ssn");
  problem(await patch({ name: null }), 400, "name");
  problem(await patch({ name: { given: null } }), 400, "name.given");
  problem(await patch({ contact: { fax: "1" } }), 400, "contact.fax");
  problem(await patch({ birthDate: "2999-01-01" }), 400, "birthDate");
  problem(await patch({ extensions: { k19: 1, k20: 2 } }), 400, "extensions");
  for (const n of [1e21, -1e308, 1e-320]) problem(await patch({ extensions: { k1: n } }), 400, "extensions.k1");
  assert.equal((await patch({ extensions: { k0: null, k19: 1 } })).status, 200, "20 keys after the merge is fine");

  problem(await t.call("DELETE", `/api/patients/${body.id}?hard=maybe`, { token: admin.token }), 400, "query.hard");
  problem(await t.call("DELETE", `/api/patients/${body.id}`, { token: admin.token, headers: { "if-match": "soon" } }), 400, "If-Match");
});

test("registration creates the linked record; the login token carries pid", async () => {
  const me = await registerPatient();
  assert.match(me.patientId, /^pat_/);
  assert.equal(jwtClaims(me.token).pid, me.patientId);
  const record = await t.call("GET", `/api/patients/${me.patientId}`, { token: me.token });
  assert.equal(record.status, 200);
  assert.deepEqual(record.body.name, { given: "Grace Brewster", family: "Hopper" });
  assert.equal(record.body.contact.email, me.email);

  const explicit = await registerPatient({ givenName: "Grace", familyName: "Brewster Hopper" });
  const read = await t.call("GET", `/api/patients/${explicit.patientId}`, { token: explicit.token });
  assert.deepEqual(read.body.name, { given: "Grace", family: "Brewster Hopper" });
  assert.ok((await auditFor(explicit.patientId)).some((e) => e.action === "patient.create" && e.actorId === explicit.id));
});

test("a patient sees and edits only their own record; refusals are audited", async () => {
  const me = await registerPatient();
  const other = (await createPatient()).body;
  problem(await t.call("GET", `/api/patients/${other.id}`, { token: me.token }), 403);
  assert.ok((await auditFor(other.id)).some((e) => e.outcome === "denied" && e.actorId === me.id && e.action === "patient.read"));
  problem(await t.call("PATCH", `/api/patients/${other.id}`, { token: me.token, headers: { "if-match": '"1"' }, body: { contact: { phone: "+15551234567" } } }), 403);
  assert.ok((await auditFor(other.id)).some((e) => e.outcome === "denied" && e.actorId === me.id && e.action === "patient.update"));

  for (const query of ["", `q=${other.name.family}`, "limit=1"]) {
    const list = await t.call("GET", `/api/patients?${query}`, { token: me.token });
    assert.equal(list.status, 200);
    assert.ok(
      list.body.items.every((p: any) => p.id === me.patientId),
      `only self for ?${query}`,
    );
  }
  assert.deepEqual(
    (await t.call("GET", "/api/patients", { token: me.token })).body.items.map((p: any) => p.id),
    [me.patientId],
  );

  const ok = await t.call("PATCH", `/api/patients/${me.patientId}`, {
    token: me.token,
    headers: { "if-match": '"1"' },
    body: { contact: { phone: "+15551234567" }, insurance: { provider: "Acme" } },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.contact.email, me.email, "merge keeps the email");
  problem(await t.call("PATCH", `/api/patients/${me.patientId}`, { token: me.token, headers: { "if-match": '"2"' }, body: { conditions: ["none"] } }), 403, "conditions");
  problem(await t.call("DELETE", `/api/patients/${me.patientId}`, { token: me.token }), 403);
  problem(await t.call("POST", "/api/patients", { token: me.token, body: { name: { given: "X", family: "Y" } } }), 403);
  assert.ok((await auditByActor(me.id)).some((e) => e.action === "patient.list" && typeof e.detail.count === "number"));
});

test("hard delete is admin-only", async () => {
  const p = (await createPatient()).body;
  problem(await t.call("DELETE", `/api/patients/${p.id}?hard=true`, { token: staff.token }), 403);
  assert.ok((await auditFor(p.id)).some((e) => e.action === "patient.delete" && e.outcome === "denied"));
  assert.equal((await t.call("DELETE", `/api/patients/${p.id}?hard=true`, { token: admin.token })).status, 204);
  problem(await t.call("GET", `/api/patients/${p.id}`, { token: admin.token }), 404);
  assert.ok((await auditFor(p.id)).some((e) => e.action === "patient.delete" && e.outcome === "success" && e.detail.hard === true));
});

test("a doctor reads only patients they have appointments with, and never writes", async () => {
  const doctor = await newDoctor(t, admin.token);
  const docUser = await t.user("doctor", { doctorId: doctor.id });
  const mine = (await createPatient()).body;
  const notMine = (await createPatient()).body;
  const booked = await t.call("POST", "/api/appointments", { token: staff.token, body: { doctorId: doctor.id, patientId: mine.id, ...slot(0) } });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));

  const read = await t.call("GET", `/api/patients/${mine.id}`, { token: docUser.token });
  assert.equal(read.status, 200);
  problem(await t.call("GET", `/api/patients/${notMine.id}`, { token: docUser.token }), 403);
  assert.ok((await auditFor(notMine.id)).some((e) => e.outcome === "denied" && e.actorId === docUser.id));
  const list = await t.call("GET", "/api/patients", { token: docUser.token });
  assert.deepEqual(
    list.body.items.map((p: any) => p.id),
    [mine.id],
  );
  problem(await t.call("PATCH", `/api/patients/${mine.id}`, { token: docUser.token, headers: { "if-match": '"1"' }, body: { sex: "male" } }), 403);
  problem(await t.call("DELETE", `/api/patients/${mine.id}`, { token: docUser.token }), 403);

  const stranger = await t.user("doctor", { doctorId: (await newDoctor(t, admin.token)).id });
  problem(await t.call("GET", `/api/patients/${mine.id}`, { token: stranger.token }), 403);
  assert.deepEqual((await t.call("GET", "/api/patients", { token: stranger.token })).body.items, []);
});
