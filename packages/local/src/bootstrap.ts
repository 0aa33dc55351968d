import { randomBytes } from "node:crypto";
import { withActor } from "@carebeat/core/actor";

/**
 * First start: make sure someone can sign in. The generated password is printed once
 * and never stored in clear; set CAREBEAT_ADMIN_EMAIL / CAREBEAT_ADMIN_PASSWORD to choose.
 */
export async function ensureAdmin(log: (line: string) => void) {
  const { Auth } = await import("@carebeat/core/auth");
  if ((await Auth.countAdmins()) > 0) return;
  const email = process.env.CAREBEAT_ADMIN_EMAIL ?? "admin@carebeat.local";
  const given = process.env.CAREBEAT_ADMIN_PASSWORD;
  const password = given ?? randomBytes(12).toString("base64url");
  await withActor({ type: "system", name: "bootstrap" }, () => Auth.createUser({ email, password, name: "Administrator", role: "admin" }));
  log(`created admin account ${email}` + (given ? " (password from CAREBEAT_ADMIN_PASSWORD)" : ` with password ${password}  <- shown once, change it`));
}
