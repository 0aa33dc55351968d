import { test, before, after, mock } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, type JWK } from "jose";
import { startTestApp, type TestApp, type TestResponse, type TestUser } from "@carebeat/local/testing";
import { toFhirId } from "@carebeat/core/fhir/ids";
import { validateR4 } from "@carebeat/core/fhir/validate.testing";

/**
 * SMART Backend Services end to end (docs/smart.md): real ES384 and RS384 keys made here, client
 * registration, the token endpoint's every refusal (audited), scopes on the FHIR routes, and the
 * token's reach (FHIR only) and lifetime — through the real app and its PGlite.
 */
let t: TestApp;
let admin: TestUser;
let patientId: string;
const TOKEN_URL = "http://localhost/api/auth/token";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

interface Client {
  id: string;
  kid: string;
  alg: "ES384" | "RS384";
  privateKey: CryptoKey;
}

async function keyPair(alg: "ES384" | "RS384", kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid };
  return { jwk, privateKey };
}

async function register(alg: "ES384" | "RS384", scopes: string[]): Promise<Client> {
  const kid = `${alg.toLowerCase()}-${randomUUID()}`;
  const { jwk, privateKey } = await keyPair(alg, kid);
  const res = await t.call("POST", "/api/smart/clients", { token: admin.token, body: { name: `Warehouse ${alg}`, jwks: { keys: [jwk] }, scopes } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.id, /^smc_/);
  return { id: res.body.id, kid, alg, privateKey };
}

type Claims = { iss?: string; sub?: string; aud?: string; exp?: number; jti?: string };
function assertion(client: Client, over: Claims & { kid?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: over.jti ?? randomUUID() })
    .setProtectedHeader({ alg: client.alg, kid: over.kid ?? client.kid, typ: "JWT" })
    .setIssuer(over.iss ?? client.id)
    .setSubject(over.sub ?? client.id)
    .setAudience(over.aud ?? TOKEN_URL)
    .setExpirationTime(over.exp ?? now + 240)
    .sign(client.privateKey);
}

function tokenRequest(form: Record<string, string>) {
  return t.call("POST", "/api/auth/token", { raw: new URLSearchParams(form).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
}
const ask = async (client: Client, scope: string, signed?: string) =>
  tokenRequest({ grant_type: "client_credentials", client_assertion_type: ASSERTION_TYPE, client_assertion: signed ?? (await assertion(client)), scope });

/** An RFC 6749 §5.2 error: status, code, JSON, never cached. */
function oauthError(res: TestResponse, status: number, error: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error, error, JSON.stringify(res.body));
  assert.equal(typeof res.body.error_description, "string");
  assert.equal(res.headers.get("cache-control"), "no-store");
}

async function token(client: Client, scope: string) {
  const res = await ask(client, scope);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.body.token_type, "bearer");
  assert.ok(res.body.expires_in > 0 && res.body.expires_in <= 300);
  assert.equal(res.body.refresh_token, undefined);
  return res.body as { access_token: string; scope: string };
}

/** The token endpoint's refusals of this client, newest first. */
async function refusals(clientId: string) {
  const res = await t.call("GET", "/api/audit?action=smart.token&outcome=denied&limit=200", { token: admin.token });
  assert.equal(res.status, 200);
  return (res.body.items as any[]).filter((e) => e.resourceId === clientId);
}
async function refusedFor(clientId: string, reason: RegExp) {
  const rows = await refusals(clientId);
  assert.ok(
    rows.some((r) => reason.test(r.detail?.reason ?? "")),
    JSON.stringify(rows.map((r) => r.detail)),
  );
}

before(async () => {
  t = await startTestApp();
  admin = await t.user("admin");
  const p = await t.call("POST", "/api/patients", { token: admin.token, body: { name: { given: "Sam", family: "Systemread" }, birthDate: "1970-01-01", sex: "other" } });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  patientId = p.body.id;
});
after(async () => t?.stop());

