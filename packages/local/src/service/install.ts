/**
 * `npm run service:install [-- --system --user <name>]`: writes the systemd unit (unit.ts) and
 * says the commands that enable it. A user unit by default (~/.config/systemd/user, no root);
 * `--system` writes /etc/systemd/system/carebeat.service for a dedicated account. It does not
 * run systemctl itself: enabling a service is the operator's decision.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serviceUnit } from "./unit.js";

const args = process.argv.slice(2);
const system = args.includes("--system");
const userAt = args.indexOf("--user");
const user = system ? (userAt >= 0 ? args[userAt + 1] : os.userInfo().username) : undefined;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const envFile = system ? "/etc/carebeat.env" : path.join(os.homedir(), ".config", "carebeat.env");
const target = system ? "/etc/systemd/system/carebeat.service" : path.join(os.homedir(), ".config", "systemd", "user", "carebeat.service");
const npm = process.env.npm_execpath && process.env.npm_node_execpath ? `${process.env.npm_node_execpath} ${process.env.npm_execpath}` : "/usr/bin/npm";

fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, serviceUnit({ root, envFile, user, npm }), { mode: 0o644 });
const ctl = system ? "sudo systemctl" : "systemctl --user";
console.log(`wrote ${target}
put CAREBEAT_BACKUP_PASSPHRASE, CAREBEAT_BACKUP_DIR, CAREBEAT_TLS (…) in ${envFile} (chmod 600), then:
  ${ctl} daemon-reload && ${ctl} enable --now carebeat
  journalctl ${system ? "" : "--user "}-u carebeat -f${system ? "" : "\n  (loginctl enable-linger $USER keeps a user unit running after logout)"}`);
