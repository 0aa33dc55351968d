/**
 * The response-header policy of the whole product, in one place with no imports, so the API
 * (middleware/security-headers.ts), the offline runtime's site (packages/local/src/server.ts)
 * and CloudFront in AWS (stacks/web.ts, a response headers policy) all send the same thing.
 */

/** URLs carry patient ids: never leak them to another site. */
export const REFERRER_POLICY = "no-referrer";
/** Two years; browsers ignore it over plain http (the offline runtime). */
export const HSTS = "max-age=63072000; includeSubDomains";

const directives = (d: Record<string, string>) =>
  Object.entries(d)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");

const noFraming = { "frame-ancestors": "'none'", "base-uri": "'none'", "form-action": "'none'", "object-src": "'none'" };

export const csp = {
  /** JSON and problem+json: nothing may run or load, nothing may frame it. */
  api: directives({ "default-src": "'none'", ...noFraming }),
  /** The server-rendered reference (/docs): no scripts at all, its own inline stylesheet. */
  docs: directives({ "default-src": "'none'", "style-src": "'unsafe-inline'", "img-src": "'self' data:", ...noFraming }),
  /**
   * The site (the SPA): its own scripts only. Styles may be inline (components set style
   * attributes). WebSockets: same origin offline (/ws), API Gateway's execute-api domain in AWS.
   */
  site: directives({
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self' wss://*.amazonaws.com",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
  }),
};

/**
 * The interactive reference (Scalar) runs one script that is not ours. It is pinned to an exact
 * version with subresource integrity (the hash of dist/browser/standalone.js in the npm tarball
 * of that version, which jsDelivr serves byte for byte), and the page's CSP allows that URL and
 * the page's own nonce'd inline start-up script, nothing else. To upgrade: change the version,
 * `npm pack @scalar/api-reference@<v>` and put `openssl dgst -sha384 -binary
 * package/dist/browser/standalone.js | openssl base64 -A` here.
 */
export const scalar = {
  version: "1.76.0",
  url: "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.76.0/dist/browser/standalone.js",
  integrity: "sha384-oH1C0RwqcwbVXkC+r8A+4qRoyEUQdtxAzOwumkxZtQBBcsy61FOoPt7B50OVJYYQ",
};

export function interactiveCsp(nonce: string) {
  return directives({
    "default-src": "'none'",
    "script-src": `'nonce-${nonce}' ${scalar.url}`,
    // Scalar renders style attributes, which a nonce cannot authorise.
    "style-src": `'self' 'unsafe-inline'`,
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",
    ...noFraming,
  });
}
