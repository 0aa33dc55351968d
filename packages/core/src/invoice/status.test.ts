import { test } from "node:test";
import assert from "node:assert/strict";
import { canBecome, onCancel } from "./status";
import { canonicalJson } from "./idempotency";
import { formatNumber } from "./number";

test("the invoice life cycle: pending → issued → paid, failed is retryable, void and refund_due are final", () => {
  assert.ok(canBecome("pending", "issued"));
  assert.ok(canBecome("issued", "paid"));
  assert.ok(canBecome("failed", "pending"));
  assert.ok(canBecome("paid", "refund_due"));
  assert.ok(!canBecome("paid", "void"), "money taken is refunded, never voided");
  for (const to of ["pending", "issued", "paid", "failed", "void", "refund_due"] as const) {
    assert.ok(!canBecome("void", to));
    assert.ok(!canBecome("refund_due", to));
  }
});

test("cancelling voids what was never paid and marks (partly) paid invoices for refund", () => {
  assert.equal(onCancel("pending", 0), "void");
  assert.equal(onCancel("failed", 0), "void");
  assert.equal(onCancel("issued", 0), "void");
  assert.equal(onCancel("issued", 3000), "refund_due");
  assert.equal(onCancel("paid", 8000), "refund_due");
  assert.equal(onCancel("void", 0), null);
  assert.equal(onCancel("refund_due", 8000), null);
});

test("idempotency compares requests by canonical JSON; numbers are YYYY-NNNNNN", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { e: 1, f: 2 }] }, b: 1 }));
  assert.notEqual(canonicalJson({ method: "cash" }), canonicalJson({ method: "cash", amountCents: 8000 }));
  assert.equal(canonicalJson({ a: undefined, b: 1 }), canonicalJson({ b: 1 }));
  assert.equal(formatNumber(2026, 42), "2026-000042");
});
