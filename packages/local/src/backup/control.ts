import net from "node:net";
import { chmodSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";

/**
 * The running runtime's control socket, `<dataDir>/control.sock` (mode 0600: only the user the
 * runtime runs as can connect). `npm run backup` asks the running system for its stores through
 * it, so a backup is taken while the system serves, by the process that holds them (PGlite and
 * dynalite are single-writer: a second process must not open their files). The plaintext records
 * cross only this socket; the passphrase stays with the CLI, which encrypts.
 */
const controlSocketPath = (dataDir: string) => path.join(dataDir, "control.sock");

export function controlSocketAlive(dataDir: string): Promise<boolean> {
  const p = controlSocketPath(dataDir);
  if (!existsSync(p)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const s = net.connect(p);
    s.once("connect", () => (s.end(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

export async function startControlSocket(opts: { dataDir: string; backup(): Readable; log?: (line: string) => void }): Promise<{ stop(): Promise<void> }> {
  const p = controlSocketPath(opts.dataDir);
  if (p.length > 100) {
    opts.log?.(`control socket: ${p} is too long for a Unix socket; npm run backup will not reach this runtime (use CAREBEAT_BACKUP_DIR)`);
    return { stop: async () => {} };
  }
  if (await controlSocketAlive(opts.dataDir)) throw new Error(`another Carebeat runtime is running on ${opts.dataDir} (${p} answers): two processes must not open the same data`);
  rmSync(p, { force: true });
  const server = net.createServer((socket) => {
    let line = "";
    socket.on("error", () => {});
    const onData = (d: Buffer) => {
      line += d.toString("utf8");
      if (!line.includes("\n")) {
        if (line.length > 1024) socket.destroy();
        return;
      }
      socket.off("data", onData);
      let op: string | undefined;
      try {
        op = (JSON.parse(line.slice(0, line.indexOf("\n"))) as { op?: string }).op;
      } catch {}
      if (op !== "backup") return socket.end(JSON.stringify({ ok: false, error: "unknown request" }) + "\n");
      opts.log?.("backup: requested over the control socket");
      socket.write(JSON.stringify({ ok: true }) + "\n");
      const records = opts.backup();
      records.on("error", (err) => {
        opts.log?.(`backup failed: ${err.message}`);
        socket.destroy();
      });
      records.pipe(socket);
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(p, () => resolve());
  });
  chmodSync(p, 0o600);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(p, { force: true });
      }),
  };
}

/** Ask the runtime running on `dataDir` for a backup: its plaintext records, or undefined when none runs. */
export async function requestBackup(dataDir: string): Promise<Readable | undefined> {
  if (!(await controlSocketAlive(dataDir))) return undefined;
  const socket = net.connect(controlSocketPath(dataDir));
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.write(JSON.stringify({ op: "backup" }) + "\n");
  // The first line is the answer; the rest is the records.
  let head = Buffer.alloc(0);
  for (;;) {
    const chunk: Buffer | null = socket.read();
    if (chunk) {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(10);
      if (nl >= 0) {
        const answer = JSON.parse(head.subarray(0, nl).toString("utf8")) as { ok: boolean; error?: string };
        if (!answer.ok) throw new Error(`the runtime refused the backup: ${answer.error}`);
        const rest = head.subarray(nl + 1);
        if (rest.length) socket.unshift(rest);
        return socket;
      }
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      const done = () => (socket.off("readable", done), socket.off("end", ended), resolve());
      const ended = () => reject(new Error("the runtime closed the control socket without answering"));
      socket.once("readable", done);
      socket.once("end", ended);
    });
  }
}
