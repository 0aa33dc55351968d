import { test, before, mock } from "node:test";
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

/** A staff token signed by a clock `aheadMs` in the future (so its iat lies ahead), living 60 s. */
async function signedAhead(aheadMs: number, sub: string) {
  mock.timers.enable({ apis: ["Date"], now: Date.now() + aheadMs });
  try {
    return await jwt.signAccessToken({ sub, role: "staff" }, 60);
  } finally {
    mock.timers.reset();
  }
}

test("a validly signed token that lives longer than the configured lifetime, or was issued in the future, is refused (issue 18)", async () => {
  const long = await jwt.signAccessToken({ sub: "usr_1", role: "staff" }, 15 * 60 + 1);
  await assert.rejects(jwt.verifyAccessToken(long), { code: "auth.invalid_token" });
  const week = await jwt.signAccessToken({ sub: "usr_1", role: "admin" }, 7 * 24 * 3600);
  await assert.rejects(jwt.verifyAccessToken(week), { code: "auth.invalid_token" });
  // Signed "a minute from now" (its iat in the future), with a lifetime that is otherwise fine.
  await assert.rejects(jwt.verifyAccessToken(await signedAhead(60_000, "usr_1")), { code: "auth.invalid_token" });
  // The configured lifetime exactly, and a clock a few seconds ahead, are fine.
  assert.equal((await jwt.verifyAccessToken(await jwt.signAccessToken({ sub: "usr_2", role: "staff" }))).sub, "usr_2");
  assert.equal((await jwt.verifyAccessToken(await signedAhead(3_000, "usr_3"))).sub, "usr_3");
});

test("a token verified once (and remembered) is refused the second it expires", async () => {
  const token = await jwt.signAccessToken({ sub: "usr_1", role: "staff" }, 60);
  const exp = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).exp as number;
  assert.equal((await jwt.verifyAccessToken(token)).sub, "usr_1");
  mock.timers.enable({ apis: ["Date"], now: (exp - 1) * 1000 });
  try {
    const again = await jwt.verifyAccessToken(token);
    assert.equal(again.role, "staff");
    again.role = "admin"; // a caller changing its copy does not change what the next request gets
    assert.equal((await jwt.verifyAccessToken(token)).role, "staff");
    mock.timers.setTime(exp * 1000);
    await assert.rejects(jwt.verifyAccessToken(token), { code: "auth.invalid_token" });
  } finally {
    mock.timers.reset();
  }
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
    new SignJWT({ role: "admin" })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "unit-1" })
      .setSubject("usr_1")
      .setIssuedAt()
      .setExpirationTime("5m")
      .setIssuer(iss)
      .setAudience(aud)
      .sign(key);
  await assert.rejects(jwt.verifyAccessToken(await make("carebeat:other-stage", "carebeat-api")), { code: "auth.invalid_token" });
  await assert.rejects(jwt.verifyAccessToken(await make("carebeat:unit", "someone-else")), { code: "auth.invalid_token" });
  const { privateKey: stranger } = await generateKeyPair("ES256");
  const forged = await new SignJWT({ role: "admin" })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "unit-1" })
    .setSubject("usr_1")
    .setIssuedAt()
    .setExpirationTime("5m")
    .setIssuer("carebeat:unit")
    .setAudience("carebeat-api")
    .sign(stranger);
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

// ---- Key rotation (docs/auth.md, "Key rotation") ----

const { Resource } = await import("sst");
/** What a deploy with a new secret value does: the next container reads the new value. */
const publish = (value: string) => ((Resource as any).JwtSigningKey = { value });
const kidOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid as string;

