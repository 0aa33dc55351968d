import { test, before } from "node:test";
import assert from "node:assert/strict";
import { SignJWT, generateKeyPair, exportJWK, importJWK, type JWK } from "jose";
import { createHmac } from "node:crypto";

// Resource is read once per process: publish the links before importing the module under test.
let jwkText: string;
let jwt: typeof import("./jwt");

before(async () => {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  jwkText = JSON.stringify({ ...(await exportJWK(privateKey)), kid: "unit-1" });
  process.env.SST_RESOURCE_App = JSON.stringify({ name: "carebeat", stage: "unit" });
  process.env.SST_RESOURCE_JwtSigningKey = JSON.stringify({ value: jwkText });
  jwt = await import("./jwt");
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

test("a signed access token verifies and carries role and links", async () => {
  const token = await jwt.signAccessToken({ sub: "usr_1", role: "doctor", doctorId: "doc_1" });
  const claims = await jwt.verifyAccessToken(token);
  assert.equal(claims.sub, "usr_1");
  assert.equal(claims.role, "doctor");
  assert.equal(claims.doctorId, "doc_1");
  const [header] = token.split(".");
  assert.equal(JSON.parse(Buffer.from(header!, "base64url").toString()).alg, "ES256");
});

test("expiry is 15 minutes", async () => {
  const token = await jwt.signAccessToken({ sub: "usr_1", role: "patient" });
  const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
  assert.equal(payload.exp - payload.iat, 15 * 60);
});

test("an expired token is rejected", async () => {
  const token = await jwt.signAccessToken({ sub: "usr_1", role: "patient" }, -10);
  await assert.rejects(jwt.verifyAccessToken(token), { code: "auth.invalid_token" });
});

test("a tampered payload is rejected", async () => {
  const token = await jwt.signAccessToken({ sub: "usr_1", role: "patient" });
  const [h, p, s] = token.split(".");
  const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
  payload.role = "admin";
  await assert.rejects(jwt.verifyAccessToken(`${h}.${b64(payload)}.${s}`), { code: "auth.invalid_token" });
});

test("alg none is rejected", async () => {
  const token = `${b64({ alg: "none", typ: "at+jwt" })}.${b64({ sub: "usr_1", role: "admin", iss: "carebeat:unit", aud: "carebeat-api", iat: 1, exp: 9999999999 })}.`;
  await assert.rejects(jwt.verifyAccessToken(token), { code: "auth.invalid_token" });
});

test("HS256 signed with the public key (algorithm confusion) is rejected", async () => {
  const pub = JSON.stringify((await jwt.jwks()).keys[0]);
  const head = b64({ alg: "HS256", typ: "at+jwt" });
  const body = b64({ sub: "usr_1", role: "admin", iss: "carebeat:unit", aud: "carebeat-api", iat: 1, exp: 9999999999 });
  const sig = createHmac("sha256", pub).update(`${head}.${body}`).digest("base64url");
  await assert.rejects(jwt.verifyAccessToken(`${head}.${body}.${sig}`), { code: "auth.invalid_token" });
});

test("a token from another issuer, audience or key is rejected", async () => {
  const key = await importJWK({ ...(JSON.parse(jwkText) as JWK) }, "ES256");
  const make = (iss: string, aud: string) =>
    new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "ES256", typ: "at+jwt" }).setSubject("usr_1").setIssuedAt().setExpirationTime("5m").setIssuer(iss).setAudience(aud).sign(key);
  await assert.rejects(jwt.verifyAccessToken(await make("carebeat:other-stage", "carebeat-api")), { code: "auth.invalid_token" });
  await assert.rejects(jwt.verifyAccessToken(await make("carebeat:unit", "someone-else")), { code: "auth.invalid_token" });
  const { privateKey: stranger } = await generateKeyPair("ES256");
  const forged = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "ES256", typ: "at+jwt" }).setSubject("usr_1").setIssuedAt().setExpirationTime("5m").setIssuer("carebeat:unit").setAudience("carebeat-api").sign(stranger);
  await assert.rejects(jwt.verifyAccessToken(forged), { code: "auth.invalid_token" });
  // Sanity: the same construction with the real key passes, so the rejections above are about iss/aud/key.
  assert.equal((await jwt.verifyAccessToken(await make("carebeat:unit", "carebeat-api"))).role, "admin");
});

test("the JWKS publishes only the public half", async () => {
  const { keys } = await jwt.jwks();
  assert.equal(keys.length, 1);
  assert.equal(keys[0]!.kid, "unit-1");
  assert.equal((keys[0] as any).d, undefined);
});
