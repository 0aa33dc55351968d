import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./ports";
import { startRuntime, killRuntimes } from "./runtime-process";
import { startTestSmtp } from "./smtp-testing";

/**
 * `npm start` killed with SIGKILL while a batch of reminders sits in its Wait with the due time a
 * moment away, then started again on the same data after it passed: the local Step Functions
 * endpoint redrives every interrupted execution (the Wait, with the same input, waits for the same
 * instant — already past), each Check enqueues its reminder under the key (appointment, reminder,
 * start), and every patient gets exactly one reminder, over a real SMTP server. The booking events
 * the notifications consumer may not have committed before the kill are redelivered too: no second
 * confirmation, no second execution.
 */
test("SIGKILL with reminders about to fall due, restart after: each reminder exactly once", { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-reminders-"));
  const smtp = await startTestSmtp();
  const port = await freePort();
  // One start time for every visit (a doctor each), so every reminder falls due at the same instant.
  const startsAt = new Date(Math.ceil((Date.now() + 2 * 86_400_000) / 1_800_000) * 1_800_000);
  const dueIn = 30; // seconds after the first runtime starts: enough to start it and book
  const leadSeconds = Math.floor((startsAt.getTime() - Date.now()) / 1000) - dueIn;
  const dueAt = startsAt.getTime() - leadSeconds * 1000;
  const env = {
    PORT: String(port),
    CAREBEAT_DATA_DIR: dataDir,
    CAREBEAT_ADMIN_EMAIL: "boss@clinic.test",
    CAREBEAT_ADMIN_PASSWORD: "first-admin-password",
    CAREBEAT_SMTP_URL: smtp.url,
    CAREBEAT_REMINDER_LEAD_SECONDS: String(leadSeconds),
    CAREBEAT_MAIL_SWEEP_SECONDS: "1",
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
  const login = async () => (token = (await call("POST", "/api/auth/login", { email: "boss@clinic.test", password: "first-admin-password" })).body.accessToken);
  try {
    const first = startRuntime(env);
    await first.ready;
    await login();
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
    const patients: string[] = [];
    for (let i = 0; i < 8; i++) {
      const doctor = (
        await call("POST", "/api/doctors", { name: `Dr Crash ${i}`, specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: allWeek })
      ).body;
      const email = `kim${i}@killed.example`;
      const patient = (await call("POST", "/api/patients", { name: { given: "Kim", family: `Killed${i}` }, contact: { email } })).body;
      const booked = await call("POST", "/api/appointments", {
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
      });
      assert.equal(booked.status, 201, JSON.stringify(booked.body));
      patients.push(email);
    }
    const reminders = (to: string) => smtp.received.filter((m) => m.envelopeTo.includes(to) && /^Reminder:/.test(m.mail.subject ?? ""));
    const confirmations = (to: string) => smtp.received.filter((m) => m.envelopeTo.includes(to) && /is booked$/.test(m.mail.subject ?? ""));
    assert.ok(Date.now() < dueAt - 2_000, `booked ${Math.round((dueAt - Date.now()) / 1000)} s before the reminders fall due: too late to kill before them; raise dueIn`);
    // Kill a second before they fall due: every reminder execution is in its Wait.
    await new Promise((r) => setTimeout(r, dueAt - Date.now() - 1_000));
    first.child.kill("SIGKILL");
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode ? r(null) : first.child.on("exit", r)));
    assert.deepEqual(
      patients.map((p) => reminders(p).length),
      patients.map(() => 0),
      "nothing was due before the kill",
    );
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now() + 1_000)));

    const second = startRuntime(env);
    await second.ready;
    const deadline = Date.now() + 60_000;
    while (!patients.every((p) => reminders(p).length >= 1)) {
      if (Date.now() > deadline) throw new Error(`reminders: ${patients.map((p) => reminders(p).length)}\n${second.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Let any duplicate that would come (a second execution, a redelivered event) arrive.
    await new Promise((r) => setTimeout(r, 4_000));
    assert.deepEqual(
      patients.map((p) => reminders(p).length),
      patients.map(() => 1),
      "exactly one reminder each",
    );
    assert.deepEqual(
      patients.map((p) => confirmations(p).length),
      patients.map(() => 1),
      "exactly one confirmation each",
    );
    assert.ok(reminders(patients[0]!)[0]!.mail.text?.includes("Dr Crash 0"));
    console.log(/resumed \d+ execution\(s\)/.exec(second.output())?.[0] ?? "nothing resumed");
    second.child.kill("SIGINT");
    await new Promise((r) => second.child.on("exit", r));
  } finally {
    killRuntimes();
    await smtp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
