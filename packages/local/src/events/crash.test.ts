import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { startLocalStack } from "../stack";
import { recount, sorted } from "./testing";

/**
 * A real kill: a child runtime (embedded PGlite in a data dir) is SIGKILLed after a batch's
 * aggregates committed and before its consumer position did. The restarted runtime redelivers
 * that batch; the counts still equal a recount of the outbox.
 */
test("SIGKILL between the aggregate commit and the position commit loses and double-counts nothing", { timeout: 180_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-crash-"));
  try {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(path.dirname(fileURLToPath(import.meta.url)), "crash-child.ts"), dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        if (out.includes("applied")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    const stack = await startLocalStack({ dataDir, stage: "test" });
    try {
      const { useDb } = await import("@carebeat/core/drizzle");
      const one = async (q: ReturnType<typeof sql>) => ((await useDb().execute(q)) as unknown as { n: number }[])[0]!.n;
      const applied = await one(sql`select count(*)::int as n from analytics_applied_event`);
      const positioned = await one(sql`select coalesce(sum(next_offset), 0)::int as n from local_event_consumer`);
      assert.ok(applied > positioned, `the kill landed between the two commits (applied ${applied}, positions ${positioned})`);

      const { startEventLog } = await import("./index");
      const log = await startEventLog({ batchSize: 100 });
      await log.drain();
      await log.stop();
      const { Analytics } = await import("@carebeat/core/analytics");
      const outbox = (await useDb().execute(sql`select payload from outbox`)) as unknown as { payload: any }[];
      const events = outbox.map((r) => (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload));
      assert.equal(events.length, 1000);
      assert.deepEqual(sorted(await Analytics.dump()), sorted(recount(events)));
      assert.equal((await Analytics.snapshot()).totalEventsCreated, 1000);
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
