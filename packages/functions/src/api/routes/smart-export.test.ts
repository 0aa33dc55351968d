import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { startTestApp, type TestApp, type TestResponse, type TestUser } from "@carebeat/local/testing";
import { toFhirId } from "@carebeat/core/fhir/ids";
import { validateR4 } from "@carebeat/core/fhir/validate.testing";
import { newDoctor, newPatient, slot } from "./clinic.fixtures";

/**
 * A SMART Backend Services client pulls a Bulk export (issue 16, "Done when"; docs/smart.md,
 * docs/fhir.md "Bulk export"): a real ES384 key, a jose-signed assertion, the token endpoint, the
 * kick-off run by the local Step Functions endpoint, polling and every file downloaded with the
 * client's token — and the scope and ownership refusals, audited under the client's id.
 */
process.env.CAREBEAT_EXPORT_PAGE_SIZE = "3";
process.env.CAREBEAT_EXPORT_FILE_BYTES = "3000";
process.env.CAREBEAT_EXPORT_POLL_SECONDS = "0.2";

let t: TestApp;
let admin: TestUser;
const patients: string[] = [];
const appointments: string[] = [];
const ASYNC = { prefer: "respond-async" };
const TOKEN_URL = "http://localhost/api/auth/token";

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  const staff = await t.user("staff");
  const doctor = await newDoctor(t, admin.token);
  await newDoctor(t, admin.token);
  for (let i = 0; i < 7; i++) patients.push(await newPatient(t, staff.token));
  for (let i = 0; i < 5; i++) {
    const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { patientId: patients[i], doctorId: doctor.id, ...slot(i) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    appointments.push(res.body.id);
  }
});
after(async () => t?.stop());

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Register an ES384 client with these scopes and get its access token (docs/smart.md, worked example). */
async function client(scopes: string[]) {
  const { publicKey, privateKey } = await generateKeyPair("ES384");
  const kid = randomUUID();
  const reg = await t.call("POST", "/api/smart/clients", {
    token: admin.token,
    body: { name: "Warehouse", jwks: { keys: [{ ...(await exportJWK(publicKey)), kid }] }, scopes },
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const id = reg.body.id as string;
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: "ES384", kid, typ: "JWT" })
    .setIssuer(id)
    .setSubject(id)
    .setAudience(TOKEN_URL)
    .setJti(randomUUID())
    .setExpirationTime("4m")
    .sign(privateKey);
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
    scope: scopes.join(" "),
  });
  const res = await t.call("POST", "/api/auth/token", { raw: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.scope, scopes.join(" "));
  return { id, token: res.body.access_token as string };
}

async function kickoff(path: string, token: string) {
  const res = await t.call("GET", path, { token, headers: ASYNC });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return pathOf(res.headers.get("content-location")!);
}

async function manifestOf(status: string, token: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await t.call("GET", status, { token });
    if (res.status === 200) return res.body;
    assert.equal(res.status, 202, JSON.stringify(res.body));
    if (Date.now() > deadline) throw new Error("export did not finish");
    await sleep(250);
  }
}

async function filesOf(m: any, token: string) {
  const byType: Record<string, any[]> = {};
  for (const o of m.output) {
    const res = await t.app.request(pathOf(o.url), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, o.url);
    const lines = (await res.text()).split("\n").filter(Boolean);
    assert.equal(lines.length, o.count, `${o.url}: count`);
    for (const line of lines) {
      const r = JSON.parse(line);
      assert.equal(r.resourceType, o.type);
      validateR4(r);
      byType[o.type] = [...(byType[o.type] ?? []), r];
    }
  }
  return byType;
}

