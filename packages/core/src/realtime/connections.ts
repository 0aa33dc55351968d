import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { useDynamo, tableName, type Item } from "../dynamo";
import type { Role } from "../actor";
import type { Channel } from "./channels";

/**
 * The connection store (table `Connections`, see dynamo/tables.ts). Connections are not
 * patient data: an item holds the connection id, the user id, role and doctor id, and times.
 */

/**
 * API Gateway closes a WebSocket after at most 2 hours, so an item older than that belongs to
 * a connection whose `$disconnect` was lost. A quarter of an hour of slack, then DynamoDB's
 * TTL (or, offline, the readers below) forget it.
 */
export const CONNECTION_TTL_SECONDS = 2 * 3600 + 15 * 60;

const CONNECTION_SK = "connection";
const subscriptionSk = (channel: Channel) => `sub#${channel}`;
/**
 * A user's connections, for closing them when the account is disabled or its password changes
 * (issue 18): one small item per connection under the hash key `user#<userId>`, beside the
 * connection's own items, so no index is needed (the table's key is `connectionId`, and no
 * connection id starts with `user#`). It carries no `channel`, so byChannel never sees it.
 */
const userKey = (userId: string) => `user#${userId}`;
const userSk = (connectionId: string) => `conn#${connectionId}`;

export interface Connection {
  connectionId: string;
  userId: string;
  role: Role;
  doctorId: string | null;
  /** Epoch milliseconds. */
  connectedAt: number;
  /** Epoch seconds (the table's TTL attribute). */
  expiresAt: number;
  /** Epoch seconds: when the access token it was opened (or last refreshed) with expires. */
  tokenExpiresAt: number;
}

export interface Subscription extends Connection {
  channel: Channel;
}

const table = () => tableName("Connections");
const nowSeconds = () => Math.floor(Date.now() / 1000);

function toConnection(item: Item): Connection {
  return {
    connectionId: item.connectionId,
    userId: item.userId,
    role: item.role,
    doctorId: item.doctorId ?? null,
    connectedAt: item.connectedAt,
    expiresAt: item.expiresAt,
    tokenExpiresAt: item.tokenExpiresAt,
  };
}

export async function putConnection(input: {
  connectionId: string;
  userId: string;
  role: Role;
  doctorId?: string | null;
  connectedAt?: number;
  tokenExpiresAt: number;
}): Promise<Connection> {
  const connectedAt = input.connectedAt ?? Date.now();
  const connection: Connection = {
    connectionId: input.connectionId,
    userId: input.userId,
    role: input.role,
    doctorId: input.doctorId ?? null,
    connectedAt,
    expiresAt: Math.floor(connectedAt / 1000) + CONNECTION_TTL_SECONDS,
    tokenExpiresAt: input.tokenExpiresAt,
  };
  // Independent items ($connect waits for both): written at once.
  await Promise.all([
    useDynamo().send(new PutCommand({ TableName: table(), Item: { ...connection, sk: CONNECTION_SK } })),
    useDynamo().send(
      new PutCommand({ TableName: table(), Item: { connectionId: userKey(connection.userId), sk: userSk(connection.connectionId), expiresAt: connection.expiresAt } }),
    ),
  ]);
  return connection;
}

/** The ids of a user's connections that are not past their TTL (some may have closed since). */
export async function listUserConnections(userId: string): Promise<string[]> {
  const items = await queryAll({
    KeyConditionExpression: "connectionId = :u",
    FilterExpression: "expiresAt > :now",
    ExpressionAttributeValues: { ":u": userKey(userId), ":now": nowSeconds() },
    ConsistentRead: true,
  });
  return items.map((item) => String(item.sk).slice(userSk("").length));
}

/** The live connection, or undefined when unknown or past its TTL (dynalite never expires items). */
export async function getConnection(connectionId: string): Promise<Connection | undefined> {
  const res = await useDynamo().send(new GetCommand({ TableName: table(), Key: { connectionId, sk: CONNECTION_SK }, ConsistentRead: true }));
  if (!res.Item || res.Item.expiresAt <= nowSeconds()) return undefined;
  return toConnection(res.Item);
}

/** The subscription copies the connection's role and doctor id, so a broadcast reads one index. */
export async function putSubscription(connection: Connection, channel: Channel): Promise<void> {
  await useDynamo().send(new PutCommand({ TableName: table(), Item: { ...connection, sk: subscriptionSk(channel), channel } }));
}

export async function deleteSubscription(connectionId: string, channel: Channel): Promise<void> {
  await useDynamo().send(new DeleteCommand({ TableName: table(), Key: { connectionId, sk: subscriptionSk(channel) } }));
}

/** A fresher access token: move `tokenExpiresAt` on the connection and every subscription. */
export async function refreshConnection(connectionId: string, tokenExpiresAt: number): Promise<void> {
  const res = await useDynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: "connectionId = :c",
      ExpressionAttributeValues: { ":c": connectionId },
      ProjectionExpression: "connectionId, sk",
      ConsistentRead: true,
    }),
  );
  await Promise.all(
    (res.Items ?? []).map((item) =>
      useDynamo()
        .send(
          new UpdateCommand({
            TableName: table(),
            Key: { connectionId, sk: item.sk },
            UpdateExpression: "SET tokenExpiresAt = :t",
            // Never resurrect an item $disconnect deleted meanwhile.
            ConditionExpression: "attribute_exists(connectionId)",
            ExpressionAttributeValues: { ":t": tokenExpiresAt },
          }),
        )
        .catch((err) => {
          if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
        }),
    ),
  );
}

/** Forget a connection: its own item and every subscription (one Query on the hash key). */
export async function removeConnection(connectionId: string): Promise<void> {
  const res = await useDynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: "connectionId = :c",
      ExpressionAttributeValues: { ":c": connectionId },
      ProjectionExpression: "connectionId, sk, userId",
      ConsistentRead: true,
    }),
  );
  const userId = res.Items?.find((item) => item.sk === CONNECTION_SK)?.userId;
  await Promise.all((res.Items ?? []).map((item) => useDynamo().send(new DeleteCommand({ TableName: table(), Key: { connectionId, sk: item.sk } }))));
  if (userId) await useDynamo().send(new DeleteCommand({ TableName: table(), Key: { connectionId: userKey(userId), sk: userSk(connectionId) } }));
}

/** Every live subscriber of a channel: a Query on the sparse `byChannel` index, page by page. */
export async function listSubscribers(channel: Channel): Promise<Subscription[]> {
  const items = await queryAll({
    IndexName: "byChannel",
    KeyConditionExpression: "channel = :ch",
    FilterExpression: "expiresAt > :now",
    ExpressionAttributeValues: { ":ch": channel, ":now": nowSeconds() },
  });
  return items.map((item) => ({ ...toConnection(item), channel }));
}

/** Every item a Query matches, page by page. */
async function queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], "TableName" | "ExclusiveStartKey">): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const res = await useDynamo().send(new QueryCommand({ ...input, TableName: table(), ExclusiveStartKey: start }));
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}
