import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { startTestApp, type TestApp, type TestUser } from "@carebeat/local/testing";

/**
 * Whole-API contract tests driven by the OpenAPI document, so a new route is covered
 * the moment it is added: every route declares its roles (x-roles), the role check
 * holds for every role, and no input makes any route answer 500.
 */
let t: TestApp;
let doc: any;
const callers: Record<string, TestUser | undefined> = {};
const roles = ["admin", "staff", "doctor", "patient", "pharmacist"] as const;
const fakeId = (prefix: string) => `${prefix}_01jzzzzzzzzzzzzzzzzzzzzzzz`;

interface Operation {
  method: string;
  path: string; // OpenAPI form: /api/patients/{id}
  roles: string[];
  op: any;
}
let operations: Operation[] = [];

before(async () => {
  t = await startTestApp();
  // An account's patientId/doctorId must name a real record (issue 18): create them first.
  const admin = await t.user("admin");
  const doctor = await t.call("POST", "/api/doctors", {
    token: admin.token,
    body: { name: "Dr Contract", specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: [{ day: 1, start: "09:00", end: "17:00" }] },
  });
  const patient = await t.call("POST", "/api/patients", { token: admin.token, body: { name: { given: "Con", family: "Tract" } } });
  assert.equal(doctor.status, 201, JSON.stringify(doctor.body));
  assert.equal(patient.status, 201, JSON.stringify(patient.body));
  for (const role of roles) {
    callers[role] =
      role === "admin"
        ? admin
        : await t.user(role, {
            patientId: role === "patient" ? patient.body.id : null,
            doctorId: role === "doctor" ? doctor.body.id : null,
          });
  }
  doc = (await t.call("GET", "/openapi.json")).body;
  operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, roles: op["x-roles"], op })),
  );
});
after(async () => t?.stop());

/** Errors are problem+json, and OperationOutcomes under /fhir (docs/fhir.md): their code and named fields either way. */
const isFhir = (path: string) => path.startsWith("/fhir/");
/**
 * The OAuth token endpoint answers its own refusals as RFC 6749 §5.2 errors, which that RFC makes
 * application/json; what the shared middleware refuses first (a 413, a NUL in the query) stays
 * problem+json (docs/smart.md).
 */
const isOAuth = (path: string) => path === "/api/auth/token";
const codeOf = (res: { body: any }): string | undefined => res.body?.code ?? res.body?.issue?.[0]?.details?.coding?.[0]?.code;
const fieldsOf = (res: { body: any }): string[] => res.body?.errors?.map((e: any) => e.field) ?? res.body?.issue?.flatMap((i: any) => i.expression ?? []) ?? [];

function concretePath(path: string, fill: (name: string) => string = (n) => fakeId(n.startsWith("patient") ? "pat" : "xyz")) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(fill(name)));
}

test("every API route is in the OpenAPI document and declares its roles", () => {
  const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));
  const registered = (t.app.routes as { method: string; path: string }[])
    .filter((r) => (r.path.startsWith("/api/") || r.path.startsWith("/fhir/")) && r.method !== "ALL")
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}").replace(/\/$/, "")}`);
  assert.ok(registered.length >= 8, "routes are registered");
  assert.ok(
    registered.some((r) => r.startsWith("GET /fhir/R4/Patient")),
    "the FHIR routes are walked too",
  );
  for (const r of new Set(registered)) assert.ok(documented.has(r), `${r} is not in /openapi.json (so it has no declared roles)`);
  for (const o of operations) {
    assert.ok(Array.isArray(o.roles) && o.roles.length > 0, `${o.method} ${o.path} declares x-roles`);
    for (const r of o.roles) assert.ok(["public", ...roles].includes(r), `${o.method} ${o.path}: unknown role ${r}`);
  }
});

