import { test } from "node:test";
import assert from "node:assert/strict";
import { accessScope, mayAct } from "./access";
import type { Actor } from "../actor";

const appt = { patientId: "pat_a", doctorId: "doc_a" };
const user = (role: "admin" | "staff" | "doctor" | "patient", extra: { patientId?: string; doctorId?: string } = {}): Actor => ({ type: "user", userId: "usr_1", role, ...extra });

test("staff, admin and system act on every appointment, whatever the action", () => {
  for (const actor of [user("admin"), user("staff"), { type: "system", name: "billing" } as Actor])
    for (const as of ["read", "patient", "doctor"] as const) assert.equal(mayAct(accessScope(actor, as), appt), true, `${JSON.stringify(actor)} ${as}`);
});

test("a patient reads, moves and cancels only their own; never completes", () => {
  const own = user("patient", { patientId: "pat_a" });
  assert.equal(mayAct(accessScope(own, "read"), appt), true);
  assert.equal(mayAct(accessScope(own, "patient"), appt), true);
  assert.equal(mayAct(accessScope(own, "doctor"), appt), false);
  assert.equal(mayAct(accessScope(user("patient", { patientId: "pat_b" }), "patient"), appt), false);
  assert.deepEqual(accessScope(user("patient"), "patient"), { scope: "none" }, "no linked record: nothing");
});

test("a doctor reads and completes only their own schedule; never moves or cancels", () => {
  const own = user("doctor", { doctorId: "doc_a" });
  assert.equal(mayAct(accessScope(own, "read"), appt), true);
  assert.equal(mayAct(accessScope(own, "doctor"), appt), true);
  assert.equal(mayAct(accessScope(own, "patient"), appt), false);
  assert.equal(mayAct(accessScope(user("doctor", { doctorId: "doc_b" }), "doctor"), appt), false);
});

test("signed-out callers act on nothing", () => {
  for (const as of ["read", "patient", "doctor"] as const) assert.equal(mayAct(accessScope({ type: "public" }, as), appt), false);
});
