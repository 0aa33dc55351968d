import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { decryptStream } from "./crypto";
import { writeEntriesTo } from "./container";
import { checkRestorable } from "./schema-version";
import type { Manifest, Summary } from "./snapshot";
import type { LocalCredentials } from "../sigv4";
import { controlSocketAlive } from "./control";

export interface RestoreOptions {
  file: string;
  dataDir: string;
  passphrase: string;
  /** Restore over a data dir that has data: it is moved aside to `<dataDir>.replaced-<time>`, never deleted. */
  force?: boolean;
  log?: (line: string) => void;
}

function isEmptyDir(dir: string) {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

async function* lines(file: string): AsyncGenerator<string> {
  if (!existsSync(file)) return;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) yield line;
}

/**
 * Restore an archive into a data dir (docs/self-hosting.md, "Restore"). Nothing is written to
 * the data dir until the whole archive has been decrypted and authenticated into a staging dir
 * beside it, and the stores have been rebuilt there; then the staging dir is renamed into place.
 * A wrong passphrase, a changed byte or a cut-short file therefore leaves the data dir untouched.
 */
export async function restoreArchive(opts: RestoreOptions): Promise<{ manifest: Manifest; summary: Summary; replaced?: string }> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  if (await controlSocketAlive(dataDir)) throw new Error(`a Carebeat runtime is running on ${dataDir}: stop it before restoring into it`);
  if (!isEmptyDir(dataDir) && !opts.force)
    throw new Error(`${dataDir} is not empty: restore into an empty or new data dir (CAREBEAT_DATA_DIR), or pass --force to move the present data aside first`);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const staging = mkdtempSync(`${dataDir}.restore-`);
  chmodSync(staging, 0o700);
  try {
    const entries = path.join(staging, "entries");
    mkdirSync(entries, { mode: 0o700 });
    const sink = writeEntriesTo(entries);
    await pipeline(createReadStream(opts.file), decryptStream(opts.passphrase), createGunzip(), sink);
    await sink.names;
    const manifest = JSON.parse(readFileSync(path.join(entries, "manifest.json"), "utf8")) as Manifest;
    if (manifest.format !== 1) throw new Error(`unknown archive format ${manifest.format}`);
    checkRestorable(manifest.schema);
    const summary = JSON.parse(readFileSync(path.join(entries, "summary.json"), "utf8")) as Summary;
    log(`archive of ${manifest.createdAt} (release ${manifest.release}, stage ${manifest.stage}, ${manifest.schema.postgresMigrations} migrations): authenticated`);

    const data = path.join(staging, "data");
    mkdirSync(data, { mode: 0o700 });
    // Keys first: the stores below are opened with them.
    const keysDir = path.join(entries, "keys");
    const copyTree = (from: string, to: string) => {
      if (!existsSync(from)) return;
      for (const e of readdirSync(from, { withFileTypes: true })) {
        const a = path.join(from, e.name);
        const b = path.join(to, e.name);
        if (e.isDirectory()) {
          mkdirSync(b, { recursive: true, mode: 0o700 });
          copyTree(a, b);
        } else {
          copyFileSync(a, b);
          chmodSync(b, 0o600);
        }
      }
    };
    copyTree(keysDir, data);
    mkdirSync(path.join(data, "stepfunctions"), { mode: 0o700 });
    copyTree(path.join(entries, "stepfunctions"), path.join(data, "stepfunctions"));
    const credentials = JSON.parse(readFileSync(path.join(data, "local-credentials.json"), "utf8")) as LocalCredentials;

    if (manifest.postgres === "pglite") {
      const { PGlite } = await import("@electric-sql/pglite");
      const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
      const dump = readFileSync(path.join(entries, "postgres", "pgdata.tar.gz"));
      const db = await PGlite.create({ dataDir: path.join(data, "pglite"), loadDataDir: new Blob([dump]), extensions: { btree_gist } });
      // PostgreSQL recovers the copied instant here (to its last committed transaction).
      await db.query("select 1");
      await db.close();
      log(`postgres: ${(dump.length / 1e6).toFixed(1)} MB restored`);
    } else {
      log("postgres: the archive has no database (it was a PostgreSQL server's: restore that with its own tools, e.g. pg_restore)");
    }

    const { startDynamo } = await import("../dynamo");
    const dynamo = await startDynamo({ path: path.join(data, "dynamodb"), prefix: `carebeat-${manifest.stage}`, credentials });
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials });
    try {
      for (const logical of Object.keys(manifest.tables)) {
        const table = dynamo.tableNames[logical];
        if (!table) {
          log(`dynamodb: the archive's table ${logical} is not in this release; its items are not restored`);
          continue;
        }
        let n = 0;
        let batch: WriteRequest[] = [];
        const flush = async () => {
          let pending: WriteRequest[] | undefined = batch;
          batch = [];
          for (let attempt = 0; pending?.length; attempt++) {
            if (attempt > 8) throw new Error(`dynamodb ${logical}: writes left unprocessed`);
            const res: import("@aws-sdk/client-dynamodb").BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
            pending = res.UnprocessedItems?.[table];
          }
        };
        for await (const line of lines(path.join(entries, "dynamodb", `${logical}.ndjson`))) {
          batch.push({ PutRequest: { Item: JSON.parse(line) } });
          n++;
          if (batch.length === 25) await flush();
        }
        await flush();
        log(`dynamodb ${logical}: ${n} items`);
      }
    } finally {
      client.destroy();
      await dynamo.stop();
    }

    const { startS3 } = await import("../s3");
    const s3 = await startS3({ directory: path.join(data, "s3"), buckets: manifest.buckets, credentials });
    const s3c = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials });
    try {
      for (const [logical, bucket] of Object.entries(manifest.buckets)) {
        let n = 0;
        for await (const line of lines(path.join(entries, "s3", `${logical}.index.ndjson`))) {
          const o = JSON.parse(line) as { key: string; entry: string; contentType?: string; metadata?: Record<string, string> };
          const body = readFileSync(path.join(entries, o.entry));
          await s3c.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: body, ContentType: o.contentType, Metadata: o.metadata }));
          n++;
        }
        log(`s3 ${logical}: ${n} objects`);
      }
    } finally {
      s3c.destroy();
      await s3.stop();
    }

    let replaced: string | undefined;
    if (existsSync(dataDir)) {
      if (!isEmptyDir(dataDir)) {
        replaced = `${dataDir}.replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`;
        renameSync(dataDir, replaced);
        log(`the data that was in ${dataDir} is now in ${replaced}`);
      } else rmSync(dataDir, { recursive: true });
    }
    renameSync(data, dataDir);
    chmodSync(dataDir, 0o700);
    return { manifest, summary, replaced };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