test("route × role matrix: the declared roles get through, every other caller is refused", async () => {
  let checked = 0;
  for (const o of operations) {
    for (const who of ["public", ...roles] as const) {
      const caller = who === "public" ? undefined : callers[who];
      const body = ["POST", "PATCH", "PUT"].includes(o.method) ? {} : undefined;
      const res = await t.call(o.method, concretePath(o.path), { token: caller?.token, body });
      const where = `${who} → ${o.method} ${o.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      assert.ok(res.status < 500, where);
      const allowed = o.roles.includes("public") || o.roles.includes(who);
      if (allowed) {
        assert.notEqual(codeOf(res), "auth.role_not_allowed", where);
        assert.notEqual(codeOf(res), "auth.required", where);
      } else if (who === "public") {
        assert.equal(res.status, 401, where);
        assert.equal(codeOf(res), "auth.required", where);
      } else {
        assert.equal(res.status, 403, where);
        assert.equal(codeOf(res), "auth.role_not_allowed", where);
      }
      if (res.status >= 400 && isFhir(o.path)) assert.equal(res.body.resourceType, "OperationOutcome", where);
      checked++;
    }
  }
  assert.ok(checked >= operations.length * 5);
});

/** A SMART Backend Services client's access token for these scopes (docs/smart.md). */
async function clientToken(scopes: string[]) {
  const { publicKey, privateKey } = await generateKeyPair("ES384");
  const reg = await t.call("POST", "/api/smart/clients", {
    token: callers.admin!.token,
    body: { name: "Contract", jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: "c1" }] }, scopes },
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const id = reg.body.id as string;
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: "ES384", kid: "c1" })
    .setIssuer(id)
    .setSubject(id)
    .setAudience("http://localhost/api/auth/token")
    .setJti(crypto.randomUUID())
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
  return res.body.access_token as string;
}

test("a SMART client token: refused on every /api route, and on each /fhir route unless its scope covers it", async () => {
  const token = await clientToken(["system/Practitioner.rs"]);
  let checked = 0;
  for (const o of operations) {
    const body = ["POST", "PATCH", "PUT"].includes(o.method) ? {} : undefined;
    const res = await t.call(o.method, concretePath(o.path), { token, body });
    const where = `client → ${o.method} ${o.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
    assert.ok(res.status < 500, where);
    if (!isFhir(o.path)) {
      assert.equal(res.status, 401, where);
      assert.equal(codeOf(res), "auth.invalid_token", where);
    } else if (o.roles.includes("public") || o.path.startsWith("/fhir/R4/Practitioner")) {
      assert.ok(res.status !== 401 && res.status !== 403, where);
    } else if (/^\/fhir\/R4\/bulk(status|files)\//.test(o.path)) {
      // Open to any read scope; a job answers its requester only, so another's (here, no) job is the
      // 404 of an unknown id — or the 400 of a file name the route's schema refuses.
      if (o.path.includes("{file}")) assert.equal(codeOf(res), "validation", where);
      else assert.equal(codeOf(res), "fhir.export_not_found", where);
    } else {
      assert.equal(res.status, 403, where);
      assert.equal(codeOf(res), "smart.scope_missing", where);
    }
    checked++;
  }
  assert.equal(checked, operations.length);
});

test("a refused call is audited", async () => {
  const denied = operations.find((o) => !o.roles.includes("patient") && !o.roles.includes("public") && o.path.startsWith("/api/auth/users"));
  assert.ok(denied, "an admin-only route exists");
  await t.call(denied.method, denied.path, { token: callers.patient!.token, body: denied.method === "GET" ? undefined : {} });
  const log = await t.call("GET", `/api/audit?actorId=${callers.patient!.id}&outcome=denied`, { token: callers.admin!.token });
  assert.equal(log.status, 200);
  assert.ok(
    log.body.items.some((e: any) => e.detail?.route?.startsWith("/api/auth/users")),
    JSON.stringify(log.body.items),
  );
});

/** Strings that broke Postgres or DynamoDB: NUL anywhere in them, unpaired surrogate halves. */
const nulText = fc.oneof(
  fc.constantFrom("\u0000", "pat_\u0000", "a\u0000b", "\ud800", "x\udfffy"),
  fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`),
);
/** Dates JavaScript or Postgres cannot hold, or only one of them can. */
const hostileDates = [
  "0000-01-01T00:00:00Z",
  "0000-01-01",
  "10000-01-01T00:00:00Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00Z",
  "+010000-01-01",
  "0001-01-01T00:00:00+14:00",
  "9999-12-31T23:59:59-14:00",
  "1000-01-01T00:00:00Z",
];
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
/** Cursors that decode to valid JSON of the wrong shape, with bad dates, NULs, or not JSON at all. */
const hostileCursor = fc.oneof(
  fc.constantFrom(
    ...[
      {},
      [],
      "s",
      1,
      null,
      { at: "x", id: 1 },
      { at: 1, id: "a" },
      { at: "+275760-09-13T00:00:00.000Z", id: "a" },
      { at: "0000-01-01T00:00:00Z", id: "a" },
      { at: "2026-01-01T00:00:00Z", id: "a\u0000" },
      { name: { x: 1 }, id: "a" },
      { name: "a\u0000", id: "b" },
      { p: "scoped", a: "\u0000" },
      { p: "list", k: { listKey: 1 } },
      { p: "list", k: "x" },
      { p: ["x"] },
      { at: "2026-01-01T00:00:00Z", id: "a".repeat(5000) },
    ].map(b64),
    "%%%",
    "e30",
    "bnVsbA",
    Buffer.from("{").toString("base64url"),
    "a".repeat(3000),
  ),
  fc.jsonValue().map(b64),
  fc.record({ at: fc.oneof(fc.constantFrom(...hostileDates), fc.string()), id: fc.oneof(fc.string(), nulText) }).map(b64),
);
/** A hostile value for a query parameter, chosen by what the parameter is. */
function queryValue(name: string): fc.Arbitrary<string> {
  if (name === "cursor" || name === "_cursor") return fc.oneof(hostileCursor, nulText);
  if (["from", "to", "date", "startsAt", "endsAt"].includes(name)) return fc.oneof(fc.constantFrom(...hostileDates), nulText, fc.string({ maxLength: 30 }));
  return fc.oneof(fc.string({ maxLength: 60 }), nulText, fc.constantFrom("-1", "0", "99999999", "2026-02-30", "%", "null", ...hostileDates));
}

/** Numbers no store keeps exactly (issue 18): beyond 2^53, beyond DynamoDB's range, subnormal. */
const hostileNumber = fc.constantFrom(1e21, 1e300, 1e308, -1e308, 2 ** 53 + 2, 1e-320, -1e-200);

/** Arbitrary JSON, biased toward the right keys with wrong or edge-case values. */
function bodyArbitrary(schema: any): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema?.properties ?? {});
  const edgy = fc.oneof(
    hostileNumber,
    // …also as the values of a free-form map (patient extensions): the marshaller threw on them.
    fc.dictionary(fc.constantFrom("a", "weight", "k1"), hostileNumber, { minKeys: 1, maxKeys: 2 }),
    fc.jsonValue(),
    fc.string({ maxLength: 300 }),
    fc.constantFrom("", " ", "\u0000", "🩺", "2026-02-30", "2026-13-01T25:00:00Z", "1e309", "-1", "NaN", "null", "<script>", "' or 1=1 --", "a".repeat(5000), ...hostileDates),
    nulText,
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), nulText), fc.oneof(fc.string({ maxLength: 20 }), nulText), { maxKeys: 3 }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, [], {}),
  );
  const shaped = keys.length ? fc.dictionary(fc.constantFrom(...keys, "__proto__", "constructor", "extra"), edgy, { maxKeys: keys.length + 2 }) : fc.constant({});
  return fc.oneof(fc.jsonValue(), shaped);
}

function resolve(schema: any): any {
  if (schema?.$ref) return resolve(doc.components.schemas[schema.$ref.split("/").pop()]);
  return schema;
}

test("no request body, query or path value makes any route answer 500 (property-based)", { timeout: 600_000 }, async () => {
  const runs = Number(process.env.CAREBEAT_FUZZ_RUNS ?? 25);
  let requests = 0;
  for (const o of operations) {
    const bodySchema = resolve(o.op.requestBody?.content?.["application/json"]?.schema);
    const queryNames: string[] = (o.op.parameters ?? []).filter((p: any) => p.in === "query").map((p: any) => p.name);
    const caller = o.roles.includes("admin") ? callers.admin : o.roles.includes("public") ? undefined : callers[o.roles[0] as string];
    await fc.assert(
      fc.asyncProperty(
        bodySchema ? bodyArbitrary(bodySchema) : fc.constant(undefined),
        (queryNames.length
          ? fc.record(Object.fromEntries(queryNames.map((n) => [n, queryValue(n)])), { requiredKeys: [] })
          : fc.dictionary(fc.constant("x"), queryValue("x"))) as fc.Arbitrary<Record<string, string>>,
        // (Unpaired surrogates cannot be percent-encoded into a URL path at all.)
        fc.oneof(
          fc.constant(undefined),
          fc.string({ minLength: 1, maxLength: 40 }),
          nulText.filter((v) => !/[\ud800-\udfff]/.test(v)),
        ),
        async (body, query, pathValue) => {
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          const path = concretePath(o.path, pathValue === undefined ? undefined : () => pathValue) + (qs ? `?${qs}` : "");
          const res = await t.call(o.method, path, { token: caller?.token, body: o.method === "GET" || o.method === "DELETE" ? undefined : (body ?? {}) });
          requests++;
          const where = `${o.method} ${path} body=${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          assert.ok(res.status < 500, where);
          if (res.status >= 400)
            assert.match(res.contentType, isFhir(o.path) ? /application\/fhir\+json/ : isOAuth(o.path) ? /application\/(problem\+)?json/ : /application\/problem\+json/, where);
          if (res.status === 400 && codeOf(res) === "validation") assert.ok(fieldsOf(res).length > 0 && fieldsOf(res).every((f) => typeof f === "string" && f.length > 0), where);
        },
      ),
      { numRuns: runs },
    );
  }
  assert.ok(requests >= operations.length * runs);
});

