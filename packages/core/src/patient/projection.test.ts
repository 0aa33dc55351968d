import { test } from "node:test";
import assert from "node:assert/strict";
import { transient } from "./projection";

test("only connection-class failures are retried at once; a refused statement is left to the repair paths", () => {
  for (const code of ["08006", "08001", "57P01", "40001", "40P01", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECT_TIMEOUT", "ECONNRESET", "ECONNREFUSED"])
    assert.equal(transient({ code }), true, code);
  // Wrapped the way drizzle wraps a postgres.js error.
  assert.equal(transient({ message: "Failed query", cause: { code: "08006" } }), true);
  assert.equal(transient({ message: "Failed query", cause: { code: "CONNECTION_CLOSED" } }), true);
  assert.equal(transient({ message: "Failed query", cause: { code: "23514" } }), false);
  for (const code of ["23514", "23505", "42501", "42P01", "22P02"]) assert.equal(transient({ code }), false, code);
  assert.equal(transient(new Error("boom")), false);
});
