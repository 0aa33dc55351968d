import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/**
 * SigV4 verification for the local stand-ins (docs/local-runtime.md, "What each stand-in
 * checks"). We do not hand-roll SigV4: the request is rebuilt from what it says it signed and
 * signed again with the SDK's own signer (@smithy/signature-v4, the code every AWS SDK call
 * here signs with), then the two signatures are compared in constant time. One verifier for
 * every local endpoint; S3 is the first to use it.
 */

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What AWS answers a request it refuses; the stand-in renders it in its own protocol (S3: XML). */
export class SigV4Error extends Error {
  constructor(
    readonly code: "AccessDenied" | "SignatureDoesNotMatch" | "InvalidAccessKeyId" | "RequestTimeTooSkewed" | "AuthorizationQueryParametersError",
    message: string,
    readonly status = 403,
  ) {
    super(message);
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto behind the Checksum interface the signer takes (HMAC when given a secret). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

/** A signer for requests the SDK has no command for (tests sending raw protocol requests). */
export function signerFor(credentials: LocalCredentials, service: string, region = "us-east-1") {
  return new SignatureV4({ credentials, region, service, sha256: NodeSha256 });
}

export interface IncomingSigned {
  method: string;
  /** The Host the client signed (the request's own Host header unless a front rewrites it). */
  host: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** The raw query string (no leading `?`). */
  rawQuery: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  /** The body, for services whose payload hash is not sent in a header (all but S3). */
  body?: Uint8Array;
}

const MAX_SKEW_MS = 15 * 60_000; // S3 and the other services refuse a signed request older or newer than 15 minutes.
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600; // SigV4 presigned URLs live at most seven days.

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function decodeQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf("=");
      const k = i < 0 ? pair : pair.slice(0, i);
      const v = i < 0 ? "" : pair.slice(i + 1);
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, "%20"));
      return [dec(k), dec(v)];
    });
}

function sameSecret(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verify a header-signed (`Authorization: AWS4-HMAC-SHA256 …`) or presigned (`X-Amz-Signature`
 * in the query) request for `service`. Throws SigV4Error with the code AWS would answer.
 * `now` is injectable so expiry is tested without waiting.
 */
export async function verifySigV4(req: IncomingSigned, opts: { service: string; region: string; credentials: LocalCredentials; now?: Date }): Promise<{ presigned: boolean }> {
  const now = opts.now ?? new Date();
  const query = decodeQuery(req.rawQuery);
  const q = (name: string) => query.find(([k]) => k === name)?.[1];
  const auth = req.headers.authorization;
  const presigned = q("X-Amz-Signature") !== undefined || q("X-Amz-Algorithm") !== undefined;
  if (!auth && !presigned) throw new SigV4Error("AccessDenied", "Anonymous access is not allowed: the request carries no signature.");
  if (auth && presigned) throw new SigV4Error("AuthorizationQueryParametersError", "Only one auth mechanism allowed.", 400);

  let credential: string, signedHeaders: string, signature: string, amzDate: string | undefined;
  let expires: number | undefined;
  if (presigned) {
    if (q("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") throw new SigV4Error("AuthorizationQueryParametersError", "X-Amz-Algorithm must be AWS4-HMAC-SHA256.", 400);
    credential = q("X-Amz-Credential") ?? "";
    signedHeaders = q("X-Amz-SignedHeaders") ?? "";
    signature = q("X-Amz-Signature") ?? "";
    amzDate = q("X-Amz-Date");
    expires = Number(q("X-Amz-Expires"));
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS)
      throw new SigV4Error("AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds.", 400);
  } else {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(auth ?? "");
    if (!m) throw new SigV4Error("AccessDenied", "The Authorization header is not a SigV4 signature.");
    [, credential, signedHeaders, signature] = m;
    amzDate = req.headers["x-amz-date"];
  }

  const [accessKeyId, scopeDate, region, service, terminator] = credential.split("/");
  if (!accessKeyId || !sameSecret(accessKeyId, opts.credentials.accessKeyId))
    throw new SigV4Error("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw new SigV4Error("AccessDenied", "The request carries no valid X-Amz-Date.");
  if (scopeDate !== amzDate!.slice(0, 8) || region !== opts.region || service !== opts.service || terminator !== "aws4_request")
    throw new SigV4Error("SignatureDoesNotMatch", "The credential scope does not match this endpoint.");
  if (presigned) {
    if (now.getTime() > signingDate.getTime() + expires! * 1000) throw new SigV4Error("AccessDenied", "Request has expired");
    if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS) throw new SigV4Error("AccessDenied", "Request is not valid yet");
  } else if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new SigV4Error("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
  }

  // Rebuild the request from exactly what it claims to have signed, and sign it again.
  const names = signedHeaders.split(";");
  if (!names.includes("host")) throw new SigV4Error("AccessDenied", "The host header must be signed.");
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = name === "host" ? req.host : req.headers[name];
    if (value === undefined) throw new SigV4Error("SignatureDoesNotMatch", `Signed header ${name} is missing.`);
    headers[name] = value;
  }
  const authParams = new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"]);
  const rest: Record<string, string | string[]> = {};
  for (const [k, v] of query) {
    if (presigned && authParams.has(k)) continue;
    const had = rest[k];
    rest[k] = had === undefined ? v : ([] as string[]).concat(had, v);
  }
  // A presigned S3 URL carries its payload hash as X-Amz-Content-Sha256 in the query (the SDK's
  // presigner puts it there, and it is signed as a query parameter). The signer reads the hash
  // from a header only, so give it one that is neither hoisted nor signed.
  const payloadHash = presigned ? rest["X-Amz-Content-Sha256"] : undefined;
  const extra = typeof payloadHash === "string" && !names.includes("x-amz-content-sha256") ? "x-amz-content-sha256" : undefined;
  if (extra) headers[extra] = payloadHash as string;
  const [hostname, port] = req.host.split(":");
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: opts.credentials.secretAccessKey },
    region: opts.region,
    service: opts.service,
    sha256: NodeSha256,
    // S3 signs the path as sent; every other service normalises and encodes it once more.
    uriEscapePath: opts.service !== "s3",
    applyChecksum: false,
  });
  // The SDK hands the signer the path already percent-encoded, so the raw path is what it signed.
  const path = req.rawPath;
  const request = { method: req.method, protocol: "http:", hostname, port: port ? Number(port) : undefined, path, query: rest, headers, body: req.body };
  let expected: string | undefined;
  if (presigned) {
    const signed = await signer.presign(request, {
      signingDate,
      expiresIn: expires,
      unhoistableHeaders: new Set([...names, ...(extra ? [extra] : [])]),
      unsignableHeaders: extra ? new Set([extra]) : undefined,
      signableHeaders: new Set(names),
    });
    expected = signed.query?.["X-Amz-Signature"] as string | undefined;
  } else {
    const signed = await signer.sign(request, { signingDate, signableHeaders: new Set(names) });
    expected = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? "")?.[1];
  }
  if (!expected || !sameSecret(expected, signature))
    throw new SigV4Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
  return { presigned };
}