/** Every input of every route, one at a time, carrying the value; the caller may call the route. */
function inputsOf(o: Operation): { where: "param" | "query" | "body"; name: string }[] {
  const params = (o.op.parameters ?? [])
    .filter((p: any) => p.in === "path" || p.in === "query")
    .map((p: any) => ({ where: p.in === "path" ? ("param" as const) : ("query" as const), name: p.name as string }));
  const body = Object.keys(resolve(o.op.requestBody?.content?.["application/json"]?.schema)?.properties ?? {}).map((name) => ({ where: "body" as const, name }));
  return [...params, ...body];
}

function request(o: Operation, input: { where: string; name: string }, value: string) {
  const path = concretePath(o.path, (n) => (input.where === "param" && n === input.name ? value : fakeId(n.startsWith("patient") ? "pat" : "xyz")));
  const qs = input.where === "query" ? `?${new URLSearchParams({ [input.name]: value })}` : "";
  const body = ["POST", "PATCH", "PUT"].includes(o.method) ? (input.where === "body" ? { [input.name]: value } : {}) : undefined;
  const caller = o.roles.includes("public") ? undefined : o.roles.includes("admin") ? callers.admin : callers[o.roles[0] as string];
  return t.call(o.method, path + qs, { token: caller?.token, body });
}

