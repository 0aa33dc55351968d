/** Topics and partitions created on deploy (MSK Serverless does not auto-create topics). */
export const TOPICS = ["appointment-events", "invoice-events"] as const;
export const PARTITIONS = 6;

/**
 * Invoked by `aws.lambda.Invocation` on each deploy (stacks/events.ts). Idempotent: existing
 * topics are left as they are (KafkaJS `createTopics` answers false for them), so redeploys
 * never touch data. Replication is MSK Serverless's own (3, fixed).
 */
export async function handler(event: { topics?: string[] } = {}) {
  const topics = event.topics?.length ? event.topics : [...TOPICS];
  // KafkaJS is the whole of this function's work: imported when invoked (once per deploy), so the
  // init is the entry alone (docs/capacity.md, issue 19.1).
  const { createKafka } = await import("@carebeat/core/events/kafka");
  const admin = (await createKafka("carebeat-topics")).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length) await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    return { created: missing, existing: topics.filter((t) => existing.has(t)) };
  } finally {
    await admin.disconnect();
  }
}
