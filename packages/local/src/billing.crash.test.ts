import { test } from "node:test";
import assert from "node:assert/strict";

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./ports";
import { startRuntime, killRuntimes } from "./runtime-process";

/**
 * `npm start` killed with SIGKILL in the middle of a burst of bookings, then started again on
 * the same data: every booking that was acknowledged (201) ends with exactly one issued
 * invoice, and the invoice numbers run 1..N with no gap. Executions that were running are
 * resumed by the local Step Functions endpoint; a booking committed just before the kill
 * whose StartExecution never ran is picked up by the sweeper (tuned to seconds here).
 */

test("SIGKILL mid-burst, restart: one issued invoice per acknowledged booking, gapless numbers", { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-crash-"));
  const port = await freePort();
  const env = {
    PORT: String(port),
    CAREBEAT_DATA_DIR: dataDir,
    CAREBEAT_ADMIN_EMAIL: "boss@clinic.test",
    CAREBEAT_ADMIN_PASSWORD: "first-admin-password",
    CAREBEAT_SWEEP_INTERVAL_SECONDS: "1",
    CAREBEAT_SWEEP_AFTER_SECONDS: "2",
  };
  const base = `http://127.0.0.1:${port}`;
  let token = "";
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(base + p, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  try {
    const first = startRuntime(env);
    await first.ready;
    token = (await call("POST", "/api/auth/login", { email: "boss@clinic.test", password: "first-admin-password" })).body.accessToken;
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
    const doctor = (
      await call("POST", "/api/doctors", { name: "Dr Crash", specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: allWeek })
    ).body;
    const patient = (await call("POST", "/api/patients", { name: { given: "Kim", family: "Killed" } })).body;
    // On a half hour, so no slot crosses midnight (working hours end at 24:00).
    const base0 = Math.ceil((Date.now() + 2 * 86_400_000) / 1_800_000) * 1_800_000;
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const failures: string[] = [];
    const clients = Array.from({ length: 8 }, async () => {
      while (!killed) {
        const i = next++;
        const startsAt = new Date(base0 + i * 30 * 60_000);
        try {
          const res = await call("POST", "/api/appointments", {
            doctorId: doctor.id,
            patientId: patient.id,
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
          });
          if (res.status === 201 && !killed) acknowledged.push(res.body.id);
          else if (res.status !== 201 && !killed) failures.push(`${res.status} ${res.body?.code}`);
        } catch {
          // The connection died with the process: not acknowledged.
        }
      }
    });
    const burstDeadline = Date.now() + 60_000;
    while (acknowledged.length < 40) {
      if (Date.now() > burstDeadline || failures.length > 20)
        throw new Error(`bookings not acknowledged: ${acknowledged.length}; failures ${failures.slice(0, 5)}\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill("SIGKILL");
    killed = true;
    await Promise.all(clients);
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode ? r(null) : first.child.on("exit", r)));

    const second = startRuntime(env);
    await second.ready;
    token = "";
    token = (await call("POST", "/api/auth/login", { email: "boss@clinic.test", password: "first-admin-password" })).body.accessToken;
    const deadline = Date.now() + 60_000;
    let invoices: any[] = [];
    for (;;) {
      invoices = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: any } = await call("GET", `/api/invoices?limit=200${cursor ? `&cursor=${cursor}` : ""}`);
        assert.equal(page.status, 200);
        invoices.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      const issued = new Set(invoices.filter((i) => i.status === "issued").map((i) => i.appointmentId));
      if (acknowledged.every((id) => issued.has(id)) && invoices.every((i) => i.status === "issued")) break;
      if (Date.now() > deadline) throw new Error(`not all billed: ${JSON.stringify(invoices.map((i) => i.status))}\n${second.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Informational: how much the restart had to pick up (varies run to run).
    console.log(
      `acknowledged ${acknowledged.length}, invoices ${invoices.length}; ${/resumed \d+ execution\(s\)/.exec(second.output())?.[0] ?? "nothing resumed"}; ${/billing sweeper started \d+/.exec(second.output())?.[0] ?? "nothing swept"}`,
    );
    for (const id of acknowledged) assert.equal(invoices.filter((i) => i.appointmentId === id).length, 1, `exactly one invoice for ${id}`);
    const numbers = invoices.map((i) => Number(i.number.slice(5))).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      "consecutive numbers from 1",
    );
    assert.ok(invoices.length >= acknowledged.length);
    second.child.kill("SIGINT");
    await new Promise((r) => second.child.on("exit", r));
  } finally {
    killRuntimes();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
