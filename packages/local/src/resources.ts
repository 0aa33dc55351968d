import type { DatabaseLink } from "@carebeat/core/drizzle";

export interface LocalResources {
  app: { name: string; stage: string };
  database: DatabaseLink;
  jwtSigningKey: string;
  /** AES-256-GCM key (hex) for TOTP secrets (`Resource.MfaKey.value`). */
  mfaKey: string;
  tables: Record<string, string>;
  buckets: Record<string, string>;
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** The runtime's generated key pair (credentials.ts); the strict stand-ins accept no other. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The local WebSocket gateway (`Resource.Realtime`, as `sst.aws.ApiGatewayWebSocket` links it). */
  realtime?: { url: string; managementEndpoint: string };
  /** The local Step Functions endpoint (packages/local/src/stepfunctions), if started. */
  sfnEndpoint?: string;
  /** Linked state machines: logical name → ARN, read as `Resource.<Name>.arn`. */
  stateMachines?: Record<string, string>;
  /** The local SES v2 endpoint (packages/local/src/ses), if started. */
  sesEndpoint?: string;
}

/**
 * Publish the stand-ins the way SST publishes linked resources, so `Resource.X` reads
 * the same in both homes. AWS SDK endpoints use the SDK's own per-service variables.
 * Must run before anything first touches `Resource` (it loads once per process).
 */
export function publishResources(r: LocalResources, env: NodeJS.ProcessEnv = process.env) {
  const set = (name: string, value: unknown) => (env[`SST_RESOURCE_${name}`] = JSON.stringify(value));
  set("App", r.app);
  set("Database", { ...r.database, type: "sst.aws.Postgres" });
  set("JwtSigningKey", { type: "sst.sst.Secret", value: r.jwtSigningKey });
  set("MfaKey", { type: "sst.sst.Secret", value: r.mfaKey });
  for (const [logical, name] of Object.entries(r.tables)) set(logical, { type: "sst.aws.Dynamo", name });
  for (const [logical, name] of Object.entries(r.buckets)) set(logical, { type: "sst.aws.Bucket", name });
  if (r.realtime) set("Realtime", { type: "sst.aws.ApiGatewayWebSocket", ...r.realtime });
  env.AWS_ENDPOINT_URL_DYNAMODB = r.dynamoEndpoint;
  env.AWS_ENDPOINT_URL_S3 = r.s3Endpoint;
  // Presigned links become root-relative, opened under /_s3/ on the site's origin (invoice/store.ts).
  env.CAREBEAT_S3_LINKS = "same-origin";
  for (const [logical, arn] of Object.entries(r.stateMachines ?? {})) set(logical, { type: "sst.sst.Linkable", arn });
  if (r.sfnEndpoint) env.AWS_ENDPOINT_URL_SFN = r.sfnEndpoint;
  if (r.sesEndpoint) env.AWS_ENDPOINT_URL_SESV2 = r.sesEndpoint;
  // Links in mail point at the site: `npm start`'s own address unless the operator names the one
  // patients reach (HOST=0.0.0.0 behind a name: docs/mail.md). Never taken from a request's Host.
  env.CAREBEAT_SITE_URL ??= `http://localhost:${env.PORT ?? 3000}`;
  env.AWS_REGION = "us-east-1";
  // The runtime's own generated pair. Set unconditionally so a developer's real AWS credentials
  // are never sent anywhere: every endpoint here is local.
  env.AWS_ACCESS_KEY_ID = r.credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = r.credentials.secretAccessKey;
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
}
