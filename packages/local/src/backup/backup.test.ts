import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../ports";
import { startRuntime, killRuntimes, stopRuntime } from "../runtime-process";

/**
 * The self-hosting backup as an operator runs it (docs/self-hosting.md): `npm run backup` while
 * `npm start` serves a burst of bookings, then `npm run restore` into a fresh data dir and the
 * restored system started. Everything acknowledged before the backup began is there — bookings,
 * issued invoices with their numbers, PDFs, patients, audit rows — and billing that was running
 * finishes. A wrong passphrase, a changed byte and a non-empty target are refused.
 */
const PASS = "a long clinic backup passphrase";

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "packages/local/src/backup/cli.ts", ...args], { env: { ...inherited, ...env }, timeout: 180_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

test("backup during a booking burst, restore into a fresh dir: everything acknowledged is there and billing finishes", { timeout: 600_000 }, async () => {
  const root = mkdtempSync(path.join(tmpdir(), "cb-bk-"));
  const dirA = path.join(root, "a");
  const dirB = path.join(root, "b");
  const archive = path.join(root, "clinic.carebeat-backup");
  const common = {
    CAREBEAT_ADMIN_EMAIL: "boss@clinic.test",
    CAREBEAT_ADMIN_PASSWORD: "first-admin-password",
    CAREBEAT_SWEEP_INTERVAL_SECONDS: "1",
    CAREBEAT_SWEEP_AFTER_SECONDS: "2",
    CAREBEAT_BACKUP_PASSPHRASE: PASS,
  };
  const portA = await freePort();
  const envA = { ...common, PORT: String(portA), CAREBEAT_DATA_DIR: dirA };
  const client = (port: number) => {
    let token = "";
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${p}`, {
        method,
        redirect: "manual",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const login = async () => (token = (await call("POST", "/api/auth/login", { email: "boss@clinic.test", password: "first-admin-password" })).body.accessToken);
    const all = async (p: string) => {
      const items: any[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: any } = await call("GET", `${p}${p.includes("?") ? "&" : "?"}limit=200${cursor ? `&cursor=${cursor}` : ""}`);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return items;
    };
    return { call, login, all };
  };
  try {
    const a = startRuntime(envA);
    await a.ready;
    assert.equal(statSync(dirA).mode & 0o777, 0o700, "the data dir is 0700");
    const api = client(portA);
    await api.login();
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: "00:00", end: "24:00" }));
    const doctor = (
      await api.call("POST", "/api/doctors", { name: "Dr Backup", specialty: "General practice", visitFeeCents: 8000, currency: "EUR", timezone: "UTC", workingHours: allWeek })
    ).body;
    const patients: any[] = [];
    for (let i = 0; i < 4; i++)
      patients.push((await api.call("POST", "/api/patients", { name: { given: `Pat${i}`, family: "Backed-Up" }, birthDate: "1980-01-0" + (i + 1) })).body);
    assert.ok(
      patients.every((p) => p.id),
      JSON.stringify(patients),
    );

    const base0 = Math.ceil((Date.now() + 2 * 86_400_000) / 1_800_000) * 1_800_000;
    const acknowledged: string[] = [];
    let next = 0;
    let stopBurst = false;
    const clients = Array.from({ length: 6 }, async () => {
      while (!stopBurst) {
        const i = next++;
        const startsAt = new Date(base0 + i * 30 * 60_000);
        const res = await api.call("POST", "/api/appointments", {
          doctorId: doctor.id,
          patientId: patients[i % patients.length].id,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        acknowledged.push(res.body.id);
      }
    });
    while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 20));
    // Some invoices issued already, the rest still in the workflow: both must survive.
    let issuedBefore = new Map<string, string>();
    for (const until = Date.now() + 60_000; issuedBefore.size < 3 && Date.now() < until; await new Promise((r) => setTimeout(r, 100)))
      issuedBefore = new Map((await api.all("/api/invoices")).filter((i) => i.status === "issued").map((i) => [i.appointmentId, i.number]));

    // What the clinic has at the instant the backup is asked for.
    const before = [...acknowledged];
    const auditBefore = await api.all(`/api/audit?patientId=${patients[0].id}`);
    const backup = await cli(["backup", archive], envA);
    const during = acknowledged.length - before.length;
    stopBurst = true;
    await Promise.all(clients);
    assert.equal(backup.code, 0, backup.out);
    assert.match(backup.out, /the runtime on .* is serving/);
    assert.ok(during > 0, "bookings went on while the backup was taken");
    assert.equal(statSync(archive).mode & 0o777, 0o600, "the archive is 0600");
    assert.ok(issuedBefore.size > 0, "some invoices were issued before the backup");
    assert.ok(!readFileSync(archive).includes(Buffer.from("Backed-Up")), "no patient data in clear in the archive");
    console.log(`backed up: ${before.length} bookings acknowledged before, ${during} during; ${issuedBefore.size} invoices issued; ${statSync(archive).size} bytes`);
    assert.equal(await stopRuntime(a.child), 0);

    // Refusals leave the target untouched.
    const wrong = await cli(["restore", archive], { ...common, CAREBEAT_DATA_DIR: dirB, CAREBEAT_BACKUP_PASSPHRASE: "not the right passphrase" });
    assert.equal(wrong.code, 3, wrong.out);
    assert.match(wrong.out, /wrong passphrase/);
    const tampered = path.join(root, "tampered.carebeat-backup");
    copyFileSync(archive, tampered);
    const bytes = readFileSync(tampered);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
    writeFileSync(tampered, bytes);
    const bad = await cli(["restore", tampered], { ...common, CAREBEAT_DATA_DIR: dirB });
    assert.equal(bad.code, 3, bad.out);
    assert.match(bad.out, /altered or damaged/);
    assert.ok(!existsSync(dirB) || readdirSync(dirB).length === 0, "nothing restored from a refused archive");
    const notEmpty = await cli(["restore", archive], { ...common, CAREBEAT_DATA_DIR: dirA });
    assert.equal(notEmpty.code, 1, notEmpty.out);
    assert.match(notEmpty.out, /is not empty/);
    assert.ok(
      readdirSync(root).every((f) => !f.includes(".restore-")),
      "no staging dir left behind",
    );

    const restored = await cli(["restore", archive], { ...common, CAREBEAT_DATA_DIR: dirB });
    assert.equal(restored.code, 0, restored.out);
    assert.equal(statSync(dirB).mode & 0o777, 0o700);

    const portB = await freePort();
    const b = startRuntime({ ...common, PORT: String(portB), CAREBEAT_DATA_DIR: dirB });
    await b.ready;
    const health = await fetch(`http://127.0.0.1:${portB}/health`);
    assert.equal(health.status, 200);
    const apiB = client(portB);
    assert.ok(await apiB.login(), "the same accounts sign in");
    for (const p of patients) {
      const got = await apiB.call("GET", `/api/patients/${p.id}`);
      assert.equal(got.status, 200, `patient ${p.id}`);
      assert.equal(got.body.name.family, "Backed-Up");
    }
    const auditAfter = new Set((await apiB.all(`/api/audit?patientId=${patients[0].id}`)).map((e) => e.id));
    for (const e of auditBefore) assert.ok(auditAfter.has(e.id), `audit row ${e.id} restored`);
    // Billing that was in flight at the backup finishes on the restored system.
    const deadline = Date.now() + 90_000;
    let invoices: any[] = [];
    for (;;) {
      invoices = await apiB.all("/api/invoices");
      const issued = new Set(invoices.filter((i) => i.status === "issued").map((i) => i.appointmentId));
      if (before.every((id) => issued.has(id))) break;
      if (Date.now() > deadline) throw new Error(`not all billed after restore: ${before.filter((id) => !issued.has(id)).length} missing\n${b.output()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    for (const id of before) {
      const mine = invoices.filter((i) => i.appointmentId === id);
      assert.equal(mine.length, 1, `exactly one invoice for ${id}`);
      if (issuedBefore.has(id)) assert.equal(mine[0].number, issuedBefore.get(id), "an issued invoice keeps its number");
    }
    const numbers = invoices
      .filter((i) => i.number)
      .map((i) => Number(i.number.slice(5)))
      .sort((x, y) => x - y);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      "numbers stay consecutive",
    );
    // Every PDF issued before the backup downloads from the restored S3.
    for (const inv of invoices.filter((i) => issuedBefore.has(i.appointmentId))) {
      const link = await apiB.call("GET", `/api/invoices/${inv.id}/pdf?format=json`);
      assert.equal(link.status, 200, JSON.stringify(link.body));
      const pdf = await fetch(new URL(link.body.url, `http://127.0.0.1:${portB}`));
      assert.equal(pdf.status, 200);
      assert.equal(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
        "%PDF-",
      );
    }
    // Smoke: a new booking on the restored system is billed.
    const startsAt = new Date(base0 + 5000 * 30 * 60_000);
    const booked = await apiB.call("POST", "/api/appointments", {
      doctorId: doctor.id,
      patientId: patients[1].id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    for (const until = Date.now() + 60_000; ; ) {
      const inv = (await apiB.all("/api/invoices")).find((i) => i.appointmentId === booked.body.id);
      if (inv?.status === "issued") break;
      if (Date.now() > until) throw new Error(`the new booking was not billed: ${JSON.stringify(inv)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.equal(await stopRuntime(b.child), 0);
  } finally {
    killRuntimes();
    rmSync(root, { recursive: true, force: true });
  }
});
