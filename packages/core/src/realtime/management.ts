import { ApiGatewayManagementApiClient, PostToConnectionCommand, DeleteConnectionCommand, GoneException } from "@aws-sdk/client-apigatewaymanagementapi";
import { links } from "../util/links";

let client: ApiGatewayManagementApiClient | undefined;

/**
 * One management client per process (a Lambda container reuses it across invocations).
 * The endpoint is the stage's `https://…/stage` in AWS and the local gateway's `@connections`
 * server offline: both come from the `Realtime` link, so no endpoint variable is needed.
 */
function useManagement(): ApiGatewayManagementApiClient {
  client ??= new ApiGatewayManagementApiClient({
    endpoint: links.Realtime.managementEndpoint,
  });
  return client;
}

function isGone(err: unknown): boolean {
  return (
    err instanceof GoneException || (err as { name?: string })?.name === "GoneException" || (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 410
  );
}

/** `"sent"`, or `"gone"` when API Gateway no longer knows the connection (410). */
export async function postToConnection(connectionId: string, data: string | Uint8Array): Promise<"sent" | "gone"> {
  try {
    await useManagement().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: typeof data === "string" ? new TextEncoder().encode(data) : data }));
    return "sent";
  } catch (err) {
    if (isGone(err)) return "gone";
    throw err;
  }
}

/** Close a connection from the server side; already gone is fine. */
export async function closeConnection(connectionId: string): Promise<void> {
  try {
    await useManagement().send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}
