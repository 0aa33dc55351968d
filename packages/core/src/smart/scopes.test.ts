import { test } from "node:test";
import assert from "node:assert/strict";
import { grant, hasScope, parseScope, parseScopes, permits } from "./scopes";
import { needOf } from "./interactions";

test("parseScope: v2 letters in order, v1 aliases, system context only", () => {
  assert.deepEqual(parseScope("system/Patient.rs"), { type: "Patient", permissions: ["r", "s"] });
  assert.deepEqual(parseScope("system/*.cruds"), { type: "*", permissions: ["c", "r", "u", "d", "s"] });
  assert.deepEqual(parseScope("system/Patient.read"), { type: "Patient", permissions: ["r", "s"] });
  assert.deepEqual(parseScope("system/Patient.write"), { type: "Patient", permissions: ["c", "u", "d"] });
  assert.deepEqual(parseScope("system/*.*"), { type: "*", permissions: ["c", "r", "u", "d", "s"] });
  for (const bad of [
    "system/Patient.sr",
    "system/Patient.rr",
    "patient/*.rs",
    "user/Patient.r",
    "system/patient.r",
    "system/Patient.",
    "system/Patient.rs?category=x",
    "openid",
    "",
  ])
    assert.equal(parseScope(bad), null, bad);
});

test("grant: requested met with allowed, per type and letter", () => {
  const allowed = parseScopes("system/Patient.rs system/Appointment.r").scopes;
  assert.deepEqual(grant(parseScopes("system/*.rs").scopes, allowed), ["system/Patient.rs", "system/Appointment.r"]);
  assert.deepEqual(grant(parseScopes("system/Patient.cruds").scopes, allowed), ["system/Patient.rs"]);
  assert.deepEqual(grant(parseScopes("system/Invoice.rs").scopes, allowed), []);
  assert.deepEqual(grant(parseScopes("system/Patient.s").scopes, parseScopes("system/*.rs").scopes), ["system/Patient.s"]);
  assert.deepEqual(parseScopes("system/Patient.rs  bogus").invalid, ["bogus"]);
});

test("permits and hasScope: only a SMART client's scopes count", () => {
  assert.ok(permits(["system/*.rs"], "Appointment", "r"));
  assert.ok(!permits(["system/Patient.s"], "Patient", "r"));
  const client = { type: "system" as const, name: "smart-client", client: { id: "smc_1", scopes: ["system/Patient.rs"] } };
  assert.ok(hasScope(client, "Patient", "r"));
  assert.ok(!hasScope(client, "Appointment", "r"));
  // Internal jobs and users never pass a scope check: they follow their own rules.
  assert.ok(!hasScope({ type: "system", name: "billing" }, "Patient", "r"));
  assert.ok(!hasScope({ type: "user", userId: "usr_1", role: "admin" }, "Patient", "r"));
});

test("needOf: FHIR interactions to the letter they need; unknown shapes closed", () => {
  assert.deepEqual(needOf("GET", "/Patient/pat-1"), { kind: "resource", type: "Patient", permission: "r" });
  assert.deepEqual(needOf("GET", "/Patient"), { kind: "resource", type: "Patient", permission: "s" });
  assert.deepEqual(needOf("POST", "/Patient/_search"), { kind: "resource", type: "Patient", permission: "s" });
  assert.deepEqual(needOf("POST", "/Appointment"), { kind: "resource", type: "Appointment", permission: "c" });
  assert.deepEqual(needOf("PUT", "/Appointment/apt-1"), { kind: "resource", type: "Appointment", permission: "u" });
  assert.deepEqual(needOf("PATCH", "/Appointment/apt-1"), { kind: "resource", type: "Appointment", permission: "u" });
  assert.deepEqual(needOf("DELETE", "/Appointment/apt-1"), { kind: "resource", type: "Appointment", permission: "d" });
  assert.deepEqual(needOf("GET", "/Patient/pat-1/_history/2"), { kind: "resource", type: "Patient", permission: "r" });
  assert.deepEqual(needOf("GET", "/metadata"), { kind: "public" });
  assert.deepEqual(needOf("GET", "/.well-known/smart-configuration"), { kind: "public" });
  assert.deepEqual(needOf("GET", "/$export"), { kind: "export" });
  assert.deepEqual(needOf("GET", "/Group/grp-1/$export"), { kind: "export" });
  assert.deepEqual(needOf("GET", "/$export-poll-status"), { kind: "export" });
  assert.deepEqual(needOf("GET", "/bulkstatus/bex_1"), { kind: "export" });
  assert.deepEqual(needOf("DELETE", "/bulkstatus/bex_1"), { kind: "export" });
  assert.deepEqual(needOf("GET", "/bulkfiles/bex_1/Patient-1.ndjson"), { kind: "export" });
  assert.deepEqual(needOf("POST", "/Patient/$merge"), { kind: "closed" });
  assert.deepEqual(needOf("POST", "/metadata"), { kind: "closed" });
  assert.deepEqual(needOf("GET", "/Patient/pat-1/Appointment"), { kind: "closed" });
  assert.deepEqual(needOf("GET", "/bulk/job-1"), { kind: "closed" });
});
