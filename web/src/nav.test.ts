import { test } from "node:test";
import assert from "node:assert/strict";
import { homeFor, sectionsFor } from "./nav";

test("each role sees its sections in the sidebar's order, the first one its home", () => {
  const labels = (role: Parameters<typeof sectionsFor>[0]) => sectionsFor(role).map((s) => `${s.label} ${s.href}`);
  assert.deepEqual(labels("patient"), [
    "My record /me",
    "My appointments /appointments",
    "My invoices /invoices",
    "My prescriptions /prescriptions",
    "Calendar feed /calendar-feed",
  ]);
  assert.deepEqual(labels("doctor"), [
    "Appointments /appointments",
    "Calendar /calendar",
    "Prescriptions /prescriptions",
    "Analytics /analytics",
    "Patients /patients",
    "Doctors /doctors",
    "Calendar feed /calendar-feed",
  ]);
  assert.deepEqual(labels("staff"), [
    "Patients /patients",
    "Appointments /appointments",
    "Calendar /calendar",
    "Invoices /invoices",
    "Prescriptions /prescriptions",
    "Analytics /analytics",
    "Doctors /doctors",
  ]);
  assert.deepEqual(labels("admin"), [
    "Patients /patients",
    "Appointments /appointments",
    "Calendar /calendar",
    "Invoices /invoices",
    "Prescriptions /prescriptions",
    "Pharmacy queue /pharmacy",
    "Analytics /analytics",
    "Doctors /doctors",
    "Accounts /accounts",
    "Audit log /audit",
    "Outbox /outbox",
  ]);
  assert.deepEqual(labels("pharmacist"), ["Pharmacy queue /pharmacy"]);
  assert.deepEqual((["patient", "doctor", "staff", "admin", "pharmacist"] as const).map(homeFor), ["/me", "/appointments", "/patients", "/patients", "/pharmacy"]);
});
