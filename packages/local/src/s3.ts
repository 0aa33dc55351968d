import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
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
  /** `http://127.0.0.1:<port>/_s3`: what the handlers' SDK calls and presigns against. */
  endpoint: string;
  buckets: Record<string, string>;
  /**
   * The same S3 under `/_s3/` on the site's own origin (server.ts mounts it), where presigned
   * links are opened from any machine that reaches the site (see startS3).
   */
  serveSameOrigin(req: IncomingMessage, res: ServerResponse): void;
  stop(): Promise<void>;
}

/** Largest body read to check its hash (invoice PDFs are tens of KB; S3's single PUT limit is 5 GB). */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** Every offline S3 path starts with this, on the S3 port and on the site's origin alike. */
const S3_PATH_PREFIX = "/_s3";

function xmlEscape(s: string) {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** S3's error document (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
function refuse(res: ServerResponse, err: { code: string; message: string; status: number }, resource: string) {
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
 *
 * Paths live under `/_s3/` (the endpoint carries the prefix, so the SDK signs it), and the same
 * handler answers `/_s3/…` on the site's origin. There the request's Host is whatever name the
 * browser used (`192.168.1.20:3000`), while the link was signed for the S3 port's, so it is
 * verified as addressed to the endpoint's host: everything else the signature covers (method,
 * path, query, expiry, signed headers) is still checked — a laxity docs/local-runtime.md names.
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

  const port = await freePort();
  const endpointHost = `127.0.0.1:${port}`;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    if (url !== S3_PATH_PREFIX && !url.startsWith(`${S3_PATH_PREFIX}/`) && !url.startsWith(`${S3_PATH_PREFIX}?`))
      return refuse(res, { status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist" }, url.split("?")[0]!);
    try {
      // S3 sends its payload hash in x-amz-content-sha256, so the body is not read here.
      await verifyIncoming(req, undefined, { service: "s3", credentials: opts.credentials });
    } catch (err) {
      if (err instanceof SigV4Error) return refuse(res, err, url.split("?")[0]!);
      throw err;
    }
    // Verified: let s3rver see its own key id (it checks nothing else), without the prefix.
    const inner = url.slice(S3_PATH_PREFIX.length) || "/";
    if (req.headers.authorization) {
      req.headers.authorization = req.headers.authorization.replace(`Credential=${accessKeyId}/`, `Credential=${S3RVER_KEY}/`);
      req.url = inner.startsWith("?") ? `/${inner}` : inner;
    } else {
      const swapped = inner.replace(`X-Amz-Credential=${encodeURIComponent(accessKeyId)}%2F`, `X-Amz-Credential=${S3RVER_KEY}%2F`);
      req.url = swapped.startsWith("?") ? `/${swapped}` : swapped;
    }
    // A header-signed request names its body's SHA-256 in x-amz-content-sha256 (signed): S3 checks
    // the body against it, so a body swapped in transit is refused, not stored. UNSIGNED-PAYLOAD
    // (presigned links) and STREAMING-* declare no hash of the whole body.
    const declared = req.headers["x-amz-content-sha256"];
    if (typeof declared === "string" && /^[0-9a-f]{64}$/.test(declared) && req.method !== "GET" && req.method !== "HEAD") {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_OBJECT_BYTES)
          return refuse(res, { status: 400, code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size" }, url.split("?")[0]!);
        chunks.push(chunk);
      }
      const body = Buffer.concat(chunks);
      if (createHash("sha256").update(body).digest("hex") !== declared)
        return refuse(
          res,
          { status: 400, code: "XAmzContentSHA256Mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed." },
          url.split("?")[0]!,
        );
      const replay = Object.assign(Readable.from(body.length ? [body] : []), {
        headers: req.headers,
        method: req.method,
        url: req.url,
        socket: req.socket,
        httpVersion: req.httpVersion,
        httpVersionMajor: req.httpVersionMajor,
        httpVersionMinor: req.httpVersionMinor,
      });
      return serveVerified(replay as unknown as IncomingMessage, res);
    }
    serveVerified(req, res);
  };

  const serve = (req: IncomingMessage, res: ServerResponse) =>
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/xml" });
      res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>');
    });
  const server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://${endpointHost}${S3_PATH_PREFIX}`,
    buckets: opts.buckets,
    serveSameOrigin(req, res) {
      req.headers.host = endpointHost;
      serve(req, res);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
