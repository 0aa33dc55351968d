import { readFileSync } from "node:fs";

/**
 * postgres.js's `ssl` option from the environment (issue 23.6):
 * - unset / "disable": plain TCP (the offline runtime's PGlite socket, a local server);
 * - "require": encrypted, the certificate not checked (postgres.js's "require" does not verify);
 * - "verify-full": encrypted, the server's chain verified against CAREBEAT_DB_CA (a PEM bundle)
 *   and its name against the host — what AWS uses, against the RDS CAs in the Lambda runtime's
 *   /var/runtime/ca-cert.pem. A missing or empty bundle is an error at the first connection,
 *   never a silent fall back to an unverified one.
 */
export type DbTls = false | "require" | { ca: string; rejectUnauthorized: true };

export function dbTls(env: Record<string, string | undefined> = process.env): DbTls {
  const mode = env.CAREBEAT_DB_SSL ?? "disable";
  if (mode === "disable" || mode === "") return false;
  if (mode === "require") return "require";
  if (mode !== "verify-full") throw new Error(`CAREBEAT_DB_SSL must be disable, require or verify-full, not "${mode}"`);
  const file = env.CAREBEAT_DB_CA;
  if (!file) throw new Error("CAREBEAT_DB_SSL=verify-full needs CAREBEAT_DB_CA: the PEM bundle that signs the server's certificate");
  let ca: string;
  try {
    ca = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`CAREBEAT_DB_CA: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  if (!ca.includes("-----BEGIN CERTIFICATE-----")) throw new Error(`CAREBEAT_DB_CA: ${file} holds no PEM certificate`);
  return { ca, rejectUnauthorized: true };
}
