import { X509Certificate, createPrivateKey, randomBytes, webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces } from "node:os";
import { isIP } from "node:net";
import path from "node:path";

/**
 * HTTPS for the offline home (docs/self-hosting.md, "HTTPS"). Three ways, chosen by the
 * environment: the operator's certificate (CAREBEAT_TLS_CERT + CAREBEAT_TLS_KEY, PEM files),
 * one generated for this machine (CAREBEAT_TLS=self-signed, kept in <dataDir>/tls/), or a
 * reverse proxy in front that terminates TLS (CAREBEAT_TRUST_PROXY=1; X-Forwarded-Proto/Host are
 * honoured only then). A non-loopback HOST with none of them refuses to start: the refresh cookie
 * is `Secure`, so staff on other machines would be signed out every 15 minutes, and passwords
 * and patient data would cross the network in clear.
 */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, as browsers show it (AA:BB:…), for staff to compare once. */
  fingerprint: string;
  names: string[];
  validTo: string;
  source: "files" | "self-signed";
  file: string;
}

export function isLoopback(host: string) {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function describe(cert: string, key: string, source: TlsMaterial["source"], file: string): TlsMaterial {
  const x = new X509Certificate(cert);
  if (!x.checkPrivateKey(createPrivateKey(key))) throw new Error(`${file}: the private key does not belong to the certificate`);
  const names = (x.subjectAltName ?? "")
    .split(/,\s*/)
    .filter(Boolean)
    .map((s) => s.replace(/^(DNS|IP Address):/, ""));
  return { cert, key, fingerprint: x.fingerprint256, names, validTo: new Date(x.validTo).toISOString(), source, file };
}

/** The names a generated certificate covers: loopback, this host's name, its addresses, HOST, CAREBEAT_TLS_HOSTS. */
function certificateNames(host: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const names = new Set<string>(["localhost", "127.0.0.1", "::1", hostname()]);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (!a.internal) names.add(a.address.replace(/%.*$/, ""));
  if (host && host !== "0.0.0.0" && host !== "::") names.add(host);
  for (const n of (env.CAREBEAT_TLS_HOSTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean))
    names.add(n);
  return [...names];
}

function pem(label: string, der: ArrayBuffer) {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trimEnd();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** An ECDSA P-256 server certificate for `names`, valid 825 days (the longest Apple's platforms accept). */
async function selfSignedCertificate(names: string[], days = 825): Promise<{ cert: string; key: string }> {
  // @peculiar/x509 resolves its ASN.1 codecs through tsyringe, which needs the Reflect metadata
  // polyfill loaded first. Both load only when a certificate is made.
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01" + randomBytes(15).toString("hex"),
    name: `CN=${names.find((n) => !isIP(n) && n !== "localhost") ?? "localhost"}, O=Carebeat (self-signed)`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * 86_400_000),
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: isIP(value) ? ("ip" as const) : ("dns" as const), value }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString("pem") + "\n", key: pem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)) };
}

/**
 * The TLS material the environment asks for, or undefined for plain HTTP. A generated
 * certificate is made once into `<dataDir>/tls/` (key 0600) and made again only when it is
 * within 30 days of expiry or lacks a name now asked for (its fingerprint then changes: the log says so).
 */
export async function resolveTls(opts: { env?: NodeJS.ProcessEnv; dataDir: string; host: string; log?: (line: string) => void }): Promise<TlsMaterial | undefined> {
  const env = opts.env ?? process.env;
  const certFile = env.CAREBEAT_TLS_CERT;
  const keyFile = env.CAREBEAT_TLS_KEY;
  if (certFile || keyFile) {
    if (!certFile || !keyFile) throw new Error("set both CAREBEAT_TLS_CERT and CAREBEAT_TLS_KEY (PEM files), or neither");
    const read = (f: string, what: string) => {
      try {
        return readFileSync(f, "utf8");
      } catch (err) {
        throw new Error(`CAREBEAT_TLS_${what}: cannot read ${f} (${(err as NodeJS.ErrnoException).code})`);
      }
    };
    return describe(read(certFile, "CERT"), read(keyFile, "KEY"), "files", certFile);
  }
  const mode = env.CAREBEAT_TLS;
  if (!mode || mode === "off") return undefined;
  if (mode !== "self-signed") throw new Error(`CAREBEAT_TLS=${mode}: the only value is self-signed (or set CAREBEAT_TLS_CERT and CAREBEAT_TLS_KEY)`);
  const dir = path.join(opts.dataDir, "tls");
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const wanted = certificateNames(opts.host, env);
  if (existsSync(cert) && existsSync(key)) {
    const have = describe(readFileSync(cert, "utf8"), readFileSync(key, "utf8"), "self-signed", cert);
    // IPv6 names come back from the certificate in their long form: compare host names and IPv4 only.
    const missing = wanted.filter((n) => isIP(n) !== 6 && !have.names.includes(n));
    const expiring = Date.parse(have.validTo) - Date.now() < 30 * 86_400_000;
    if (!missing.length && !expiring) return have;
    opts.log?.(`tls: making a new certificate (${expiring ? "the old one expires " + have.validTo : "new names: " + missing.join(", ")}); staff will see a new fingerprint`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const made = await selfSignedCertificate(wanted);
  writeFileSync(key, made.key, { mode: 0o600 });
  writeFileSync(cert, made.cert, { mode: 0o644 });
  return describe(made.cert, made.key, "self-signed", cert);
}

/** Refuse to serve a network in clear (see the module comment). */
export function checkExposure(host: string, tls: TlsMaterial | undefined, trustProxy: boolean) {
  if (isLoopback(host) || tls || trustProxy) return;
  throw new Error(
    `HOST=${host} serves other machines, and without HTTPS their sign-ins would not last and passwords and patient data would cross the network in clear. Set one of: ` +
      `CAREBEAT_TLS=self-signed (a certificate for this machine, generated into the data dir), ` +
      `CAREBEAT_TLS_CERT and CAREBEAT_TLS_KEY (your certificate and key, PEM files), or ` +
      `CAREBEAT_TRUST_PROXY=1 (a reverse proxy in front terminates HTTPS). See docs/self-hosting.md.`,
  );
}

export function trustProxyFrom(env: NodeJS.ProcessEnv = process.env) {
  return env.CAREBEAT_TRUST_PROXY === "1" || env.CAREBEAT_TRUST_PROXY === "true";
}
