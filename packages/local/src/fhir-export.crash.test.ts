import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./ports";
import { startRuntime, killRuntimes } from "./runtime-process";

/**
 * `npm start` SIGKILLed in the middle of a `$export`, then started again on the same data: the
 * job either finishes (the local Step Functions endpoint resumes the execution, the tasks rewrite
 * their files) or reports an error in its manifest — and every file a manifest lists is there,
 * with as many lines as it says. One-resource pages make the export slow enough to kill mid-way.
 */
test("SIGKILL mid-export, restart: the manifest lists only files that exist, with every resource", { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-export-crash-"));
  const port = await freePort();
  const env = {
    PORT: String(port),
    CAREBEAT_DATA_DIR: dataDir,
    CAREBEAT_ADMIN_EMAIL: "boss@clinic.test",
    CAREBEAT_ADMIN_PASSWORD: "first-admin-password",
    CAREBEAT_EXPORT_PAGE_SIZE: "1",
    CAREBEAT_EXPORT_FILE_BYTES: "20000",
    CAREBEAT_EXPORT_POLL_SECONDS: "0.05",
    CAREBEAT_BILLING: "off",
  };
  const base = `http://127.0.0.1:${port}`;
  let token = "";
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base + p, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  const login = async () => (token = (await call("POST", "/api/auth/login", { email: "boss@clinic.test", password: "first-admin-password" })).body.accessToken);
  const N = 150;
  try {
    const first = startRuntime(env);
    await first.ready;
    await login();
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
    const doctor = (
      await call("POST", "/api/doctors", { name: "Dr Export", specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: allWeek })
    ).body;
    const t0 = Math.ceil((Date.now() + 2 * 86_400_000) / 1_800_000) * 1_800_000;
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = w; i < N; i += 6) {
          const p = await call("POST", "/api/patients", { name: { given: "Kim", family: `Export${i}` } });
          assert.equal(p.status, 201);
          const startsAt = new Date(t0 + i * 30 * 60_000);
          const a = await call("POST", "/api/appointments", {
            doctorId: doctor.id,
            patientId: p.body.id,
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
          });
          assert.equal(a.status, 201, JSON.stringify(a.body));
        }
      }),
    );
    const kick = await call("GET", "/fhir/R4/$export", undefined, { prefer: "respond-async" });
    assert.equal(kick.status, 202, kick.text);
    const status = new URL(kick.headers.get("content-location")!).pathname;
    // Kill once some patients are written (their files partly in S3) and not every type is done.
    let progress = "";
    for (const deadline = Date.now() + 60_000; ; ) {
      const res = await call("GET", status);
      if (res.status === 200) throw new Error("the export finished before the kill: make it slower");
      if (res.status === 202) {
        progress = res.headers.get("x-progress") ?? "";
        const done = Number(/^(\d+)\//.exec(progress)?.[1] ?? 0);
        const patients = Number(/Patient (\d+)/.exec(progress)?.[1] ?? 0);
        if (patients >= 5 && done < 3) break;
      }
      if (Date.now() > deadline) throw new Error(`no progress: ${progress}\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 60));
    }
    first.child.kill("SIGKILL");
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode ? r(null) : first.child.on("exit", r)));

    const second = startRuntime(env);
    await second.ready;
    await login();
    let manifest: any;
    for (const deadline = Date.now() + 120_000; ; ) {
      const res = await call("GET", status);
      if (res.status === 200) {
        manifest = res.body;
        break;
      }
      assert.ok(res.status === 202 || res.status === 429, `${res.status} ${res.text}`);
      if (Date.now() > deadline) throw new Error(`not finished after the restart\n${second.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`killed at "${progress}"; after the restart: ${manifest.error.length ? "failed, error reported" : "completed"}`);
    // Never a manifest pointing at a missing file: each one is served, with as many lines as it says.
    const counts: Record<string, number> = {};
    for (const f of [...manifest.output, ...manifest.error]) {
      const res = await call("GET", new URL(f.url).pathname);
      assert.equal(res.status, 200, f.url);
      const lines = res.text.split("\n").filter(Boolean);
      assert.equal(lines.length, f.count, f.url);
      counts[f.type] = (counts[f.type] ?? 0) + lines.length;
    }
    if (manifest.error.length === 0) {
      // The catalogue (migration 0015's seed list) is exported too; no prescriptions were written.
      const meds = await call("GET", "/api/prescriptions/medications?includeRetired=true");
      assert.equal(meds.status, 200, meds.text);
      assert.ok(meds.body.items.length > 0, "the seeded catalogue");
      assert.deepEqual(counts, { Patient: N, Practitioner: 1, Appointment: N, Medication: meds.body.items.length }, "every resource, once");
    } else {
      assert.deepEqual(manifest.output, [], "a failed export lists no output");
      assert.equal(counts.OperationOutcome, 1);
    }
    second.child.kill("SIGINT");
    await new Promise((r) => second.child.on("exit", r));
  } finally {
    killRuntimes();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
