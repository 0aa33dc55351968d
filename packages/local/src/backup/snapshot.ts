import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import postgres from "postgres";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { S3Client, ListObjectsV2Command, GetObjectCommand } from "@aws-sdk/client-s3";
import type { RunningPostgres } from "../postgres";
import type { LocalCredentials } from "../sigv4";
import { encodeEntries, type Entry } from "./container";
import { releaseSchema, tagOf, type SchemaVersion } from "./schema-version";

/** What a backup reads from: the running stack's stores (stack.ts hands these over). */
export interface BackupSources {
  dataDir: string;
  stage: string;
  postgres: RunningPostgres;
  dynamo: { endpoint: string; tableNames: Record<string, string> };
  s3: { endpoint: string; buckets: Record<string, string> };
  credentials: LocalCredentials;
}

export interface Manifest {
  format: 1;
  createdAt: string;
  release: string;
  stage: string;
  schema: SchemaVersion;
  postgres: "pglite" | "server";
  tables: Record<string, string>;
  buckets: Record<string, string>;
}

export interface Summary {
  counts: Record<string, number>;
  bytes: Record<string, number>;
  finishedAt: string;
}

/** The secrets the data cannot be read or served without (credentials.ts, stack.ts, tls.ts). */
const KEY_FILES = ["jwt-signing-key.json", "mfa-key", "local-credentials.json", "postgres-password", "tls/cert.pem", "tls/key.pem"];

function* filesUnder(root: string, rel = ""): Generator<string> {
  const dir = path.join(root, rel);
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* filesUnder(root, r);
    else if (e.isFile()) yield r;
  }
}

/** How many PostgreSQL migrations the data has (0 before the first start). */
export async function appliedMigrations(link: RunningPostgres["link"]): Promise<number> {
  const sql = postgres({ host: link.host, port: link.port, user: link.username, password: link.password, database: link.database, max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return row?.n ?? 0;
  } catch {
    return 0;
  } finally {
    await sql.end();
  }
}

async function dataSchema(pg: RunningPostgres): Promise<SchemaVersion> {
  const applied = await appliedMigrations(pg.link);
  return { release: releaseSchema().release, postgresMigrations: applied, postgresTag: tagOf(applied) };
}

/**
 * Every store as archive entries, in an order that makes the copy consistent while the system
 * serves (docs/self-hosting.md, "How a backup is consistent"): each store is copied at its own
 * instant, and a store copied later only ever holds *more* of what an earlier one refers to.
 *
 * 1. Keys (they do not change while running).
 * 2. Step Functions executions (append-only files): every execution refers to an appointment
 *    committed before it started, so the database copied next holds it. An execution copied
 *    behind the database re-runs its current state on restore; the tasks are idempotent.
 * 3. PostgreSQL (PGlite's dump, one instant between two queries): bookings, invoices, audit,
 *    outbox, mail. A booking committed after this instant is not in the archive.
 * 4. DynamoDB (consistent scans): patients are created before anything refers to them, so every
 *    patient the copied database refers to is here. The patient directory in PostgreSQL is
 *    rebuilt from this at start (stack.ts), so patients added between 3 and 4 are complete too.
 * 5. S3 (list, then get): a PDF is stored before the invoice row that names it is committed, so
 *    every PDF the copied database names is here.
 */
export async function* snapshotEntries(src: BackupSources, stats: Summary = { counts: {}, bytes: {}, finishedAt: "" }): AsyncGenerator<Entry> {
  const count = (k: string, n = 1, bytes = 0) => {
    stats.counts[k] = (stats.counts[k] ?? 0) + n;
    stats.bytes[k] = (stats.bytes[k] ?? 0) + bytes;
  };
  const manifest: Manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    release: releaseSchema().release,
    stage: src.stage,
    schema: await dataSchema(src.postgres),
    postgres: src.postgres.kind,
    tables: src.dynamo.tableNames,
    buckets: src.s3.buckets,
  };
  yield { name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2)) };

  for (const f of KEY_FILES) {
    const file = path.join(src.dataDir, f);
    if (!existsSync(file)) continue;
    const data = readFileSync(file);
    count("keys", 1, data.length);
    yield { name: `keys/${f}`, data };
  }

  for (const f of filesUnder(path.join(src.dataDir, "stepfunctions"))) {
    const file = path.join(src.dataDir, "stepfunctions", f);
    // A line being appended right now may be cut: the store ignores a torn last line on load.
    const data = readFileSync(file);
    count("stepfunctions", 1, data.length);
    yield { name: `stepfunctions/${f}`, data };
  }

  if (src.postgres.kind === "pglite") {
    if (!src.postgres.dump) throw new Error("this PGlite cannot be dumped");
    const dump = Buffer.from(await src.postgres.dump());
    count("postgres", 1, dump.length);
    yield { name: "postgres/pgdata.tar.gz", data: dump };
  }

  const dynamo = new DynamoDBClient({ endpoint: src.dynamo.endpoint, region: "us-east-1", credentials: src.credentials });
  try {
    for (const [logical, table] of Object.entries(src.dynamo.tableNames)) {
      yield {
        name: `dynamodb/${logical}.ndjson`,
        data: (async function* () {
          let start: Record<string, any> | undefined;
          do {
            const page = await dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
            const lines = (page.Items ?? []).map((i) => JSON.stringify(i) + "\n").join("");
            count(`dynamodb.${logical}`, page.Items?.length ?? 0, lines.length);
            if (lines) yield Buffer.from(lines);
            start = page.LastEvaluatedKey;
          } while (start);
        })(),
      };
    }
  } finally {
    dynamo.destroy();
  }

  const s3 = new S3Client({ endpoint: src.s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: src.credentials });
  try {
    for (const [logical, bucket] of Object.entries(src.s3.buckets)) {
      const index: { key: string; entry: string; contentType?: string; metadata?: Record<string, string> }[] = [];
      let token: string | undefined;
      let n = 0;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const o of page.Contents ?? []) {
          const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! })).catch((err: Error) => {
            if (err.name === "NoSuchKey") return undefined; // deleted since the listing
            throw err;
          });
          if (!got) continue;
          const body = Buffer.from(await got.Body!.transformToByteArray());
          const entry = `s3/${logical}/${String(n++).padStart(8, "0")}`;
          index.push({ key: o.Key!, entry, contentType: got.ContentType, metadata: got.Metadata });
          count(`s3.${logical}`, 1, body.length);
          yield { name: entry, data: body };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      yield { name: `s3/${logical}.index.ndjson`, data: Buffer.from(index.map((i) => JSON.stringify(i) + "\n").join("")) };
    }
  } finally {
    s3.destroy();
  }

  stats.finishedAt = new Date().toISOString();
  yield { name: "summary.json", data: Buffer.from(JSON.stringify(stats, null, 2)) };
}

/** The archive's plaintext records: what the control socket sends; archive.ts compresses and encrypts. */
export function snapshotStream(src: BackupSources): Readable {
  return Readable.from(encodeEntries(snapshotEntries(src)));
}
