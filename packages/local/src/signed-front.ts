import { Readable } from "node:stream";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SigV4Error, verifySigV4, type LocalCredentials } from "./sigv4";

/** What the AWS JSON services answer a request they cannot authenticate. */
export const JSON_REFUSALS: Record<SigV4Error["code"], [string, string]> = {
  AccessDenied: ["MissingAuthenticationTokenException", "Missing Authentication Token"],
  InvalidAccessKeyId: ["UnrecognizedClientException", "The security token included in the request is invalid."],
  SignatureDoesNotMatch: ["InvalidSignatureException", "The request signature we calculated does not match the signature you provided."],
  RequestTimeTooSkewed: ["InvalidSignatureException", "Signature expired."],
  AuthorizationQueryParametersError: ["IncompleteSignatureException", "The request signature is malformed."],
};

/** Verify a Node request (body already read) for `service`; throws SigV4Error as AWS would refuse it. */
export function verifyIncoming(req: IncomingMessage, body: Uint8Array | undefined, opts: { service: string; credentials: LocalCredentials; region?: string }) {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(",") : v;
  return verifySigV4(
    { method: req.method ?? "POST", host: req.headers.host ?? "", rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? "" : url.slice(q + 1), headers, body },
    { service: opts.service, region: opts.region ?? "us-east-1", credentials: opts.credentials },
  );
}

/**
 * A request listener that lets through only requests SigV4-signed with `credentials` for
 * `service`, for a stand-in whose own listener checks nothing (dynalite). The body is read
 * first (the signature covers it), then replayed to `inner` as a fresh stream carrying the
 * same method, url and headers, so the stand-in never listens on a port of its own.
 */
export function signedOnly(
  inner: (req: IncomingMessage, res: ServerResponse) => void,
  opts: { service: string; credentials: LocalCredentials; region?: string; maxBytes: number; refusalStatus: number },
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= opts.maxBytes) chunks.push(c);
    });
    req.on("end", () => {
      if (size > opts.maxBytes) {
        res.writeHead(413, { "content-length": "0" }).end();
        return;
      }
      const body = Buffer.concat(chunks);
      verifyIncoming(req, body, opts).then(
        () => {
          const replay = Object.assign(Readable.from(body.length ? [body] : []), { headers: req.headers, method: req.method, url: req.url, socket: req.socket });
          inner(replay as unknown as IncomingMessage, res);
        },
        (err) => {
          const [type, message] = err instanceof SigV4Error ? JSON_REFUSALS[err.code] : ["InternalFailure", "internal error"];
          const json = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
          res.writeHead(err instanceof SigV4Error ? opts.refusalStatus : 500, {
            "content-type": "application/x-amz-json-1.0",
            "x-amzn-errortype": type,
            "content-length": Buffer.byteLength(json),
          });
          res.end(json);
        },
      );
    });
  };
}
