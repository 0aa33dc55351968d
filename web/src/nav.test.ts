import { test } from "node:test";
import assert from "node:assert/strict";
import { homeFor, sectionsFor } from "./nav";

test("each role sees its sections in the sidebar's order, the first one its home", () => {
  const labels = (role: Parameters<typeof sectionsFor>[0]) => sectionsFor(role).map((s) => `${s.label} ${s.href}`);
  assert.deepEqual(labels("patient"), ["My record /me", "My appointments /appointments", "My invoices /invoices", "Calendar feed /calendar-feed"]);
  assert.deepEqual(labels("doctor"), [
    "Appointments /appointments",
    "Calendar /calendar",
    "Analytics /analytics",
    "Patients /patients",
    "Doctors /doctors",
    "Calendar feed /calendar-feed",
  ]);
  assert.deepEqual(labels("staff"), ["Patients /patients", "Appointments /appointments", "Calendar /calendar", "Invoices /invoices", "Analytics /analytics", "Doctors /doctors"]);
  assert.deepEqual(labels("admin"), [
    "Patients /patients",
    "Appointments /appointments",
    "Calendar /calendar",
    "Invoices /invoices",
    "Analytics /analytics",
    "Doctors /doctors",
    "Accounts /accounts",
    "Audit log /audit",
    "Outbox /outbox",
  ]);
  assert.deepEqual((["patient", "doctor", "staff", "admin"] as const).map(homeFor), ["/me", "/appointments", "/patients", "/patients"]);
});
