import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { freePort } from "./ports";
import { startRuntime, stopRuntime, killRuntimes } from "./runtime-process";

/**
 * The rotation procedure of docs/auth.md ("Key rotation") played offline, as a developer would:
 * `npm start`'s entry point as a real process, `npm run keygen -- --rotate` on the key file,
 * a restart (the offline "deploy"), later `--drop-previous` and another restart.
 */

/** `npm run -s keygen -- <flag> < file`, its stdout written back to the file. */
function keygen(flag: string, file: string): string {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/keygen.ts", flag], { input: readFileSync(file), encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  writeFileSync(file, run.stdout);
  return run.stderr;
}

const kidOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid as string;

test("key rotation offline: the previous key's tokens work while it is listed, then 401; nobody is signed out by the rotation", { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "carebeat-keys-"));
  const port = await freePort();
  const env = { PORT: String(port), CAREBEAT_DATA_DIR: dataDir, CAREBEAT_ADMIN_EMAIL: "keys@clinic.test", CAREBEAT_ADMIN_PASSWORD: "rotate-me-please" };
  const base = `http://127.0.0.1:${port}`;
  const login = async () => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: env.CAREBEAT_ADMIN_EMAIL, password: env.CAREBEAT_ADMIN_PASSWORD }),
    });
    assert.equal(res.status, 200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const me = async (token: string) => (await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status;
  const kids = async () => ((await (await fetch(`${base}/api/auth/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
  /** The WebSocket `$connect` handler verifies tokens with the same core code: 101 or the refusal's status. */
  const connect = (token: string) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
      ws.once("open", () => (ws.close(), resolve(101)));
      ws.once("unexpected-response", (_req, res) => (ws.on("error", () => {}).terminate(), resolve(res.statusCode!)));
      ws.once("error", reject);
    });
  const keyFile = path.join(dataDir, "jwt-signing-key.json");
  try {
    // 1. First start: one key, named by its kid; tokens carry it.
    let run = startRuntime(env);
    await run.ready;
    const oldToken = await login();
    const [oldKid] = await kids();
    assert.equal((await kids()).length, 1);
    assert.equal(kidOf(oldToken), oldKid);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(await stopRuntime(run.child), 0);

    // 2. Rotate and restart ("deploy"): new tokens use the new key, the old token still works.
    assert.match(keygen("--rotate", keyFile), new RegExp(`after: +signs with \\S+; still accepts ${oldKid}`));
    run = startRuntime(env);
    await run.ready;
    const newToken = await login();
    assert.notEqual(kidOf(newToken), oldKid);
    assert.deepEqual(await kids(), [kidOf(newToken), oldKid], "the JWKS lists the current and the previous key");
    assert.equal(await me(oldToken), 200, "a token of the previous key verifies while it is listed");
    assert.equal(await me(newToken), 200);
    assert.equal(await connect(oldToken), 101, "and opens a WebSocket");
    assert.equal(await stopRuntime(run.child), 0);

    // 3. Later, drop the previous key and restart: its tokens are refused, the new ones are not.
    keygen("--drop-previous", keyFile);
    run = startRuntime(env);
    await run.ready;
    assert.deepEqual(await kids(), [kidOf(newToken)]);
    assert.equal(await me(oldToken), 401, "the dropped key's token is refused");
    assert.equal(await connect(oldToken), 401);
    assert.equal(await me(newToken), 200);
    assert.equal(await connect(newToken), 101);
    assert.equal(await stopRuntime(run.child), 0);
  } finally {
    killRuntimes();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the offline key file: created as a key set, an older single-JWK file still read, a broken one named", async () => {
  const { signingKey } = await import("./stack");
  const { parseKeySet } = await import("@carebeat/core/auth/keyset");
  const dir = mkdtempSync(path.join(tmpdir(), "carebeat-keyfile-"));
  try {
    const file = path.join(dir, "jwt-signing-key.json");
    const created = await signingKey(dir);
    assert.equal(JSON.parse(readFileSync(file, "utf8")).keys.length, 1);
    assert.equal(await signingKey(dir), created, "kept across starts");
    // What earlier versions wrote: one private JWK with a date kid.
    const { generateKeyPair, exportJWK } = await import("jose");
    const legacy = JSON.stringify({ ...(await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey)), kid: "carebeat-2026-01-02", alg: "ES256" });
    writeFileSync(file, legacy);
    assert.equal(await signingKey(dir), legacy);
    assert.equal((await parseKeySet(legacy)).current.kid, "carebeat-2026-01-02", "its tokens keep their kid");
    writeFileSync(file, "{ not json");
    await assert.rejects(signingKey(dir), (err: Error) => err.message.includes(file) && /not JSON/.test(err.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
