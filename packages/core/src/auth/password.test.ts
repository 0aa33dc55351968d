import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "./password";

test("argon2id hash verifies the right password only", async () => {
  const hash = await hashPassword("correct horse battery");
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(hash, "correct horse battery"), true);
  assert.equal(await verifyPassword(hash, "correct horse batterY"), false);
});

test("the same password hashes differently (salted)", async () => {
  assert.notEqual(await hashPassword("same password 1"), await hashPassword("same password 1"));
});

test("a corrupt hash does not throw, it fails", async () => {
  assert.equal(await verifyPassword("not-a-hash", "anything"), false);
});
