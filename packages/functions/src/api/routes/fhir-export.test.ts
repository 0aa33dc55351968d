import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp, type TestResponse, type TestUser } from "@carebeat/local/testing";
import { validateR4 } from "@carebeat/core/fhir/validate.testing";
import { toFhirId } from "@carebeat/core/fhir/ids";
import { newDoctor, newPatient, slot } from "./clinic.fixtures";

/**
 * Bulk Data `$export` through the real app, the local Step Functions endpoint running the
 * export machine, PGlite (or DATABASE_URL) and the local S3: kick-off, polling, the manifest, every
 * NDJSON line validated as R4, counts against the REST lists, `_type`/`_since`/Group narrowing,
 * cancel, audit. Small pages and files, so paging and multi-file output are exercised.
 */
process.env.CAREBEAT_EXPORT_PAGE_SIZE = "4";
process.env.CAREBEAT_EXPORT_FILE_BYTES = "3000";
process.env.CAREBEAT_EXPORT_POLL_SECONDS = "0.2";

let t: TestApp;
let admin: TestUser;
let staff: TestUser;
let doctorA: any;
let doctorB: any;
const patients: string[] = [];
const appointments: string[] = [];
const ASYNC = { prefer: "respond-async" };

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  staff = await t.user("staff");
  doctorA = await newDoctor(t, admin.token);
  doctorB = await newDoctor(t, admin.token);
  for (let i = 0; i < 11; i++) patients.push(await newPatient(t, staff.token));
  // Patients 0-5 see doctor A (patient 5 only through a cancelled visit), 6-9 doctor B, 10 nobody.
  for (let i = 0; i < 10; i++) {
    const res = await t.call("POST", "/api/appointments", { token: staff.token, body: { patientId: patients[i], doctorId: i < 6 ? doctorA.id : doctorB.id, ...slot(i) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    appointments.push(res.body.id);
  }
  assert.equal((await t.call("POST", `/api/appointments/${appointments[5]}/cancel`, { token: staff.token, body: {} })).status, 200);
  // Patient 6 also sees doctor A once: in A's Group with both of their appointments.
  const extra = await t.call("POST", "/api/appointments", { token: staff.token, body: { patientId: patients[6], doctorId: doctorA.id, ...slot(20) } });
  assert.equal(extra.status, 201);
  appointments.push(extra.body.id);
});
after(async () => t?.stop());

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function outcome(res: TestResponse, status: number, field?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType, /^application\/fhir\+json/);
  validateR4(res.body);
  assert.equal(res.body.resourceType, "OperationOutcome");
  if (field)
    assert.ok(
      res.body.issue.some((i: any) => i.expression?.includes(field)),
      JSON.stringify(res.body.issue),
    );
}

async function kickoff(path: string) {
  const res = await t.call("GET", path, { token: admin.token, headers: ASYNC });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const location = res.headers.get("content-location")!;
  assert.match(location, /^https?:\/\/[^/]+\/fhir\/R4\/bulkstatus\/bex_[0-9a-z]+$/, "an absolute status URL");
  return pathOf(location);
}

/** Poll as a client does: wait Retry-After between polls, until the manifest. */
async function manifestOf(status: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await t.call("GET", status, { token: admin.token });
    if (res.status === 200) {
      assert.match(res.contentType, /^application\/json/);
      return res.body;
    }
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.match(res.headers.get("x-progress") ?? "", /types done/);
    const wait = Number(res.headers.get("retry-after"));
    assert.ok(wait >= 1, "Retry-After in seconds");
    if (Date.now() > deadline) throw new Error("export did not finish");
    await sleep(250);
  }
}

