import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceUnit } from "./unit.js";

// The unit's text is what systemd reads; these are the lines whose absence would lose data or leak it.
test("the systemd unit stops gracefully, keeps files private and reads secrets from a file", () => {
  const u = serviceUnit({ root: "/srv/carebeat", envFile: "/etc/carebeat.env", user: "carebeat" });
  const lines = u.split("\n");
  for (const l of [
    "User=carebeat",
    "WorkingDirectory=/srv/carebeat",
    "EnvironmentFile=-/etc/carebeat.env",
    "KillSignal=SIGTERM",
    "TimeoutStopSec=30",
    "UMask=0077",
    "Environment=CAREBEAT_LOG_FORMAT=json",
    "StandardOutput=journal",
    "WantedBy=multi-user.target",
  ]) {
    assert.ok(lines.includes(l), `missing ${l}`);
  }
  assert.doesNotMatch(u, /PASSPHRASE/, "no secret in the unit itself");
  const user = serviceUnit({ root: "/home/a/carebeat", envFile: "/home/a/.config/carebeat.env" });
  assert.ok(!/^User=/m.test(user) && /^WantedBy=default\.target$/m.test(user), "a user unit has no User= and starts with the session");
  assert.throws(() => serviceUnit({ root: "carebeat", envFile: "/e" }), /absolute/);
});
