import { test } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { requestContext, type AppEnv } from "./request-context";
import { originGuard, originSecret, sameSecret, ORIGIN_VERIFY_HEADER } from "./origin-guard";

/** The guard as the API mounts it, on a minimal app (issue 23.8). */
function app(expected: string | undefined) {
  const a = new Hono<AppEnv>();
  a.use("*", requestContext);
  a.use("*", originGuard(expected));
  a.get("/health", (c) => c.json({ status: "ok" }));
  return a;
}

test("with a linked secret, a request without CloudFront's header is refused 403 problem+json", async () => {
  const res = await app("s3cret-from-deploy").request("/health");
  assert.equal(res.status, 403);
  assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
  const body = await res.json();
  assert.equal(body.code, "origin_not_allowed");
  assert.ok(!JSON.stringify(body).includes("s3cret"), "the answer never quotes the secret");
});

test("a wrong value, a prefix of the right one, and the right one with extra bytes are refused", async () => {
  for (const sent of ["nope", "s3cret", "s3cret-from-deploy!", ""]) {
    const res = await app("s3cret-from-deploy").request("/health", { headers: { [ORIGIN_VERIFY_HEADER]: sent } });
    assert.equal(res.status, 403, JSON.stringify(sent));
  }
});

test("the value CloudFront writes is accepted", async () => {
  const res = await app("s3cret-from-deploy").request("/health", { headers: { [ORIGIN_VERIFY_HEADER]: "s3cret-from-deploy" } });
  assert.equal(res.status, 200);
});

test("nothing linked (offline, where the runtime is the origin): no check", async () => {
  assert.equal((await app(undefined).request("/health")).status, 200);
  assert.equal(originSecret({}), undefined);
  assert.equal(originSecret({ OriginVerify: { value: "" } }), undefined);
  assert.equal(originSecret({ OriginVerify: { value: "abc" } }), "abc");
  const throwing = new Proxy(
    {},
    {
      get: () => {
        throw new Error("not linked");
      },
    },
  );
  assert.equal(originSecret(throwing), undefined, "sst's Resource throws for an unlinked name");
});

test("sameSecret compares whole values", () => {
  assert.equal(sameSecret("abc", "abc"), true);
  assert.equal(sameSecret("abd", "abc"), false);
  assert.equal(sameSecret(undefined, "abc"), false);
  assert.equal(sameSecret("ab", "abc"), false);
});
