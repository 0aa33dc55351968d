/**
 * The event an MSK event source mapping hands a Lambda function, built and read in one
 * place so the offline delivery paths produce exactly what AWS sends:
 * `records["<topic>-<partition>"]`, base64 key and value, header values as byte arrays,
 * millisecond CREATE_TIME timestamps.
 */
interface MskRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: "CREATE_TIME" | "LOG_APPEND_TIME";
  key: string;
  value: string;
  headers: Record<string, number[]>[];
}

export interface MskEvent {
  eventSource: "aws:kafka";
  eventSourceArn: string;
  bootstrapServers: string;
  records: Record<string, MskRecord[]>;
}

/** A record as a producer or the local log sees it, before base64. */
export interface LogRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | Buffer;
  value: string | Buffer;
  headers: Record<string, string | Buffer>;
}

const b64 = (v: string | Buffer) => (typeof v === "string" ? Buffer.from(v, "utf8") : v).toString("base64");

export function toMskEvent(records: LogRecord[], source: { eventSourceArn: string; bootstrapServers: string }): MskEvent {
  const grouped: Record<string, MskRecord[]> = {};
  for (const r of records) {
    const slot = (grouped[`${r.topic}-${r.partition}`] ??= []);
    slot.push({
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      timestamp: r.timestamp,
      timestampType: "CREATE_TIME",
      key: b64(r.key),
      value: b64(r.value),
      headers: Object.entries(r.headers).map(([name, v]) => ({ [name]: [...(typeof v === "string" ? Buffer.from(v, "utf8") : v)] })),
    });
  }
  return { eventSource: "aws:kafka", eventSourceArn: source.eventSourceArn, bootstrapServers: source.bootstrapServers, records: grouped };
}

export interface DecodedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string;
  /** The envelope JSON (parsed), or the raw text when it is not JSON. */
  value: unknown;
  headers: Record<string, string>;
}

/**
 * A header value (bytes) as text. The relay's headers (ids, types, versions) are ASCII: those are
 * read without a Buffer, which was the largest cost of decoding a batch (issue 19.3); anything
 * else, or anything long, goes through UTF-8 as before.
 */
function headerText(bytes: number[]): string {
  if (bytes.length > 1024) return Buffer.from(bytes).toString("utf8");
  for (let i = 0; i < bytes.length; i++) if (!(bytes[i]! <= 0x7f)) return Buffer.from(bytes).toString("utf8");
  return String.fromCharCode.apply(null, bytes);
}

/** Every record of an MSK event, in partition-then-offset order as delivered. */
export function fromMskEvent(event: MskEvent): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  for (const list of Object.values(event.records ?? {})) {
    for (const r of list) {
      const text = Buffer.from(r.value ?? "", "base64").toString("utf8");
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {}
      const headers: Record<string, string> = {};
      for (const h of r.headers ?? []) for (const name in h) headers[name] = headerText(h[name]!);
      out.push({
        topic: r.topic,
        partition: r.partition,
        offset: Number(r.offset),
        timestamp: r.timestamp,
        key: Buffer.from(r.key ?? "", "base64").toString("utf8"),
        value,
        headers,
      });
    }
  }
  return out;
}

/** The `correlation-id` headers the relay put on the records: the requests behind this batch (docs/observability.md). */
export function correlationIds(event: { records?: Record<string, { headers?: Record<string, number[]>[] }[]> }): string[] {
  const ids = new Set<string>();
  for (const list of Object.values(event?.records ?? {}))
    for (const r of list) for (const h of r.headers ?? []) if (h["correlation-id"]) ids.add(Buffer.from(h["correlation-id"]).toString("utf8"));
  return [...ids];
}
