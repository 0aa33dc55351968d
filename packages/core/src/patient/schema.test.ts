import { test } from "node:test";
import assert from "node:assert/strict";
import { PatientFields, Extensions } from "./schema";
import { nameKey, normalizeName, splitName } from "./keys";

const base = { name: { given: "Ada", family: "Lovelace" } };
const fields = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join(".")) ?? [];

test("a minimal and a full record validate", () => {
  assert.ok(PatientFields.safeParse(base).success);
  const full = PatientFields.safeParse({
    ...base,
    birthDate: "1815-12-10".replace("1815", "1990"),
    sex: "female",
    contact: { email: "ADA@Example.com", phone: "+44 20 7946 0958" },
    address: { line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" },
    conditions: ["asthma"],
    allergies: ["penicillin"],
    insurance: { provider: "NHS", memberId: "943 476 5919" },
    extensions: { preferredLanguage: "en", smoker: false, heightCm: 168, notes: null },
  });
  assert.ok(full.success, JSON.stringify(full.error?.issues));
  assert.equal(full.data!.contact!.email, "ada@example.com");
});

test("bad values are rejected with the field's path", () => {
  assert.deepEqual(fields(PatientFields.safeParse({ name: { given: "A" } })), ["name.family"]);
  assert.deepEqual(fields(PatientFields.safeParse({ ...base, birthDate: "2999-01-01" })), ["birthDate"]);
  assert.deepEqual(fields(PatientFields.safeParse({ ...base, birthDate: "1899-12-31" })), ["birthDate"]);
  assert.deepEqual(fields(PatientFields.safeParse({ ...base, birthDate: "2020-02-30" })), ["birthDate"]);
  assert.deepEqual(fields(PatientFields.safeParse({ ...base, address: { country: "gbr" } })), ["address.country"]);
  assert.deepEqual(fields(PatientFields.safeParse({ ...base, contact: { phone: "call me" } })), ["contact.phone"]);
  assert.ok(fields(PatientFields.safeParse({ ...base, ssn: "123" })).length === 1, "unknown top-level fields are rejected");
});

test("extensions are bounded: key shape, key count, value size, total size", () => {
  assert.ok(Extensions.safeParse({ a: 1 }).success);
  assert.equal(Extensions.safeParse({ "1bad": 1 }).success, false);
  assert.equal(Extensions.safeParse({ nested: { x: 1 } }).success, false);
  assert.equal(Extensions.safeParse(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i]))).success, false);
  assert.ok(Extensions.safeParse(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]))).success);
  assert.equal(Extensions.safeParse({ long: "x".repeat(501) }).success, false);
  assert.equal(Extensions.safeParse(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "x".repeat(450)]))).success, false, "over 4 KB in all");
});

test("name keys sort by family then given name, ignoring case and accents", () => {
  assert.equal(normalizeName("  Ñúñez  GARCÍA "), "nunez garcia");
  assert.equal(nameKey({ given: "Zoë", family: "Brontë" }, "pat_1"), "bronte zoe#pat_1");
  const keys = [nameKey({ given: "B", family: "Smith" }, "1"), nameKey({ given: "A", family: "Smith" }, "2"), nameKey({ given: "Z", family: "Adams" }, "3")].sort();
  assert.deepEqual(keys.map((k) => k.split("#")[1]), ["3", "2", "1"]);
});

test("a registration name splits into given and family", () => {
  assert.deepEqual(splitName("Mary Ann Evans"), { given: "Mary Ann", family: "Evans" });
  assert.deepEqual(splitName("Cher"), { given: "Cher", family: "Cher" });
});
