import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";

/**
 * Counts the AWS API requests this process sends, by service and operation, as AWS would bill
 * them: every SDK client (DynamoDB, S3, Step Functions, SES, the WebSocket management API) signs
 * with SigV4, and the signature's credential scope names the service. Read from Node's own
 * `http.client.request.start` diagnostics channel, so nothing in the code under measurement
 * changes. Offline the stand-ins answer on 127.0.0.1; in AWS the same handlers make the same calls.
 */
export interface AwsRequestCounter {
  /** "dynamodb PutItem" → count. */
  readonly counts: Map<string, number>;
  /** Bytes of request bodies by the same key, where the client sent a content-length. */
  readonly bytes: Map<string, number>;
  reset(): void;
  stop(): void;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

function operationOf(service: string, req: ClientRequest): string {
  const target = req.getHeader("x-amz-target");
  if (typeof target === "string") return target.slice(target.lastIndexOf(".") + 1);
  const path = req.path.split("?")[0] ?? "";
  if (service === "s3") {
    const query = req.path.includes("?") ? req.path.slice(req.path.indexOf("?") + 1) : "";
    if (req.method === "PUT") return query.includes("partNumber=") ? "UploadPart" : "PutObject";
    if (req.method === "GET") return path.split("/").filter(Boolean).length <= 1 ? "ListObjects" : "GetObject";
    return req.method === "HEAD" ? "HeadObject" : `${req.method}Object`;
  }
  if (service === "ses" && path.endsWith("/outbound-emails")) return "SendEmail";
  if (service === "execute-api" && path.includes("/@connections/")) return req.method === "POST" ? "PostToConnection" : `${req.method}Connection`;
  if (service === "lambda" && path.includes("/invocations")) return "Invoke";
  return `${req.method} ${path}`;
}

export function countAwsRequests(): AwsRequestCounter {
  const counts = new Map<string, number>();
  const bytes = new Map<string, number>();
  const onStart = (message: unknown) => {
    const req = (message as { request: ClientRequest }).request;
    const auth = req.getHeader("authorization");
    const service = typeof auth === "string" ? SCOPE.exec(auth)?.[1] : undefined;
    if (!service) return;
    const key = `${service} ${operationOf(service, req)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const length = Number(req.getHeader("content-length") ?? 0);
    if (length > 0) bytes.set(key, (bytes.get(key) ?? 0) + length);
  };
  subscribe("http.client.request.start", onStart);
  return {
    counts,
    bytes,
    reset() {
      counts.clear();
      bytes.clear();
    },
    stop: () => void unsubscribe("http.client.request.start", onStart),
  };
}
