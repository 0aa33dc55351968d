/**
 * The systemd unit that keeps a self-hosted Carebeat running (docs/self-hosting.md, "Running as
 * a service"). A pure function of where the checkout is and who runs it, so the text is tested
 * without systemd. Why each line is there:
 * - `npm start` through the project's own node@22 (the PATH line), as on a developer's machine;
 * - SIGTERM with 30 s before SIGKILL: main.ts drains requests (20 s) and stops the stores in order;
 * - UMask 0077 so anything the runtime writes that is not already 0600/0700 stays private;
 * - the passphrase and admin settings from an EnvironmentFile (0600), never on the command line;
 * - JSON logs to the journal, which carry no patient data (logging design note).
 */
export interface UnitOptions {
  /** The checkout (WorkingDirectory). */
  root: string;
  /** The EnvironmentFile, e.g. /etc/carebeat.env or ~/.config/carebeat.env. */
  envFile: string;
  /** A system unit runs as this user; a user unit (`systemctl --user`) has none. */
  user?: string;
  npm?: string;
}

export function serviceUnit(o: UnitOptions): string {
  if (!o.root.startsWith("/")) throw new Error("root must be an absolute path");
  if (!o.envFile.startsWith("/")) throw new Error("envFile must be an absolute path");
  const npm = o.npm ?? "/usr/bin/npm";
  return [
    "[Unit]",
    "Description=Carebeat clinic platform (offline home)",
    "After=network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    ...(o.user ? [`User=${o.user}`] : []),
    `WorkingDirectory=${o.root}`,
    // "-": the file is optional; without a passphrase the runtime still starts, without scheduled backups.
    `EnvironmentFile=-${o.envFile}`,
    "Environment=CAREBEAT_LOG_FORMAT=json",
    `Environment=PATH=${o.root}/node_modules/.bin:/usr/local/bin:/usr/bin:/bin`,
    `ExecStart=${npm} start`,
    "KillSignal=SIGTERM",
    "KillMode=mixed",
    "TimeoutStopSec=30",
    "Restart=on-failure",
    "RestartSec=5",
    "UMask=0077",
    "StandardOutput=journal",
    "StandardError=journal",
    "NoNewPrivileges=true",
    "",
    "[Install]",
    `WantedBy=${o.user ? "multi-user.target" : "default.target"}`,
    "",
  ].join("\n");
}
