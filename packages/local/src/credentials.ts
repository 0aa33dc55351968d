import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LocalCredentials } from "./sigv4";

/**
 * The offline home's AWS key pair: generated once into `<dataDir>/local-credentials.json`
 * (mode 600, like the JWT signing key; per start when the data is in memory). The runtime hands
 * it to its handlers as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and the stand-ins that verify
 * SigV4 (S3 so far: docs/local-runtime.md) refuse any other — so another local user, or a web
 * page probing localhost, cannot sign a request. The id looks like an AWS one (AKIA + 16).
 */
export function localCredentials(dataDir?: string): LocalCredentials {
  const generate = (): LocalCredentials => ({
    accessKeyId: `AKIALOCAL${randomBytes(6).toString("hex").toUpperCase().slice(0, 11)}`,
    secretAccessKey: randomBytes(30).toString("base64url"),
  });
  if (!dataDir) return generate();
  const file = path.join(dataDir, "local-credentials.json");
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LocalCredentials>;
    if (typeof parsed.accessKeyId !== "string" || typeof parsed.secretAccessKey !== "string")
      throw new Error(`${file}: expected {"accessKeyId","secretAccessKey"}; delete it to generate a new pair`);
    return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
  }
  const creds = generate();
  writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

/**
 * The embedded PostgreSQL's password (postgres-auth.ts): generated once into
 * `<dataDir>/postgres-password` (mode 600; per start when the data is in memory), handed to the
 * handlers in the database link like the RDS secret in AWS. `psql` users read it from the file.
 */
export function localPostgresPassword(dataDir?: string): string {
  const generate = () => randomBytes(30).toString("base64url");
  if (!dataDir) return generate();
  const file = path.join(dataDir, "postgres-password");
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (!value) throw new Error(`${file} is empty; delete it to generate a new password`);
    return value;
  }
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/**
 * The MfaKey secret offline (docs/auth.md, "Multi-factor sign-in"): 32 random bytes as hex in
 * `<dataDir>/mfa-key` (mode 600; per start when the data is in memory), the AES-256-GCM key the
 * TOTP secrets are encrypted with. Losing it makes every enrolled account enrol again (an admin
 * resets their MFA); keep it with the backups of the database, never in the same place.
 */
export function localMfaKey(dataDir?: string): string {
  const generate = () => randomBytes(32).toString("hex");
  if (!dataDir) return generate();
  const file = path.join(dataDir, "mfa-key");
  if (existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (!/^[0-9a-f]{64}$/i.test(value)) throw new Error(`${file}: expected 64 hex digits (32 bytes)`);
    return value;
  }
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}
