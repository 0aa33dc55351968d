import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { freePort } from "./ports";
import { SigV4Error, type LocalCredentials } from "./sigv4";
import { verifyIncoming } from "./signed-front";

const require = createRequire(import.meta.url);
interface S3rverApp {
  configureBuckets(): Promise<unknown>;
  /** Koa's request listener: s3rver serves requests handed to it without listening anywhere. */
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
const S3rver = require("s3rver") as new (opts: Record<string, unknown>) => S3rverApp;

/** The one key pair s3rver knows; it never leaves this process (see startS3). */
const S3RVER_KEY = "S3RVER";

export interface RunningS3 {
  endpoint: string;
  buckets: Record<string, string>;
  stop(): Promise<void>;
}

function xmlEscape(s: string) {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** S3's error document (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
function refuse(res: ServerResponse, err: SigV4Error, resource: string) {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${err.code}</Code><Message>${xmlEscape(err.message)}</Message>` +
    `<Resource>${xmlEscape(resource)}</Resource><RequestId>local</RequestId></Error>`;
  res.writeHead(err.status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The offline S3 (docs/local-runtime.md, "What each stand-in checks"). s3rver stores the
 * objects but verifies no SigV4 signature and serves unsigned requests, so it does not listen
 * on any port: our front owns the port, verifies every request's SigV4 (header-signed or
 * presigned, expiry, method, path, query, signed headers) against the runtime's generated
 * credentials, and only then hands the request to s3rver in-process — with the key id swapped
 * for the one s3rver knows, so it still treats the request as signed (response-header
 * overrides on presigned GETs need that).
 */
export async function startS3(opts: { directory: string; buckets: Record<string, string>; credentials: LocalCredentials }): Promise<RunningS3> {
  mkdirSync(opts.directory, { recursive: true });
  const store = new S3rver({
    directory: opts.directory,
    silent: true,
    configureBuckets: Object.values(opts.buckets).map((name) => ({ name })),
  });
  await store.configureBuckets();
  const serveVerified = store.callback();
  const { accessKeyId } = opts.credentials;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    try {
      // S3 sends its payload hash in x-amz-content-sha256, so the body is not read here.
      await verifyIncoming(req, undefined, { service: "s3", credentials: opts.credentials });
    } catch (err) {
      if (err instanceof SigV4Error) return refuse(res, err, url.split("?")[0]!);
      throw err;
    }
    // Verified: let s3rver see its own key id (it checks nothing else).
    if (req.headers.authorization) req.headers.authorization = req.headers.authorization.replace(`Credential=${accessKeyId}/`, `Credential=${S3RVER_KEY}/`);
    else req.url = url.replace(`X-Amz-Credential=${encodeURIComponent(accessKeyId)}%2F`, `X-Amz-Credential=${S3RVER_KEY}%2F`);
    serveVerified(req, res);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/xml" });
      res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    buckets: opts.buckets,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