test("smart-configuration under the FHIR base names the token endpoint and what it accepts", async () => {
  const res = await t.call("GET", "/fhir/R4/.well-known/smart-configuration");
  assert.equal(res.status, 200);
  assert.equal(res.body.token_endpoint, TOKEN_URL);
  assert.deepEqual(res.body.grant_types_supported, ["client_credentials"]);
  assert.deepEqual(res.body.token_endpoint_auth_methods_supported, ["private_key_jwt"]);
  assert.deepEqual(res.body.token_endpoint_auth_signing_alg_values_supported, ["ES384", "RS384"]);
  assert.ok(res.body.capabilities.includes("client-confidential-asymmetric"));
  // The site root does not answer it (docs/smart.md): discovery is relative to the FHIR base.
  assert.equal((await t.call("GET", "/.well-known/smart-configuration")).status, 404);
});

test("registration refuses private keys, unknown key types and malformed scopes, naming the field", async () => {
  const { privateKey } = await generateKeyPair("ES384", { extractable: true });
  const priv = await exportJWK(privateKey);
  let res = await t.call("POST", "/api/smart/clients", { token: admin.token, body: { name: "Leaky", jwks: { keys: [priv] }, scopes: ["system/Patient.rs"] } });
  assert.equal(res.status, 400);
  assert.ok(
    res.body.errors.some((e: any) => e.field === "jwks.keys.0.d"),
    JSON.stringify(res.body),
  );
  const { publicKey } = await generateKeyPair("ES256", { extractable: true });
  res = await t.call("POST", "/api/smart/clients", { token: admin.token, body: { name: "P-256", jwks: { keys: [await exportJWK(publicKey)] }, scopes: ["system/Patient.rs"] } });
  assert.equal(res.status, 400);
  assert.ok(
    res.body.errors.some((e: any) => e.field === "jwks.keys.0.kty"),
    JSON.stringify(res.body),
  );
  const { jwk } = await keyPair("ES384", "k1");
  res = await t.call("POST", "/api/smart/clients", {
    token: admin.token,
    body: { name: "Bad scope", jwks: { keys: [jwk] }, scopes: ["system/Patient.rs", "patient/*.rs", "system/Patient.sr"] },
  });
  assert.equal(res.status, 400);
  assert.deepEqual(
    res.body.errors.map((e: any) => e.field),
    ["scopes.1", "scopes.2"],
  );
});

test("admins list, read and see the v1 alias stored as v2; the registration is audited", async () => {
  const c = await register("ES384", ["system/Patient.read", "system/Appointment.rs"]);
  const one = await t.call("GET", `/api/smart/clients/${c.id}`, { token: admin.token });
  assert.equal(one.status, 200);
  assert.deepEqual(one.body.scopes, ["system/Patient.rs", "system/Appointment.rs"]);
  assert.equal(one.body.active, true);
  assert.equal(one.body.jwks.keys[0].alg, "ES384");
  const all = await t.call("GET", "/api/smart/clients", { token: admin.token });
  assert.ok(all.body.items.some((x: any) => x.id === c.id));
  const log = await t.call("GET", `/api/audit?action=smart_client.register&limit=200`, { token: admin.token });
  assert.ok(log.body.items.some((e: any) => e.resourceId === c.id && e.actorId === admin.id));
});

test("an ES384 client gets a token and reads the Patients its scope allows, audited with its id", async () => {
  const c = await register("ES384", ["system/Patient.rs", "system/Practitioner.rs"]);
  const tok = await token(c, "system/*.rs");
  // Requested ∩ allowed: the wildcard narrowed to what the client was registered for.
  assert.equal(tok.scope, "system/Patient.rs system/Practitioner.rs");
  const read = await t.call("GET", `/fhir/R4/Patient/${toFhirId(patientId)}`, { token: tok.access_token });
  assert.equal(read.status, 200, JSON.stringify(read.body));
  validateR4(read.body);
  assert.equal(read.body.identifier[0].value, patientId);
  const search = await t.call("GET", "/fhir/R4/Patient?family=Systemread", { token: tok.access_token });
  assert.equal(search.status, 200);
  assert.ok(search.body.entry.some((e: any) => e.resource.identifier[0].value === patientId));
  const log = await t.call("GET", `/api/audit?patientId=${patientId}&actorId=${c.id}`, { token: admin.token });
  assert.ok(
    log.body.items.some((e: any) => e.action === "patient.read" && e.outcome === "success" && e.actorRole === "system"),
    JSON.stringify(log.body.items),
  );
  const issued = await t.call("GET", `/api/audit?action=smart.token&actorId=${c.id}`, { token: admin.token });
  assert.ok(issued.body.items.some((e: any) => e.outcome === "success" && e.detail.scope === tok.scope));
});