/** Every file of a manifest: downloaded with the token, each line parsed and validated as R4; resources by type. */
async function filesOf(m: any) {
  const byType: Record<string, any[]> = {};
  for (const o of m.output) {
    const res = await t.app.request(pathOf(o.url), { headers: { authorization: `Bearer ${admin.token}` } });
    assert.equal(res.status, 200, o.url);
    assert.match(res.headers.get("content-type") ?? "", /^application\/fhir\+ndjson/);
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

test("kick-off: Prefer respond-async required; bad _type, _since, _outputFormat and unknown parameters are 400s naming them; non-admins 403", async () => {
  outcome(await t.call("GET", "/fhir/R4/$export", { token: admin.token }), 400, "header.prefer");
  outcome(await t.call("GET", "/fhir/R4/$export?_outputFormat=text/csv", { token: admin.token, headers: ASYNC }), 400, "query._outputFormat");
  outcome(await t.call("GET", "/fhir/R4/$export?_type=Observation", { token: admin.token, headers: ASYNC }), 400, "query._type");
  outcome(await t.call("GET", "/fhir/R4/Patient/$export?_type=Practitioner", { token: admin.token, headers: ASYNC }), 400, "query._type");
  outcome(await t.call("GET", "/fhir/R4/$export?_since=yesterday", { token: admin.token, headers: ASYNC }), 400, "query._since");
  outcome(await t.call("GET", "/fhir/R4/$export?_since=2026-01-01", { token: admin.token, headers: ASYNC }), 400, "query._since");
  outcome(await t.call("GET", "/fhir/R4/$export?_typeFilter=Patient%3Factive%3Dtrue", { token: admin.token, headers: ASYNC }), 400, "query._typeFilter");
  outcome(await t.call("GET", "/fhir/R4/Group/doc-00000000000000000000000000/$export", { token: admin.token, headers: ASYNC }), 404);
  outcome(await t.call("GET", "/fhir/R4/$export", { token: staff.token, headers: ASYNC }), 403);
  outcome(await t.call("GET", "/fhir/R4/$export", { headers: ASYNC }), 401);
  for (const f of ["application/fhir+ndjson", "application/ndjson", "ndjson"]) {
    const res = await t.call("GET", `/fhir/R4/$export?_type=Practitioner&_outputFormat=${encodeURIComponent(f)}`, { token: admin.token, headers: ASYNC });
    assert.equal(res.status, 202, f);
  }
});

test("system $export: the manifest's files hold every resource the REST API lists, each line valid R4, in several files per type", async () => {
  const status = await kickoff("/fhir/R4/$export");
  const m = await manifestOf(status);
  assert.equal(m.requiresAccessToken, true);
  assert.match(m.request, /^https?:\/\/[^/]+\/fhir\/R4\/\$export$/);
  assert.ok(!Number.isNaN(Date.parse(m.transactionTime)));
  assert.deepEqual(m.error, []);
  const byType = await filesOf(m);
  assert.equal(byType.Patient?.length, await restCount("/api/patients"));
  assert.equal(byType.Practitioner?.length, await restCount("/api/doctors?includeInactive=true"));
  assert.equal(byType.Appointment?.length, await restCount("/api/appointments"));
  assert.equal(byType.Patient!.length, patients.length);
  assert.equal(byType.Appointment!.length, appointments.length);
  assert.ok(m.output.filter((o: any) => o.type === "Patient").length > 1, "3000-byte files: patients span several");
  assert.deepEqual(new Set(byType.Patient!.map((p) => p.id)), new Set(patients.map(toFhirId)), "each patient exactly once");
  // Files are behind the token.
  const anon = await t.app.request(pathOf(m.output[0].url));
  assert.equal(anon.status, 401);
  // Done: polling again answers the manifest, not a 429.
  assert.equal((await t.call("GET", status, { token: admin.token })).status, 200);
  // Every exported patient's disclosure is in the audit log, under the admin's id.
  const audit = await t.call("GET", `/api/audit?patientId=${patients[3]}&action=fhir.export&limit=50`, { token: admin.token });
  assert.equal(audit.status, 200);
  assert.ok(
    audit.body.items.some((e: any) => e.actorId === admin.id && e.patientIds.includes(patients[3])),
    JSON.stringify(audit.body.items),
  );
});

test("_type and _since narrow the export", async () => {
  const onlyPatients = await filesOf(await manifestOf(await kickoff("/fhir/R4/$export?_type=Patient")));
  assert.deepEqual(Object.keys(onlyPatients), ["Patient"]);
  const two = await filesOf(await manifestOf(await kickoff("/fhir/R4/$export?_type=Practitioner,Appointment")));
  assert.deepEqual(Object.keys(two).sort(), ["Appointment", "Practitioner"]);

  await sleep(20);
  const since = new Date().toISOString();
  await sleep(20);
  const read = await t.call("GET", `/api/patients/${patients[2]}`, { token: staff.token });
  const patch = await t.call("PATCH", `/api/patients/${patients[2]}`, {
    token: staff.token,
    headers: { "if-match": read.headers.get("etag")! },
    body: { birthDate: "1970-01-01" },
  });
  assert.equal(patch.status, 200, JSON.stringify(patch.body));
  assert.equal((await t.call("POST", `/api/appointments/${appointments[1]}/cancel`, { token: staff.token, body: {} })).status, 200);
  const changed = await filesOf(await manifestOf(await kickoff(`/fhir/R4/$export?_since=${encodeURIComponent(since)}`)));
  assert.deepEqual(
    changed.Patient?.map((p) => p.id),
    [toFhirId(patients[2]!)],
  );
  assert.deepEqual(
    changed.Appointment?.map((a) => a.id),
    [toFhirId(appointments[1]!)],
  );
  assert.equal(changed.Practitioner, undefined, "no doctor changed since");
});

test("Group/{doctor}/$export: the doctor's patients and all their appointments; Patient/$export: every patient, no Practitioner", async () => {
  const group = await filesOf(await manifestOf(await kickoff(`/fhir/R4/Group/${toFhirId(doctorA.id)}/$export`)));
  // A's patients with a non-cancelled visit, as the REST list has them: 0-4 and 6 less those cancelled since.
  const listed = await t.call("GET", `/api/appointments?doctorId=${doctorA.id}&limit=100`, { token: admin.token });
  const expected = [...new Set(listed.body.items.filter((a: any) => a.status !== "cancelled").map((a: any) => toFhirId(a.patientId)))].sort();
  assert.ok(expected.includes(toFhirId(patients[6]!)) && !expected.includes(toFhirId(patients[5]!)) && expected.length >= 4);
  assert.deepEqual(group.Patient!.map((p) => p.id).sort(), expected);
  assert.ok(group.Appointment!.every((a) => expected.includes(a.participant[0].actor.reference.replace("Patient/", ""))));
  assert.ok(
    group.Appointment!.some((a) => a.participant[1].actor.reference === `Practitioner/${toFhirId(doctorB.id)}`),
    "patient 6's visit with doctor B too",
  );
  assert.equal(group.Practitioner, undefined);
  const all = await filesOf(await manifestOf(await kickoff("/fhir/R4/Patient/$export")));
  assert.deepEqual(Object.keys(all).sort(), ["Appointment", "Patient"]);
  assert.equal(all.Patient!.length, patients.length);
});

test("polling: 202 with X-Progress and Retry-After, 429 when sooner than Retry-After; DELETE cancels, later polls 404", async () => {
  // A job with no execution stays in progress, so the timing is the test's.
  const Jobs = await import("@carebeat/core/fhir/export/jobs");
  const job = await Jobs.create({
    scope: { level: "system" },
    types: ["Patient", "Appointment"],
    request: "http://x/fhir/R4/$export",
    requestedBy: admin.id,
    requestedRole: "admin",
  });
  const path = `/fhir/R4/bulkstatus/${job.id}`;
  const first = await t.call("GET", path, { token: admin.token });
  assert.equal(first.status, 202);
  assert.equal(first.headers.get("x-progress"), "0/2 types done; Patient 0, Appointment 0");
  assert.equal(first.headers.get("retry-after"), "1");
  const soon = await t.call("GET", path, { token: admin.token });
  outcome(soon, 429);
  assert.equal(soon.headers.get("retry-after"), "1");
  await sleep(250);
  assert.equal((await t.call("GET", path, { token: admin.token })).status, 202);
  assert.equal((await t.call("DELETE", path, { token: admin.token })).status, 202);
  outcome(await t.call("GET", path, { token: admin.token }), 404);
  outcome(await t.call("DELETE", path, { token: admin.token }), 404);
});

test("DELETE during a real export stops it: 404 afterwards, no manifest ever, no files left", async () => {
  const status = await kickoff("/fhir/R4/$export");
  assert.equal((await t.call("DELETE", status, { token: admin.token })).status, 202);
  outcome(await t.call("GET", status, { token: admin.token }), 404);
  const id = status.split("/").pop()!;
  const Jobs = await import("@carebeat/core/fhir/export/jobs");
  // Whatever the execution was doing, it ends without overwriting the cancellation.
  const { SFNClient, DescribeExecutionCommand } = await import("@aws-sdk/client-sfn");
  const sfn = new SFNClient({});
  const deadline = Date.now() + 30_000;
  let job = await Jobs.get(id);
  while (Date.now() < deadline) {
    const ex = await sfn.send(new DescribeExecutionCommand({ executionArn: job!.executionArn! }));
    if (ex.status !== "RUNNING") break;
    await sleep(100);
  }
  await sleep(300);
  job = await Jobs.get(id);
  assert.equal(job?.status, "cancelled");
  outcome(await t.call("GET", status, { token: admin.token }), 404);
  const { S3Client, ListObjectsV2Command } = await import("@aws-sdk/client-s3");
  const { links } = await import("@carebeat/core/util/links");
  const listed = await new S3Client({ forcePathStyle: true }).send(new ListObjectsV2Command({ Bucket: (links as any).Exports.name, Prefix: `bulk/${id}/` }));
  // A page in flight at the DELETE may land after it; the bucket's one-day expiry removes it. At most one per type.
  assert.ok((listed.Contents ?? []).length <= 3, JSON.stringify(listed.Contents?.map((c) => c.Key)));
});
