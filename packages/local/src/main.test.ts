import { test } from "node:test";
import assert from "node:assert/strict";

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { freePort } from "./ports";
import { startRuntime, stopRuntime, killRuntimes } from "./runtime-process";

/** Runs `npm start`'s entry point as a real process, the way a developer would. */

test("npm start comes up, answers, stops cleanly on Ctrl-C, and keeps data across restarts", { timeout: 180_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-start-"));
  const port = await freePort();
  const env = { PORT: String(port), CAREBEAT_DATA_DIR: dataDir, CAREBEAT_ADMIN_EMAIL: "boss@clinic.test", CAREBEAT_ADMIN_PASSWORD: "first-admin-password" };
  const base = `http://127.0.0.1:${port}`;
  const post = (p: string, body: unknown) => fetch(base + p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  try {
    const first = startRuntime(env, 60_000);
    await first.ready;
    assert.match(first.output(), /node v22\./, "runs on the pinned Node 22");
    assert.match(first.output(), /created admin account boss@clinic\.test/);
    assert.doesNotMatch(first.output(), /first-admin-password/, "a password given by env is never printed");
    const health = await fetch(`${base}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as any).status, "ok");
    assert.equal((await post("/api/auth/register", { email: "kept@clinic.test", password: "survives restarts", name: "Kept" })).status, 202);
    assert.equal(await stopRuntime(first.child), 0);
    assert.match(first.output(), /stopped; data kept/);

    const second = startRuntime(env, 60_000);
    await second.ready;
    assert.doesNotMatch(second.output(), /created admin account/, "the admin is created only once");
    const login = await post("/api/auth/login", { email: "kept@clinic.test", password: "survives restarts" });
    assert.equal(login.status, 200);
    const admin = await post("/api/auth/login", { email: "boss@clinic.test", password: "first-admin-password" });
    assert.equal(admin.status, 200);

    // Live updates on the API's own port: an admin subscribes, a patient is refused.
    assert.match(second.output(), new RegExp(`realtime +ws://127\\.0\\.0\\.1:${port}/ws`));
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${((await admin.json()) as any).accessToken}`);
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    const reply = new Promise((resolve) => ws.once("message", (d) => resolve(JSON.parse(String(d)))));
    ws.send(JSON.stringify({ action: "subscribe", channel: "analytics" }));
    assert.deepEqual(await reply, { type: "subscribed", channel: "analytics" });
    const patientToken = ((await login.json()) as any).accessToken;
    const refused = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${patientToken}`);
    assert.equal(await new Promise((resolve) => refused.once("unexpected-response", (_q, r) => resolve(r.statusCode))), 403);
    refused.on("error", () => {}).terminate();
    ws.close();
    assert.equal(await stopRuntime(second.child), 0);
  } finally {
    // A failed assertion must not leave a server running (it would hold the test run open).
    killRuntimes();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the test runner itself runs on the pinned Node 22", () => {
  assert.equal(process.versions.node.split(".")[0], "22");
});