async function restCount(path: string) {
  let n = 0;
  let cursor: string | null = null;
  do {
    const res: TestResponse = await t.call("GET", `${path}${path.includes("?") ? "&" : "?"}limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token: admin.token });
    assert.equal(res.status, 200);
    n += res.body.items.length;
    cursor = res.body.nextCursor;
  } while (cursor);
  return n;
}

function scopeMissing(res: TestResponse, type: string) {
  assert.equal(res.status, 403, JSON.stringify(res.body));
  assert.match(res.contentType, /^application\/fhir\+json/);
  validateR4(res.body);
  assert.equal(res.body.issue[0].details.coding[0].code, "smart.scope_missing");
  assert.match(res.body.issue[0].details.text, new RegExp(`system/${type}\\.r`));
}

const auditOf = async (query: string) => {
  const res = await t.call("GET", `/api/audit?${query}&limit=200`, { token: admin.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as any[];
};

test("an ES384 client with system/*.rs pulls the whole clinic: every file with its token, counts as the clinic's, audited under its id", async () => {
  const c = await client(["system/*.rs"]);
  const status = await kickoff("/fhir/R4/$export", c.token);
  const m = await manifestOf(status, c.token);
  assert.equal(m.requiresAccessToken, true);
  assert.deepEqual(m.error, []);
  const byType = await filesOf(m, c.token);
  assert.equal(byType.Patient?.length, patients.length);
  assert.equal(byType.Patient!.length, await restCount("/api/patients"));
  assert.equal(byType.Practitioner?.length, await restCount("/api/doctors?includeInactive=true"));
  assert.equal(byType.Appointment?.length, appointments.length);
  assert.equal(byType.Appointment!.length, await restCount("/api/appointments"));
  assert.deepEqual(new Set(byType.Patient!.map((p) => p.id)), new Set(patients.map(toFhirId)));

  // The kick-off, the per-page disclosures (by patient id) and the downloads carry the client's id.
  const mine = await auditOf(`actorId=${c.id}`);
  assert.ok(
    mine.some((e) => e.action === "fhir.export.kickoff" && e.outcome === "success"),
    JSON.stringify(mine.map((e) => e.action)),
  );
  assert.ok(mine.some((e) => e.action === "fhir.export.download"));
  const disclosed = await auditOf(`patientId=${patients[2]}&action=fhir.export`);
  assert.ok(
    disclosed.some((e) => e.actorId === c.id && e.patientIds.includes(patients[2])),
    JSON.stringify(disclosed),
  );

  // A job answers its requester only: not another client, not an admin — the 404 of an unknown id, audited.
  const other = await client(["system/*.rs"]);
  for (const token of [other.token, admin.token]) {
    const res = await t.call("GET", status, { token });
    assert.equal(res.status, 404, JSON.stringify(res.body));
    assert.equal(res.body.issue[0].details.coding[0].code, "fhir.export_not_found");
    const file = await t.app.request(pathOf(m.output[0].url), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(file.status, 404);
    assert.equal((await t.call("DELETE", status, { token })).status, 404);
  }
  assert.ok((await auditOf(`actorId=${other.id}&outcome=denied`)).some((e) => e.action === "fhir.export" && e.detail?.reason === "not the requester"));
  // …and a client does not read an admin's job either.
  const adminJob = await kickoff("/fhir/R4/$export?_type=Practitioner", admin.token);
  assert.equal((await t.call("GET", adminJob, { token: c.token })).status, 404);
  assert.equal((await manifestOf(adminJob, admin.token)).output.length > 0, true, "the admin still reads it");

  // The owner may cancel; later polls are 404.
  assert.equal((await t.call("DELETE", status, { token: c.token })).status, 202);
  assert.equal((await t.call("GET", status, { token: c.token })).status, 404);
});

test("a client with only system/Patient.rs: _type=Appointment and the implied all-types export are 403 smart.scope_missing, audited; _type=Patient succeeds", async () => {
  const c = await client(["system/Patient.rs"]);
  scopeMissing(await t.call("GET", "/fhir/R4/$export?_type=Appointment", { token: c.token, headers: ASYNC }), "Appointment");
  scopeMissing(await t.call("GET", "/fhir/R4/$export", { token: c.token, headers: ASYNC }), "Appointment");
  scopeMissing(await t.call("GET", "/fhir/R4/Patient/$export?_type=Patient,Appointment", { token: c.token, headers: ASYNC }), "Appointment");
  const denied = await auditOf(`actorId=${c.id}&outcome=denied`);
  assert.ok(
    denied.some((e) => e.action === "fhir.export" && e.detail?.reason === "scope" && /system\/Appointment\.r/.test(e.detail?.required)),
    JSON.stringify(denied),
  );

  const m = await manifestOf(await kickoff("/fhir/R4/$export?_type=Patient", c.token), c.token);
  const byType = await filesOf(m, c.token);
  assert.deepEqual(Object.keys(byType), ["Patient"]);
  assert.equal(byType.Patient!.length, patients.length);
  // Same through the Patient-level kick-off.
  const patientLevel = await filesOf(await manifestOf(await kickoff("/fhir/R4/Patient/$export?_type=Patient", c.token), c.token), c.token);
  assert.equal(patientLevel.Patient?.length, patients.length);
});

test("a client without any read scope is refused at the route, and a non-admin user still is; neither audit row takes `$export` for a patient", async () => {
  const c = await client(["system/Appointment.c"]);
  const staff = await t.user("staff");
  for (const token of [c.token, staff.token]) {
    const res = await t.call("GET", "/fhir/R4/Patient/$export?_type=Patient", { token, headers: ASYNC });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.issue[0].details.coding[0].code, token === c.token ? "smart.scope_missing" : "auth.role_not_allowed");
  }
  const denied = [...(await auditOf(`actorId=${c.id}&outcome=denied`)), ...(await auditOf(`actorId=${staff.id}&outcome=denied`))];
  assert.equal(denied.length, 2, JSON.stringify(denied));
  for (const e of denied) assert.equal(e.patientId, null, JSON.stringify(e));
  assert.deepEqual(await auditOf(`patientId=${encodeURIComponent("$export")}`), []);
});
