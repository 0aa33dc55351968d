import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "@carebeat/local/testing";

/**
 * The Lambda entry point itself, fed API Gateway HTTP API (payload 2.0) events the way
 * `sst.aws.ApiGatewayV2` delivers them, so the AWS home is exercised and not only the app.
 */
let t: TestApp;
let handler: (event: any, context: any) => Promise<any>;
before(async () => {
  t = await startTestApp();
  ({ handler } = await import("./api"));
});
after(async () => t?.stop());

function event(method: string, rawPath: string, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return {
    version: "2.0",
    routeKey: "ANY /api/{proxy+}",
    rawPath,
    rawQueryString: "",
    headers: { host: "abc.execute-api.us-east-1.amazonaws.com", "content-type": "application/json", ...headers },
    requestContext: {
      accountId: "123456789012",
      apiId: "abc",
      domainName: "abc.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "abc",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.9", userAgent: "test" },
      requestId: "req-1",
      routeKey: "ANY /api/{proxy+}",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    // API Gateway base64-encodes bodies it considers binary; send one that way to cover it.
    body: text === undefined ? undefined : Buffer.from(text).toString("base64"),
    isBase64Encoded: text !== undefined,
  };
}

const context = { functionName: "Api", awsRequestId: "aws-req-1", getRemainingTimeInMillis: () => 20_000 };

test("the Lambda handler serves /health", async () => {
  const res = await handler(event("GET", "/health"), context);
  assert.equal(res.statusCode, 200);
  assert.equal(JSON.parse(res.body).checks.postgres.status, "ok");
});

test("the Lambda handler registers and signs in through API Gateway events", async () => {
  const email = `lambda-${Date.now()}@example.com`;
  const reg = await handler(event("POST", "/api/auth/register", { email, password: "correct horse battery", name: "Lambda Pat" }), context);
  assert.equal(reg.statusCode, 202, reg.body);
  const login = await handler(event("POST", "/api/auth/login", { email, password: "correct horse battery" }), context);
  assert.equal(login.statusCode, 200);
  const { accessToken } = JSON.parse(login.body);
  const me = await handler(event("GET", "/api/auth/me", undefined, { authorization: `Bearer ${accessToken}` }), context);
  assert.equal(JSON.parse(me.body).email, email);
});

test("bad input through the Lambda is a 400 problem, not a 500", async () => {
  const res = await handler(event("POST", "/api/auth/login", { email: 42 }), context);
  assert.equal(res.statusCode, 400);
  assert.match(res.headers["content-type"], /application\/problem\+json/);
  assert.ok(JSON.parse(res.body).errors.some((e: any) => e.field === "email"));
});
