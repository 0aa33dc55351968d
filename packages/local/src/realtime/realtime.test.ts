import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { ApiGatewayManagementApiClient, GetConnectionCommand, DeleteConnectionCommand, PostToConnectionCommand, GoneException } from "@aws-sdk/client-apigatewaymanagementapi";
import { startTestApp, type TestApp, type TestUser } from "../testing";
import { startServer, type RunningServer } from "../server";
import { Realtime, CONNECTION_TTL_SECONDS } from "@carebeat/core/realtime";
import { getConnection, listSubscribers, refreshConnection } from "@carebeat/core/realtime/connections";
import { signAccessToken } from "@carebeat/core/auth/jwt-testing";
import { handler as invoicePush } from "@carebeat/functions/realtime/invoice-push";

/**
 * The realtime path end to end, offline: real WebSockets (`ws` client) against the local
 * API Gateway WebSocket endpoint, the real $connect/$disconnect/$default handlers, dynalite
 * for the Connections table, and the AWS SDK's management client against `@connections`.
 */
let t: TestApp;
let staff: TestUser;
let admin: TestUser;
let doctor: TestUser;
let patient: TestUser;
const open: WebSocket[] = [];

before(async () => {
  t = await startTestApp();
  [staff, admin, patient] = await Promise.all([t.user("staff"), t.user("admin"), t.user("patient")]);
  // An account's doctorId must name a doctor (issue 18).
  const created = await t.call("POST", "/api/doctors", {
    token: admin.token,
    body: { name: "Dr Realtime", specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: [{ day: 1, start: "09:00", end: "17:00" }] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  doctor = await t.user("doctor", { doctorId: created.body.id });
});
after(async () => {
  for (const ws of open) ws.on("error", () => {}).terminate();
  await t?.stop();
});

/** A client that buffers what it receives; `next()` waits for the next message. */
interface Client {
  ws: WebSocket;
  connectionId: string;
  next(timeoutMs?: number, label?: string): Promise<any>;
  send(message: unknown): void;
  closed: Promise<number>;
}

async function connect(token: string | undefined, url = t.stack.realtime.url): Promise<Client> {
  const before = new Set(t.stack.realtime.connections().map((c) => c.connectionId));
  const ws = new WebSocket(token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`);
  open.push(ws);
  const inbox: any[] = [];
  const waiters: ((m: any) => void)[] = [];
  ws.on("message", (data) => {
    const m = JSON.parse(String(data));
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })));
    ws.once("error", reject);
  });
  const mine = t.stack.realtime.connections().filter((c) => !before.has(c.connectionId));
  assert.equal(mine.length, 1, "one new connection at the gateway");
  return {
    ws,
    connectionId: mine[0]!.connectionId,
    closed,
    send: (m) => ws.send(typeof m === "string" ? m : JSON.stringify(m)),
    next: (timeoutMs = 3000, label = "") =>
      inbox.length
        ? Promise.resolve(inbox.shift())
        : new Promise((resolve, reject) => {
            const waiter = (m: any) => (clearTimeout(timer), resolve(m));
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              reject(new Error(`no message within ${timeoutMs} ms ${label}`));
            }, timeoutMs);
            waiters.push(waiter);
          }),
  };
}

async function subscribed(user: TestUser, channel: "analytics" | "invoices") {
  const c = await connect(user.token);
  c.send({ action: "subscribe", channel });
  assert.deepEqual(await c.next(), { type: "subscribed", channel });
  // Analytics subscribers get the current snapshot at once (Analytics.snapshot in their scope).
  if (channel === "analytics") {
    const snapshot = await c.next(3000, "snapshot");
    assert.equal(snapshot.metricType, "AppointmentAnalytics");
    assert.equal(snapshot.doctorId, user.role === "doctor" ? user.doctorId : null);
  }
  return c;
}

/** Nothing else arrives within `ms` (used after a push that must skip this client). */
async function silent(c: Client, ms = 300) {
  await assert.rejects(c.next(ms), /no message/);
}

async function refusedWith(token: string | undefined, status: number) {
  await assert.rejects(connect(token), (err: any) => err.status === status);
}

test("a staff token connects; subscribing to analytics is answered at once; the connection is stored with role and TTL", async () => {
  const c = await subscribed(staff, "analytics");
  const stored = await getConnection(c.connectionId);
  assert.equal(stored?.role, "staff");
  assert.equal(stored?.userId, staff.id);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(stored!.expiresAt > now + CONNECTION_TTL_SECONDS - 60 && stored!.expiresAt <= now + CONNECTION_TTL_SECONDS, "expiresAt = connect time + TTL");
  const subs = await listSubscribers("analytics");
  const sub = subs.find((s) => s.connectionId === c.connectionId);
  assert.equal(sub?.expiresAt, stored!.expiresAt, "the subscription expires with its connection");
  c.ws.close();
});

test("a patient token is refused at connect (403); a bad, expired or missing token is 401", async () => {
  const before = new Set(t.stack.realtime.connections().map((c) => c.connectionId));
  await refusedWith(patient.token, 403);
  await refusedWith("not-a-jwt", 401);
  await refusedWith(staff.token.slice(0, -4) + "AAAA", 401);
  await refusedWith(await signAccessToken({ sub: staff.id, role: "staff" }, -60), 401);
  await refusedWith(undefined, 401);
  assert.deepEqual(
    t.stack.realtime.connections().filter((c) => !before.has(c.connectionId)),
    [],
    "no refused client became a connection",
  );
});

test("bad messages get an error reply naming the problem; ping gets pong; the connection stays open", async () => {
  const c = await connect(staff.token);
  c.send("not json");
  assert.equal((await c.next()).code, "realtime.invalid_json");
  c.send({ action: "subscribe", channel: "gossip" });
  const bad = await c.next();
  assert.equal(bad.type, "error");
  assert.equal(bad.code, "validation");
  assert.equal(bad.issues[0].field, "channel");
  c.send({ action: "ping" });
  assert.deepEqual(await c.next(), { type: "pong" });
  c.ws.close();
});

test("channel access: a doctor may follow analytics (own scope) but not invoices", async () => {
  const c = await subscribed(doctor, "analytics");
  c.send({ action: "subscribe", channel: "invoices" });
  const denied = await c.next();
  assert.equal(denied.code, "auth.forbidden");
  assert.ok(!(await listSubscribers("invoices")).some((s) => s.connectionId === c.connectionId));

  // A plain object is the whole clinic's view: never sent to a doctor. A function is asked once per scope.
  const staffClient = await subscribed(staff, "analytics");
  const scopes: string[] = [];
  const plain = await Realtime.broadcast("analytics", { metricType: "AppointmentAnalytics", scope: "clinic" });
  assert.equal((await staffClient.next(3000, "staff plain")).scope, "clinic");
  await silent(c);
  await Realtime.broadcast("analytics", (scope) => (scopes.push(JSON.stringify(scope)), { scope: scope.type === "doctor" ? scope.doctorId : "clinic" }));
  assert.equal((await c.next(3000, "doctor scoped")).scope, doctor.doctorId);
  assert.equal((await staffClient.next(3000, "staff scoped")).scope, "clinic");
  assert.ok(plain.delivered >= 1);
  assert.equal(new Set(scopes).size, scopes.length, "one message per scope, not per connection");
  c.ws.close();
  staffClient.ws.close();
});

test("a broadcast reaches every subscriber; a vanished connection is removed on its first 410 and the others still get the push", async () => {
  const a = await subscribed(staff, "analytics");
  const b = await subscribed(admin, "analytics");
  // Earlier tests' clients are closed; wait until their $disconnect ran so the counts are exact.
  const ours = new Set([a.connectionId, b.connectionId]);
  for (let i = 0; i < 100 && (await listSubscribers("analytics")).some((s) => !ours.has(s.connectionId)); i++) await new Promise((r) => setTimeout(r, 20));

  assert.deepEqual(await Realtime.broadcast("analytics", { n: 1 }), { delivered: 2, gone: 0, covered: false, waitedMs: 0 });
  assert.deepEqual(await a.next(), { n: 1 });
  assert.deepEqual(await b.next(), { n: 1 });

  // The server side of `a` dies without a $disconnect (API Gateway delivers that best-effort).
  assert.equal(t.stack.realtime.loseConnection(a.connectionId), true);
  assert.ok(await getConnection(a.connectionId), "still stored: nobody told the table");
  assert.deepEqual(await Realtime.broadcast("analytics", { n: 2 }), { delivered: 1, gone: 1, covered: false, waitedMs: 0 });
  assert.deepEqual(await b.next(), { n: 2 });
  assert.equal(await getConnection(a.connectionId), undefined, "removed after its first 410");
  assert.deepEqual(
    (await listSubscribers("analytics")).map((s) => s.connectionId),
    [b.connectionId],
  );
  assert.deepEqual(await Realtime.broadcast("analytics", { n: 3 }), { delivered: 1, gone: 0, covered: false, waitedMs: 0 });
  assert.deepEqual(await b.next(), { n: 3 });
  b.ws.close();
});

test("a connection lives as long as its access token: refreshed in-band, closed at the first push after it ran out", async () => {
  const c = await subscribed(staff, "analytics");
  const fresh = await signAccessToken({ sub: staff.id, role: "staff" }, 900);
  c.send({ action: "refresh", token: fresh });
  const refreshed = await c.next();
  assert.equal(refreshed.type, "refreshed");
  assert.equal((await getConnection(c.connectionId))?.tokenExpiresAt, refreshed.tokenExpiresAt);
  assert.equal((await listSubscribers("analytics")).find((s) => s.connectionId === c.connectionId)?.tokenExpiresAt, refreshed.tokenExpiresAt);
  c.send({ action: "refresh", token: admin.token });
  assert.equal((await c.next()).code, "realtime.reconnect", "another identity needs its own $connect");

  // The token ran out (long past the grace period): no new subscription, and the next broadcast closes the connection.
  await refreshConnection(c.connectionId, Math.floor(Date.now() / 1000) - 3600);
  c.send({ action: "subscribe", channel: "invoices" });
  assert.equal((await c.next()).code, "auth.invalid_token");
  const other = await subscribed(admin, "analytics");
  const result = await Realtime.broadcast("analytics", { n: "after-expiry" });
  assert.equal(await c.closed, 1000, "closed by the server");
  assert.equal(await getConnection(c.connectionId), undefined);
  assert.deepEqual(await other.next(), { n: "after-expiry" });
  assert.ok(result.delivered >= 1);
  other.ws.close();
});

test("the @connections API through the AWS SDK: POST sends, GET describes, DELETE closes, unknown ids are 410 GoneException", async () => {
  const client = new ApiGatewayManagementApiClient({ endpoint: t.stack.realtime.managementEndpoint });
  const c = await connect(admin.token);
  await client.send(new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: new TextEncoder().encode('{"hello":1}') }));
  assert.deepEqual(await c.next(), { hello: 1 });
  const info = await client.send(new GetConnectionCommand({ ConnectionId: c.connectionId }));
  assert.ok(info.ConnectedAt instanceof Date && Math.abs(info.ConnectedAt.getTime() - Date.now()) < 60_000);
  assert.equal(info.Identity?.SourceIp, "127.0.0.1");
  assert.ok(info.LastActiveAt instanceof Date);

  await client.send(new DeleteConnectionCommand({ ConnectionId: c.connectionId }));
  assert.equal(await c.closed, 1000);
  await assert.rejects(client.send(new GetConnectionCommand({ ConnectionId: c.connectionId })), (err) => err instanceof GoneException);
  await assert.rejects(
    client.send(new PostToConnectionCommand({ ConnectionId: "Zm9vYmFyYmF6cXV4=", Data: new Uint8Array([1]) })),
    (err: any) => err.name === "GoneException" && err.$metadata.httpStatusCode === 410,
  );
  // The gateway ran $disconnect after the server-side close: the table forgets it.
  for (let i = 0; i < 50 && (await getConnection(c.connectionId)); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await getConnection(c.connectionId), undefined);
  client.destroy();
});

test("@connections refuses an unsigned POST, a wrong key and a wrong secret: no forged message reaches the dashboard", async () => {
  const c = await connect(admin.token);
  const url = `${t.stack.realtime.managementEndpoint}/@connections/${encodeURIComponent(c.connectionId)}`;
  const unsigned = await fetch(url, { method: "POST", body: '{"type":"invoice","status":"paid"}' });
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.headers.get("x-amzn-errortype"), "MissingAuthenticationTokenException");
  const as = (accessKeyId: string, secretAccessKey: string) =>
    new ApiGatewayManagementApiClient({ endpoint: t.stack.realtime.managementEndpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey } });
  const forged = new TextEncoder().encode('{"type":"invoice","status":"paid"}');
  await assert.rejects(
    as("AKIAOTHERUSER0000000", "x").send(new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: forged })),
    (e: any) => e.name === "UnrecognizedClientException" && e.$metadata.httpStatusCode === 403,
  );
  await assert.rejects(
    as(process.env.AWS_ACCESS_KEY_ID!, "wrong").send(new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: forged })),
    (e: any) => e.name === "InvalidSignatureException",
  );
  await assert.rejects(
    as(process.env.AWS_ACCESS_KEY_ID!, "wrong").send(new DeleteConnectionCommand({ ConnectionId: c.connectionId })),
    (e: any) => e.name === "InvalidSignatureException",
  );
  // Nothing was delivered and the connection is still open: the next frame is the signed one.
  await new ApiGatewayManagementApiClient({ endpoint: t.stack.realtime.managementEndpoint }).send(
    new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: new TextEncoder().encode('{"real":1}') }),
  );
  assert.deepEqual(await c.next(), { real: 1 });
  c.ws.close();
});

test("invoice-push: an MSK batch becomes one push per invoice with its latest status, without patient data", async () => {
  const desk = await subscribed(staff, "invoices");
  const envelope = (status: string, seq: number) => ({
    id: `evt_${seq}`,
    type: status === "issued" ? "invoice.issued" : "invoice.paid",
    version: 1,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 9, seq)).toISOString(),
    key: "inv_1",
    data: {
      invoiceId: "inv_1",
      appointmentId: "apt_1",
      patientId: "pat_secret",
      doctorId: "doc_1",
      number: "2026-0001",
      status,
      totalCents: 12000,
      paidCents: status === "paid" ? 12000 : 0,
      currency: "USD",
    },
  });
  const record = (value: unknown, offset: number) => ({
    topic: "invoice-events",
    partition: 0,
    offset,
    timestamp: Date.now(),
    key: Buffer.from("inv_1").toString("base64"),
    value: Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64"),
  });
  const result = await invoicePush({
    eventSource: "aws:kafka",
    records: { "invoice-events-0": [record(envelope("issued", 1), 10), record("{broken", 11), record(envelope("paid", 2), 12)] },
  });
  assert.equal(result.pushed, 1);
  assert.equal(result.skipped, 1);
  const pushed = await desk.next();
  assert.equal(pushed.type, "invoice.status");
  assert.equal(pushed.invoiceId, "inv_1");
  assert.equal(pushed.status, "paid");
  assert.equal(pushed.number, "2026-0001");
  assert.equal(pushed.totalCents, 12000);
  assert.ok(!JSON.stringify(pushed).includes("pat_"), "no patient id or name on the invoices channel");
  await silent(desk);
  desk.ws.close();
});

test("invoice-push: several invoices in one batch reach each subscriber as one invoice.statuses message", async () => {
  const desk = await subscribed(staff, "invoices");
  const record = (invoiceId: string, offset: number) => ({
    topic: "invoice-events",
    partition: 0,
    offset,
    timestamp: Date.now(),
    key: Buffer.from(invoiceId).toString("base64"),
    value: Buffer.from(
      JSON.stringify({
        id: `evt_${invoiceId}`,
        type: "invoice.issued",
        version: 1,
        occurredAt: new Date().toISOString(),
        key: invoiceId,
        data: {
          invoiceId,
          appointmentId: "apt_1",
          patientId: "pat_secret",
          doctorId: "doc_1",
          number: `2026-${offset}`,
          status: "issued",
          totalCents: 100,
          paidCents: 0,
          currency: "EUR",
        },
      }),
    ).toString("base64"),
  });
  const result = await invoicePush({ eventSource: "aws:kafka", records: { "invoice-events-0": [record("inv_a", 1), record("inv_b", 2), record("inv_c", 3)] } });
  assert.equal(result.pushed, 3);
  const pushed = await desk.next();
  assert.equal(pushed.type, "invoice.statuses");
  assert.deepEqual(
    pushed.changes.map((c: any) => [c.type, c.invoiceId, c.status]),
    [
      ["invoice.status", "inv_a", "issued"],
      ["invoice.status", "inv_b", "issued"],
      ["invoice.status", "inv_c", "issued"],
    ],
  );
  assert.ok(!JSON.stringify(pushed).includes("pat_"));
  await silent(desk);
  desk.ws.close();
});

test("paced broadcasts (a push budget of 10/s, 3 subscribers → 300 ms apart): a burst of analytics batches sends fewer snapshots, and the last one holds every change", async () => {
  // One at a time: `connect` tells its connection from the gateway's list of new ones.
  const clients = [await subscribed(staff, "analytics"), await subscribed(admin, "analytics"), await subscribed(staff, "analytics")];
  const previous = process.env.CAREBEAT_PUSH_BUDGET;
  process.env.CAREBEAT_PUSH_BUDGET = "10";
  try {
    // Each "batch" commits a change (version++) and then broadcasts; the message is built in
    // the slot, like Analytics.snapshot, so it reads every change committed before the slot.
    let version = 0;
    let built = 0;
    const snapshot = () => (built++, { metricType: "AppointmentAnalytics", doctorId: null, version });
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        version++;
        return Realtime.broadcast("analytics", (scope) => (scope.type === "clinic" ? snapshot() : undefined), { pacing: "latest" });
      }),
    );
    const sent = results.filter((r) => !r.covered).length;
    assert.equal(sent + results.filter((r) => r.covered).length, 8);
    assert.ok(sent >= 1 && sent < 8, `paced: ${sent} of 8 batches broadcast`);
    assert.equal(built, sent, "one snapshot built per broadcast (one scope)");
    for (const c of clients) {
      let last: any;
      for (let i = 0; i < sent; i++) last = await c.next(5000, `snapshot ${i + 1} of ${sent}`);
      assert.equal(last.version, 8, "the last snapshot a dashboard got includes the last change");
      await silent(c);
    }

    // Messages that must each go out (invoice changes) wait their turn instead: none is dropped.
    const desk = await subscribed(staff, "invoices");
    const each = await Promise.all([1, 2, 3].map((n) => Realtime.broadcast("invoices", { type: "invoice.status", invoiceId: `inv_${n}`, status: "issued" }, { pacing: "every" })));
    assert.ok(each.every((r) => !r.covered && r.delivered >= 1));
    const got = [await desk.next(5000), await desk.next(5000), await desk.next(5000)].map((m) => m.invoiceId).sort();
    assert.deepEqual(got, ["inv_1", "inv_2", "inv_3"]);
    desk.ws.close();
  } finally {
    if (previous === undefined) delete process.env.CAREBEAT_PUSH_BUDGET;
    else process.env.CAREBEAT_PUSH_BUDGET = previous;
    for (const c of clients) c.ws.close();
  }
});

test("the API's own port forwards WebSocket upgrades on /ws to the gateway", async () => {
  let server: RunningServer | undefined;
  try {
    server = await startServer({ port: 0, upgrade: t.stack.realtime.handleUpgrade });
    const url = `${server.url.replace(/^http/, "ws")}/ws`;
    const c = await connect(staff.token, url);
    c.send({ action: "ping" });
    assert.deepEqual(await c.next(), { type: "pong" });
    await assert.rejects(connect(patient.token, url), (err: any) => err.status === 403);
    c.ws.close();
  } finally {
    await server?.stop();
  }
});