test("an RS384 client gets a token; outside its scope the FHIR route is a 403 OperationOutcome, audited", async () => {
  const c = await register("RS384", ["system/Practitioner.rs", "system/Patient.s"]);
  const tok = await token(c, "system/Practitioner.rs system/Patient.s");
  assert.equal((await t.call("GET", "/fhir/R4/Practitioner", { token: tok.access_token })).status, 200);
  // Search was granted, read was not: `s` without `r`.
  assert.equal((await t.call("GET", "/fhir/R4/Patient?family=Systemread", { token: tok.access_token })).status, 200);
  const read = await t.call("GET", `/fhir/R4/Patient/${toFhirId(patientId)}`, { token: tok.access_token });
  assert.equal(read.status, 403, JSON.stringify(read.body));
  assert.equal(read.body.resourceType, "OperationOutcome");
  assert.equal(read.body.issue[0].details.coding[0].code, "smart.scope_missing");
  const appts = await t.call("GET", "/fhir/R4/Appointment", { token: tok.access_token });
  assert.equal(appts.status, 403);
  const log = await t.call("GET", `/api/audit?patientId=${patientId}&actorId=${c.id}&outcome=denied`, { token: admin.token });
  assert.ok(
    log.body.items.some((e: any) => e.detail?.reason === "scope" && e.detail?.required === "system/Patient.r"),
    JSON.stringify(log.body.items),
  );
});

test("a client token opens the FHIR routes only: the REST API refuses it as an invalid token", async () => {
  const c = await register("ES384", ["system/Patient.rs"]);
  const tok = await token(c, "system/Patient.rs");
  const rest = await t.call("GET", `/api/patients/${patientId}`, { token: tok.access_token });
  assert.equal(rest.status, 401, JSON.stringify(rest.body));
  assert.equal(rest.body.code, "auth.invalid_token");
  assert.equal((await t.call("GET", "/api/smart/clients", { token: tok.access_token })).status, 401);
});

test("a replayed assertion is refused (invalid_client) and audited", async () => {
  const c = await register("ES384", ["system/Patient.rs"]);
  const signed = await assertion(c);
  assert.equal((await ask(c, "system/Patient.rs", signed)).status, 200);
  oauthError(await ask(c, "system/Patient.rs", signed), 401, "invalid_client");
  await refusedFor(c.id, /jti replayed/);
  // Racing the same fresh assertion: exactly one wins.
  const again = await assertion(c);
  const both = await Promise.all([ask(c, "system/Patient.rs", again), ask(c, "system/Patient.rs", again)]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 401]);
});

test("expired, too long-lived, wrong aud, unknown kid, sub ≠ iss: each invalid_client, audited", async () => {
  const c = await register("ES384", ["system/Patient.rs"]);
  const now = Math.floor(Date.now() / 1000);
  oauthError(await ask(c, "system/Patient.rs", await assertion(c, { exp: now - 30 })), 401, "invalid_client");
  await refusedFor(c.id, /expired|exp/);
  oauthError(await ask(c, "system/Patient.rs", await assertion(c, { exp: now + 600 })), 401, "invalid_client");
  await refusedFor(c.id, /more than 5 minutes/);
  oauthError(await ask(c, "system/Patient.rs", await assertion(c, { aud: "https://other.example/token" })), 401, "invalid_client");
  await refusedFor(c.id, /claim aud/);
  oauthError(await ask(c, "system/Patient.rs", await assertion(c, { kid: "nobody" })), 401, "invalid_client");
  await refusedFor(c.id, /unknown kid/);
  oauthError(await ask(c, "system/Patient.rs", await assertion(c, { sub: "smc_other" })), 401, "invalid_client");
  await refusedFor(c.id, /sub differs/);
  // Signed by another key under this client's kid: the signature does not hold.
  const { privateKey } = await generateKeyPair("ES384");
  oauthError(await ask(c, "system/Patient.rs", await assertion({ ...c, privateKey })), 401, "invalid_client");
  await refusedFor(c.id, /signature/i);
  // An unregistered client id.
  oauthError(await ask({ ...c, id: "smc_01jzzzzzzzzzzzzzzzzzzzzzzz" }, "system/Patient.rs"), 401, "invalid_client");
  await refusedFor("smc_01jzzzzzzzzzzzzzzzzzzzzzzz", /unknown client/);
});