test("a NUL in any path parameter, query parameter or body field → 400 naming that field", { timeout: 300_000 }, async () => {
  let checked = 0;
  for (const o of operations)
    for (const input of inputsOf(o))
      for (const value of ["a\u0000b", "\u0000"]) {
        const res = await request(o, input, value);
        const field = input.where === "body" ? input.name : `${input.where}.${input.name}`;
        const where = `${o.method} ${o.path} ${field}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        assert.equal(res.status, 400, where);
        assert.ok(fieldsOf(res).includes(field), where);
        checked++;
      }
  assert.ok(checked > 40, `${checked} inputs checked`);
});

test("every cursor and date parameter refuses hostile values with 400 naming it", { timeout: 300_000 }, async () => {
  let checked = 0;
  for (const o of operations)
    for (const input of inputsOf(o).filter((i) => ["cursor", "_cursor", "from", "to", "date", "startsAt", "endsAt"].includes(i.name))) {
      const values = input.name.endsWith("cursor") ? fc.sample(hostileCursor, 40) : hostileDates;
      for (const value of values) {
        const res = await request(o, input, value);
        const field = input.where === "body" ? input.name : `${input.where}.${input.name}`;
        const where = `${o.method} ${o.path} ${field}=${JSON.stringify(value).slice(0, 80)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        assert.ok(res.status < 500, where);
        // 1000-01-01 and friends are real dates, just outside the range; the rest is never accepted.
        assert.equal(res.status, 400, where);
        assert.ok(fieldsOf(res).includes(field), where);
        checked++;
      }
    }
  assert.ok(checked > 100, `${checked} values checked`);
});

test("/docs renders every operation from the OpenAPI document, without external scripts", async () => {
  const res = await t.call("GET", "/docs");
  assert.equal(res.status, 200);
  assert.match(res.contentType, /text\/html/);
  for (const o of operations) assert.ok(res.body.includes(`<code>${o.path.replace(/&/g, "&#38;")}</code>`), `${o.method} ${o.path} listed`);
  assert.doesNotMatch(res.body, /<script/i);
});
