import { test } from "node:test";
import assert from "node:assert/strict";
import { PatientFields, PatientPatch, Extensions } from "./schema";
import { nameKey, givenKey, matchesPrefix, normalizeName, splitName } from "./keys";
import { mergePatch, changedFields } from "./merge";

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
  assert.deepEqual(fields(PatientFields.safeParse({ ...base, ssn: "123" })), [""], "unknown top-level fields are rejected (named by issuesFromZod)");
  assert.equal(PatientFields.safeParse({ ...base, ssn: "123" }).error!.issues[0]!.code, "unrecognized_keys");
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
  assert.deepEqual(
    keys.map((k) => k.split("#")[1]),
    ["3", "2", "1"],
  );
});

test("a registration name splits into given and family", () => {
  assert.deepEqual(splitName("Mary Ann Evans"), { given: "Mary Ann", family: "Evans" });
  assert.deepEqual(splitName("Cher"), { given: "Cher", family: "Cher" });
});

test("extension limits sit exactly at 20 keys and 4 KB", () => {
  // 20 keys × ~195 chars ≈ 4 KB: just under passes, one byte more fails.
  const make = (len: number) => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${String(i).padStart(2, "0")}`, "x".repeat(len)]));
  const size = (m: unknown) => Buffer.byteLength(JSON.stringify(m));
  let len = 1;
  while (size(make(len + 1)) <= 4096) len++;
  assert.ok(Extensions.safeParse(make(len)).success);
  const over = { ...make(len), k19: "x".repeat(len + 200) };
  assert.ok(size(over) > 4096);
  assert.equal(Extensions.safeParse(over).success, false);
  assert.equal(Extensions.safeParse({ ["a".repeat(40)]: 1 }).success, true, "40-char key");
  assert.equal(Extensions.safeParse({ ["a".repeat(41)]: 1 }).success, false, "41-char key");
  assert.equal(Extensions.safeParse({ a_b: "é".repeat(500) }).success, true, "500 characters, not bytes");
  assert.equal(Extensions.safeParse({ n: Number.POSITIVE_INFINITY }).success, false);
});

test("given-name keys and prefix matching", () => {
  assert.equal(givenKey({ given: "Zoë", family: "Brontë" }, "pat_1"), "zoe bronte#pat_1");
  assert.equal(normalizeName("O#Brien"), "obrien", "# is reserved as the id separator");
  const name = { given: "Ana Maria", family: "da Silva" };
  for (const q of ["da", "da silva a", "ana", "ana maria da", "ANA"]) assert.ok(matchesPrefix(name, "pat_1", normalizeName(q)), q);
  for (const q of ["silva", "maria", "ana silva"]) assert.ok(!matchesPrefix(name, "pat_1", normalizeName(q)), q);
});

test("merge patch: objects merge, null removes, arrays and scalars replace", () => {
  const before = { name: { given: "A", family: "B" }, contact: { email: "a@b.c", phone: "+1555000000" }, allergies: ["x", "y"], extensions: { a: 1, b: "two" } };
  const after = mergePatch(before, { contact: { phone: null }, allergies: ["z"], extensions: { b: null, c: true }, sex: "other" });
  assert.deepEqual(after, { name: { given: "A", family: "B" }, contact: { email: "a@b.c" }, allergies: ["z"], extensions: { a: 1, c: true }, sex: "other" });
  assert.deepEqual(before.contact, { email: "a@b.c", phone: "+1555000000" }, "the input is not mutated");
  assert.deepEqual(mergePatch(before, { contact: null }).contact, undefined);
  assert.deepEqual(mergePatch({}, { address: { city: "Porto" } }), { address: { city: "Porto" } });
  const keys = ["name", "sex", "contact", "allergies", "extensions"];
  assert.deepEqual(changedFields(before, after, keys), ["sex", "contact.phone", "allergies", "extensions"]);
  assert.deepEqual(changedFields(before, before, keys), []);
});

test("a patch may null optional fields but not the name; unknown keys anywhere are refused", () => {
  assert.ok(PatientPatch.safeParse({ contact: null, birthDate: null, extensions: { a: null } }).success);
  assert.equal(PatientPatch.safeParse({ name: null }).success, false);
  assert.equal(PatientPatch.safeParse({ contact: { fax: "1" } }).success, false);
  assert.equal(PatientPatch.safeParse({ id: "pat_x" }).success, false, "server fields are not patchable");
  assert.equal(PatientPatch.safeParse({ version: 3 }).success, false);
});