test("a scope outside the grant is invalid_scope (400); a partly allowed request is narrowed", async () => {
  const c = await register("ES384", ["system/Patient.rs"]);
  oauthError(await ask(c, "system/Appointment.rs"), 400, "invalid_scope");
  await refusedFor(c.id, /scope outside the grant/);
  oauthError(await ask(c, "patient/*.rs"), 400, "invalid_scope");
  oauthError(await ask(c, ""), 400, "invalid_scope");
  // Write asked for, read allowed: the read is what is granted.
  assert.equal((await token(c, "system/Patient.cruds system/Appointment.rs")).scope, "system/Patient.rs");
});

test("malformed requests: unsupported grant type, wrong assertion type, JSON instead of a form, repeated fields", async () => {
  const c = await register("ES384", ["system/Patient.rs"]);
  const signed = await assertion(c);
  oauthError(
    await tokenRequest({ grant_type: "password", client_assertion_type: ASSERTION_TYPE, client_assertion: signed, scope: "system/Patient.rs" }),
    400,
    "unsupported_grant_type",
  );
  oauthError(await tokenRequest({ grant_type: "client_credentials", client_assertion_type: "jwt", client_assertion: signed, scope: "system/Patient.rs" }), 400, "invalid_request");
  oauthError(await t.call("POST", "/api/auth/token", { body: { grant_type: "client_credentials" } }), 400, "invalid_request");
  const twice = `grant_type=client_credentials&grant_type=client_credentials&client_assertion_type=${encodeURIComponent(ASSERTION_TYPE)}&client_assertion=${signed}&scope=system%2FPatient.rs`;
  oauthError(await t.call("POST", "/api/auth/token", { raw: twice, headers: { "content-type": "application/x-www-form-urlencoded" } }), 400, "invalid_request");
  oauthError(
    await tokenRequest({ grant_type: "client_credentials", client_assertion_type: ASSERTION_TYPE, client_assertion: "not.a.jwt", scope: "system/Patient.rs" }),
    401,
    "invalid_client",
  );
  // None of these spent the assertion's jti: it still works.
  assert.equal((await ask(c, "system/Patient.rs", signed)).status, 200);
});

test("a disabled client gets no token, and the token it holds stops at once", async () => {
  const c = await register("ES384", ["system/Patient.rs"]);
  const tok = await token(c, "system/Patient.rs");
  const disabled = await t.call("POST", `/api/smart/clients/${c.id}/disable`, { token: admin.token });
  assert.equal(disabled.status, 200);
  assert.equal(disabled.body.active, false);
  oauthError(await ask(c, "system/Patient.rs"), 401, "invalid_client");
  await refusedFor(c.id, /client disabled/);
  const read = await t.call("GET", `/fhir/R4/Patient/${toFhirId(patientId)}`, { token: tok.access_token });
  assert.equal(read.status, 401);
  assert.equal(read.body.resourceType, "OperationOutcome");
});

test("a client access token expires after its 300 s", async () => {
  const c = await register("ES384", ["system/Practitioner.rs"]);
  const tok = await token(c, "system/Practitioner.rs");
  assert.equal((await t.call("GET", "/fhir/R4/Practitioner", { token: tok.access_token })).status, 200);
  const later = Date.now() + 301_000;
  mock.timers.enable({ apis: ["Date"], now: later });
  try {
    const res = await t.call("GET", "/fhir/R4/Practitioner", { token: tok.access_token });
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.equal(res.body.issue[0].details.coding[0].code, "auth.invalid_token");
  } finally {
    mock.timers.reset();
  }
});
