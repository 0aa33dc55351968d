import { sql } from "drizzle-orm";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { links } from "../util/links";
import { useDb } from "../drizzle";
import { useDynamo, tableName } from "../dynamo";
import { useS3 } from "../s3";

export interface CheckResult {
  status: "ok" | "down";
  latencyMs: number;
  error?: string;
}

async function timed(check: () => Promise<unknown>, timeoutMs = 3000): Promise<CheckResult> {
  const start = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), timeoutMs)))]);
    return { status: "ok", latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    // Only the error class goes out: messages can carry hostnames or credentials.
    return { status: "down", latencyMs: Math.round(performance.now() - start), error: err instanceof Error ? err.name : "error" };
  } finally {
    clearTimeout(timer);
  }
}

/** Probe each dependency with the cheapest call its IAM link already allows. */
export async function checkDependencies() {
  const [postgres, dynamodb, s3] = await Promise.all([
    timed(() => useDb().execute(sql`select 1`)),
    timed(() => useDynamo().send(new GetCommand({ TableName: tableName("Patients"), Key: { id: "__health__" } }))),
    timed(() => useS3().send(new HeadBucketCommand({ Bucket: links.Invoices.name }))),
  ]);
  const checks = { postgres, dynamodb, s3 };
  const ok = Object.values(checks).every((c) => c.status === "ok");
  return { status: ok ? ("ok" as const) : ("degraded" as const), checks };
}
