import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { freePort } from "./ports";

const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as new (opts: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };

export interface RunningS3 {
  endpoint: string;
  buckets: Record<string, string>;
  stop(): Promise<void>;
}

/** s3rver keeps objects as files under `directory`; buckets are created on start. */
export async function startS3(opts: { directory: string; buckets: Record<string, string> }): Promise<RunningS3> {
  mkdirSync(opts.directory, { recursive: true });
  const port = await freePort();
  const server = new S3rver({
    port,
    address: "127.0.0.1",
    directory: opts.directory,
    silent: true,
    configureBuckets: Object.values(opts.buckets).map((name) => ({ name })),
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, buckets: opts.buckets, stop: () => server.close() };
}
