import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startLocalStack } from "./stack";
import { Teardown } from "./teardown";

const servers = () => process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

test("a start that fails part-way stops every service it had started (no server left listening)", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-teardown-"));
  try {
    // The signing key is read after PostgreSQL, DynamoDB, S3, the WebSocket gateway and Step Functions are up.
    writeFileSync(path.join(dataDir, "jwt-signing-key.json"), "not a key set");
    const before = servers();
    await assert.rejects(startLocalStack({ dataDir, stage: "teardown" }), /jwt-signing-key\.json/);
    assert.equal(servers(), before, "every listening server of the failed start is closed");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("Teardown stops in reverse order and keeps going past a failing stop", async () => {
  const order: string[] = [];
  const logged: string[] = [];
  const t = new Teardown((l) => logged.push(l));
  t.add("a", 1, () => void order.push("a"));
  t.add("b", 2, () => {
    throw new Error("b broke");
  });
  t.add("c", 3, async () => void order.push("c"));
  await t.run();
  assert.deepEqual(order, ["c", "a"]);
  assert.deepEqual(logged, ["stop b: b broke"]);
  await t.run();
  assert.deepEqual(order, ["c", "a"], "a second run stops nothing twice");
});
