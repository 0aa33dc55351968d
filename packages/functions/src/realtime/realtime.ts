import { lazy } from "@carebeat/core/util/lazy";

/**
 * The realtime domain (the token check with jose and the user table, the DynamoDB connection
 * table, the management API client, zod for client messages), imported on a container's first
 * WebSocket event rather than at init, once (docs/capacity.md, issue 19.1).
 */
export const realtime = lazy(() => import("@carebeat/core/realtime").then((m) => m.Realtime));
