import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { useDynamo, tableName } from "../dynamo";
import type { Channel } from "./channels";

/**
 * Broadcast pacing (docs/realtime.md, "Fan-out budget"; docs/capacity.md, limit #1).
 *
 * Every PostToConnection counts against API Gateway's account-wide 10,000 requests/s, which the
 * HTTP API shares. Unpaced, a channel costs subscribers × batches per second: 5,000 dashboards ×
 * 6 partitions' batches is 30,000/s. Paced, a channel spends at most its budget: consecutive
 * broadcasts of a channel start at least `subscribers / budget` seconds apart, across every
 * container, coordinated by one conditional write on a per-channel item.
 *
 * Two kinds of message:
 * - `latest`: the message is read when it is sent and supersedes every earlier one (the analytics
 *   snapshot is cumulative). A caller whose committed change a later broadcast will read returns
 *   without sending: that broadcast carries it. Nothing is lost and nothing is sent twice.
 * - `every`: the caller's own message must go out (invoice status changes). It waits its turn.
 */
export type PacingMode = "latest" | "every";

/** PostToConnection calls per second one channel may spend (CAREBEAT_PUSH_BUDGET overrides). */
const DEFAULT_PUSH_BUDGET = 2_000;

/** Below this interval pacing costs more (two DynamoDB calls) than it saves: send at once. */
export const MIN_PACED_INTERVAL_MS = 50;

/** An `every` message waits at most this long for a slot, then goes out anyway (logged by the caller). */
const MAX_WAIT_MS = 20_000;

export function pushBudget(): number {
  const v = Number(process.env.CAREBEAT_PUSH_BUDGET);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_PUSH_BUDGET;
}

/** Milliseconds between two broadcasts of a channel with this many subscribers; 0 = unpaced. */
export function pacingInterval(subscribers: number, budget = pushBudget()): number {
  const ms = Math.ceil((subscribers * 1000) / budget);
  return ms < MIN_PACED_INTERVAL_MS ? 0 : ms;
}

const table = () => tableName("Connections");
// No `channel` attribute: the item stays out of the byChannel index that broadcasts read.
const key = (channel: Channel) => ({ connectionId: `pace#${channel}`, sk: "pace" });

interface Slot {
  seq: number;
  at: number;
}

/** Take the channel's slot if the last one started at least `intervalMs` ago. */
async function claim(channel: Channel, intervalMs: number): Promise<boolean> {
  const now = Date.now();
  try {
    await useDynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: key(channel),
        UpdateExpression: "SET #at = :now ADD #seq :one",
        ConditionExpression: "attribute_not_exists(#at) OR #at <= :due",
        ExpressionAttributeNames: { "#at": "at", "#seq": "seq" },
        ExpressionAttributeValues: { ":now": now, ":due": now - intervalMs, ":one": 1 },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") return false;
    throw err;
  }
}

async function current(channel: Channel): Promise<Slot> {
  const res = await useDynamo().send(new GetCommand({ TableName: table(), Key: key(channel), ConsistentRead: true }));
  return { seq: Number(res.Item?.seq ?? 0), at: Number(res.Item?.at ?? 0) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type PacedResult<T> = { outcome: "sent"; value: T; waitedMs: number } | { outcome: "covered"; waitedMs: number };

/**
 * Run `send` in the channel's next slot. Call it after the change the message reports has
 * committed. In `latest` mode the answer may be "covered": a broadcast whose slot was taken
 * after this call began (so after the commit) reads the change when it builds its message.
 */
export async function paced<T>(channel: Channel, intervalMs: number, mode: PacingMode, send: () => Promise<T>): Promise<PacedResult<T>> {
  const started = Date.now();
  // The newest slot that may have been taken before our change committed; any later slot's
  // broadcast reads its message after our commit.
  let before: number | undefined;
  for (;;) {
    if (await claim(channel, intervalMs)) return { outcome: "sent", value: await send(), waitedMs: Date.now() - started };
    const slot = await current(channel);
    if (mode === "latest") {
      if (before === undefined) before = slot.seq;
      else if (slot.seq > before) return { outcome: "covered", waitedMs: Date.now() - started };
    }
    const waited = Date.now() - started;
    if (mode === "every" && waited >= MAX_WAIT_MS) return { outcome: "sent", value: await send(), waitedMs: waited };
    // Until the slot frees, plus jitter so waiting containers don't all retry in the same millisecond.
    await sleep(Math.max(0, slot.at + intervalMs - Date.now()) + Math.random() * Math.min(intervalMs / 4, 250));
  }
}