test("tokens name their key; a token without kid, or with a kid that is not listed, is refused", async () => {
  publish(jwkText);
  const token = await jwt.signAccessToken({ sub: "usr_1", role: "patient" });
  assert.equal(kidOf(token), "unit-1", "the legacy single JWK keeps its own kid");
  const key = await importJWK(JSON.parse(jwkText) as JWK, "ES256");
  const claims = { role: "admin" };
  const sign = (header: Record<string, string>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", ...header })
      .setSubject("usr_1")
      .setIssuedAt()
      .setExpirationTime("5m")
      .setIssuer("carebeat:unit")
      .setAudience("carebeat-api")
      .sign(key);
  await assert.rejects(jwt.verifyAccessToken(await sign({})), { code: "auth.invalid_token" });
  await assert.rejects(jwt.verifyAccessToken(await sign({ kid: "unit-2" })), { code: "auth.invalid_token" });
  assert.equal((await jwt.verifyAccessToken(await sign({ kid: "unit-1" }))).role, "admin");
});

test("rotation: the previous key verifies while listed, then 401 once dropped", async () => {
  const { rotateKeySet, dropPreviousKeys, generateKeySet } = await import("./keyset");
  const { calculateJwkThumbprint } = await import("jose");
  const before = await generateKeySet();
  publish(before);
  const oldToken = await jwt.signAccessToken({ sub: "usr_old", role: "staff" });
  const oldKid = kidOf(oldToken);
  const { x, y } = JSON.parse(before).keys[0];
  assert.equal(oldKid, await calculateJwkThumbprint({ kty: "EC", crv: "P-256", x, y }), "kid = RFC 7638 thumbprint");

  const rotated = await rotateKeySet(before);
  publish(rotated);
  const stored = JSON.parse(rotated).keys;
  assert.equal(stored.length, 2);
  assert.equal(stored[1].kid, oldKid);
  assert.equal(stored[1].d, undefined, "the previous key is kept without its private half: it never signs again");
  const newToken = await jwt.signAccessToken({ sub: "usr_new", role: "staff" });
  assert.notEqual(kidOf(newToken), oldKid, "new tokens are signed by the new key");
  assert.equal((await jwt.verifyAccessToken(oldToken)).sub, "usr_old", "a token of the previous key still verifies");
  assert.equal((await jwt.verifyAccessToken(newToken)).sub, "usr_new");
  const listed = (await jwt.jwks()).keys;
  assert.deepEqual(
    listed.map((k) => k.kid),
    [kidOf(newToken), oldKid],
    "the JWKS lists current then previous",
  );
  assert.ok(listed.every((k) => (k as any).d === undefined && k.alg === "ES256" && k.use === "sig"));

  publish(await dropPreviousKeys(rotated));
  await assert.rejects(jwt.verifyAccessToken(oldToken), { code: "auth.invalid_token" });
  assert.equal((await jwt.verifyAccessToken(newToken)).sub, "usr_new");
  assert.deepEqual(
    (await jwt.jwks()).keys.map((k) => k.kid),
    [kidOf(newToken)],
  );

  // A second rotation keeps one previous key, never a growing list.
  const twice = await rotateKeySet(await rotateKeySet(before));
  assert.equal(JSON.parse(twice).keys.length, 2);
  publish(jwkText);
});

test("the secret's format: legacy single JWK, key sets, and what is refused", async () => {
  const { parseKeySet, rotateKeySet, secretFromInput } = await import("./keyset");
  const legacy = await parseKeySet(jwkText);
  assert.equal(legacy.current.kid, "unit-1");
  assert.deepEqual(legacy.previous, []);
  // Rotating today's single-JWK value: it becomes the previous key, with its kid.
  const rotated = await parseKeySet(await rotateKeySet(jwkText));
  assert.deepEqual(
    rotated.previous.map((k) => k.kid),
    ["unit-1"],
  );
  const { kid: _kid, ...noKid } = JSON.parse(jwkText);
  assert.match((await parseKeySet(JSON.stringify(noKid))).current.kid!, /^[A-Za-z0-9_-]{43}$/, "no kid: the thumbprint");
  const pub = { ...noKid, d: undefined };
  await assert.rejects(parseKeySet("not json"), /not JSON/);
  await assert.rejects(parseKeySet(JSON.stringify({ keys: [] })), /1 to 2 keys/);
  await assert.rejects(parseKeySet(JSON.stringify({ keys: [pub] })), /must be a private JWK/);
  await assert.rejects(parseKeySet(JSON.stringify({ keys: [JSON.parse(jwkText), JSON.parse(jwkText)] })), /share one kid/);
  await assert.rejects(parseKeySet(JSON.stringify({ kty: "RSA", n: "x", e: "AQAB", d: "y" })), /P-256/);
  const set = await rotateKeySet(jwkText);
  await assert.rejects(parseKeySet(JSON.stringify({ keys: [...JSON.parse(set).keys, JSON.parse(jwkText)] })), /1 to 2 keys/);
  // `sst secret list | npm run -s keygen -- --rotate`
  assert.equal(secretFromInput(`# production\nOther=1\nJwtSigningKey=${set}\n`), set);
  assert.equal(secretFromInput(` ${set}\n`), set);
});
